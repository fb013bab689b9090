package org.elasticsearch.node;

import java.util.Collection;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.KmsClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsService;

/**
 * A plain production {@link Node} whose plugins are classes already on the classpath instead of
 * bundles under $ES_HOME/modules and $ES_HOME/plugins.
 *
 * It lives in {@code org.elasticsearch.node} only because {@link NodeServiceProvider} and
 * {@link NodeConstruction#prepareConstruction} are package-private (the test framework's MockNode does the same).
 */
public class KmsNode extends Node {

    public KmsNode(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        super(NodeConstruction.prepareConstruction(environment, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, Settings settings) {
                return new KmsClasspathPluginsService(settings, env, classpathPlugins);
            }
        }, true));
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // That listener sets a JVM-wide SetOnce (node id for logging); with several nodes in one JVM it would throw.
    }
}
