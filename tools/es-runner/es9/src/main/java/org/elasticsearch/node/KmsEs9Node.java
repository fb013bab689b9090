package org.elasticsearch.node;

import java.util.Collection;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.KmsEs9PluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

/** {@link KmsNode} as Elasticsearch 9.x constructs it. */
public class KmsEs9Node extends KmsNode {

    public KmsEs9Node(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        // 9.x: the PluginsLoader argument is only handed to newPluginService, which ignores it here.
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader pluginsLoader) {
                return new KmsEs9PluginsService(env.settings(), env, classpathPlugins);
            }
        }, true));
    }
}
