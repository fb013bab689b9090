package org.kms.esrunner.es9;

import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.rest.RestHandler;
import org.kms.esrunner.KmsRootRestPlugin;

/** Registers {@link KmsRootRestPlugin}'s handler through Elasticsearch 9.x's {@code getRestHandlers} (a services record). */
public class Es9RootRestPlugin extends KmsRootRestPlugin {

    @Override
    public Collection<RestHandler> getRestHandlers(
        RestHandlersServices services,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return rootHandlers();
    }
}
