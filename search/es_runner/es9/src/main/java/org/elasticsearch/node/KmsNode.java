package org.elasticsearch.node;

import java.util.Collection;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.KmsClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
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
        // 9.x: the PluginsLoader argument is only handed to newPluginService, which ignores it here.
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader pluginsLoader) {
                return new KmsClasspathPluginsService(env.settings(), env, classpathPlugins);
            }
        }, true));
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // That listener sets a JVM-wide SetOnce (node id for logging); with several nodes in one JVM it would throw.
    }
}
