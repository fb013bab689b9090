package org.kms.esrunner.es8;

import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.node.KmsEs8Node;
import org.kms.esrunner.EsAdapter;

/** Elasticsearch 8.14 (Lucene 9.10): registered in META-INF/services/org.kms.esrunner.EsAdapter. */
public final class Es8Adapter extends EsAdapter {

    public Es8Adapter() {
        super(
            KmsEs8Node::new,
            Es8RootRestPlugin.class,
            LogConfigurator::loadLog4jPlugins,
            ts -> new SnowballFilter(ts, "Kp"), // Lucene 9 still has both
            ts -> new SnowballFilter(ts, "Lovins")
        );
    }
}
