package org.elasticsearch.node;

import java.util.Collection;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.KmsEs8PluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsService;

/** {@link KmsNode} as Elasticsearch 8.14 constructs it. */
public class KmsEs8Node extends KmsNode {

    public KmsEs8Node(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(NodeConstruction.prepareConstruction(environment, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, Settings settings) {
                return new KmsEs8PluginsService(settings, env, classpathPlugins);
            }
        }, true));
    }
}
