package org.kms.esrunner;

import java.util.function.Function;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

/**
 * What differs between the Elasticsearch 8 and 9 builds of the shared analysis plugin:
 * the analysis base-class constructors, and the Kp and Lovins stemmers Lucene 9 still has.
 */
final class VersionSpecific {
    private VersionSpecific() {}

    static final String KP_SNOWBALL = "Kp";

    static Function<TokenStream, TokenStream> lovins() {
        return ts -> new SnowballFilter(ts, "Lovins");
    }

    abstract static class BaseFilter extends AbstractTokenFilterFactory {
        BaseFilter(String name, Settings settings) {
            super(name, settings);
        }
    }

    abstract static class BaseTokenizer extends AbstractTokenizerFactory {
        BaseTokenizer(IndexSettings indexSettings, Settings settings, String name) {
            super(indexSettings, settings, name);
        }
    }

    abstract static class BaseAnalyzerProvider<T extends Analyzer> extends AbstractIndexAnalyzerProvider<T> {
        BaseAnalyzerProvider(String name, Settings settings) {
            super(name, settings);
        }
    }
}
