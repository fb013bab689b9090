package org.elasticsearch.node;

import org.elasticsearch.cluster.service.ClusterService;

/**
 * A plain production {@link Node} whose plugins are classes already on the classpath instead of
 * bundles under $ES_HOME/modules and $ES_HOME/plugins. Each adapter (es8, es9) subclasses it with the
 * {@link NodeConstruction#prepareConstruction} call of its Elasticsearch version.
 *
 * It lives in {@code org.elasticsearch.node} only because {@code NodeServiceProvider} and
 * {@link NodeConstruction#prepareConstruction} are package-private (the test framework's MockNode does the same).
 */
public abstract class KmsNode extends Node {

    protected KmsNode(NodeConstruction construction) {
        super(construction);
    }

    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
        // That listener sets a JVM-wide SetOnce (node id for logging); with several nodes in one JVM it would throw.
    }
}
