package org.kms.esrunner;

import java.util.function.Function;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

/**
 * What differs between the Elasticsearch 9 and 8 builds of the shared analysis plugin:
 * the analysis base-class constructors, and the fallbacks for the Kp and Lovins stemmers Lucene 10 removed (as stock 9.x does).
 */
final class VersionSpecific {
    private VersionSpecific() {}

    static final String KP_SNOWBALL = "Dutch";

    static Function<TokenStream, TokenStream> lovins() {
        return PorterStemFilter::new;
    }

    abstract static class BaseFilter extends AbstractTokenFilterFactory {
        BaseFilter(String name, Settings settings) {
            super(name);
        }
    }

    abstract static class BaseTokenizer extends AbstractTokenizerFactory {
        BaseTokenizer(IndexSettings indexSettings, Settings settings, String name) {
            super(name);
        }
    }

    abstract static class BaseAnalyzerProvider<T extends Analyzer> extends AbstractIndexAnalyzerProvider<T> {
        BaseAnalyzerProvider(String name, Settings settings) {
            super(name);
        }
    }
}
