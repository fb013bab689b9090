package org.kms.esrunner.es9;

import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.node.KmsEs9Node;
import org.kms.esrunner.EsAdapter;

/**
 * Elasticsearch 9.x (Lucene 10, Java 21+): registered in META-INF/services/org.kms.esrunner.EsAdapter.
 * Lucene 10 has no Kp or Lovins stemmer; like stock 9.x, {@code dutch_kp} is Dutch and {@code lovins} is Porter.
 */
public final class Es9Adapter extends EsAdapter {

    public Es9Adapter() {
        super(
            KmsEs9Node::new,
            Es9RootRestPlugin.class,
            () -> {}, // 9.x loads its log4j plugins itself
            ts -> new SnowballFilter(ts, "Dutch"),
            PorterStemFilter::new
        );
    }
}
