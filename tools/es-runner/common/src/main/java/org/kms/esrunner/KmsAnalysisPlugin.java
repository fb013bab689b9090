package org.kms.esrunner;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

import java.io.Reader;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.bg.BulgarianStemFilter;
import org.apache.lucene.analysis.bn.BengaliNormalizationFilter;
import org.apache.lucene.analysis.bn.BengaliStemFilter;
import org.apache.lucene.analysis.br.BrazilianStemFilter;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.ckb.SoraniNormalizationFilter;
import org.apache.lucene.analysis.ckb.SoraniStemFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.SimpleAnalyzer;
import org.apache.lucene.analysis.core.StopAnalyzer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.cz.CzechStemFilter;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.el.GreekStemFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.fa.PersianNormalizationFilter;
import org.apache.lucene.analysis.fi.FinnishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.gl.GalicianMinimalStemFilter;
import org.apache.lucene.analysis.gl.GalicianStemFilter;
import org.apache.lucene.analysis.hi.HindiNormalizationFilter;
import org.apache.lucene.analysis.hi.HindiStemFilter;
import org.apache.lucene.analysis.hu.HungarianLightStemFilter;
import org.apache.lucene.analysis.id.IndonesianStemFilter;
import org.apache.lucene.analysis.in.IndicNormalizationFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.lv.LatvianStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.LimitTokenCountFilter;
import org.apache.lucene.analysis.miscellaneous.PatternKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.ScandinavianFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.ScandinavianNormalizationFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianLightStemFilter;
import org.apache.lucene.analysis.no.NorwegianMinimalStemFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.path.PathHierarchyTokenizer;
import org.apache.lucene.analysis.path.ReversePathHierarchyTokenizer;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.pt.PortugueseMinimalStemFilter;
import org.apache.lucene.analysis.pt.PortugueseStemFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.ru.RussianLightStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.sr.SerbianNormalizationFilter;
import org.apache.lucene.analysis.classic.ClassicFilter;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.sv.SwedishLightStemFilter;
import org.apache.lucene.analysis.tr.ApostropheFilter;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.AnalyzerScope;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The subset of Elasticsearch's {@code analysis-common} module that kms uses, rebuilt on Lucene classes,
 * because that module is not published to Maven Central.
 *
 * Names and parameter names follow the Elasticsearch reference so that index settings written for a stock
 * Elasticsearch 8/9 cluster work unchanged here. Names the server core already registers are NOT
 * registered again: token filters {@code stop}, {@code shingle}, {@code hunspell}; pre-configured
 * {@code lowercase}; tokenizer {@code standard}; analyzers {@code standard}/{@code default}/{@code keyword};
 * normalizer {@code lowercase}.
 */
public class KmsAnalysisPlugin extends Plugin implements AnalysisPlugin {

    // ------------------------------------------------------------------ token filters

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("lowercase", (is, env, name, s) -> lowercase(name, s));
        m.put("uppercase", simple(true, UpperCaseFilter::new));
        m.put("asciifolding", (is, env, name, s) -> {
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return new NormalizingFilter(name, s, ts -> new ASCIIFoldingFilter(ts, preserve), ts -> new ASCIIFoldingFilter(ts, false));
        });
        m.put("elision", requiresAnalysisSettings((is, env, name, s) -> {
            CharArraySet articles = Analysis.parseArticles(env, s);
            if (articles == null) {
                throw new IllegalArgumentException("elision filter requires [articles] or [articles_path] setting");
            }
            return new NormalizingFilter(name, s, ts -> new ElisionFilter(ts, articles), null);
        }));
        m.put("stemmer", (is, env, name, s) -> {
            String language = s.get("language", s.get("name", "porter"));
            return new Filter(name, s, stemmer(language));
        });
        m.put("snowball", (is, env, name, s) -> {
            String language = capitalize(s.get("language", s.get("name", "English")));
            Function<TokenStream, TokenStream> f = ts -> new SnowballFilter(ts, language);
            return new Filter(name, s, validate(f, "snowball language [" + language + "]"));
        });
        m.put("porter_stem", simple(false, PorterStemFilter::new));
        m.put("kstem", simple(false, KStemFilter::new));
        m.put("arabic_normalization", simple(true, ArabicNormalizationFilter::new));
        m.put("arabic_stem", simple(false, ArabicStemFilter::new));
        m.put("persian_normalization", simple(true, PersianNormalizationFilter::new));
        m.put("german_normalization", simple(true, GermanNormalizationFilter::new));
        m.put("hindi_normalization", simple(true, HindiNormalizationFilter::new));
        m.put("indic_normalization", simple(true, IndicNormalizationFilter::new));
        m.put("bengali_normalization", simple(true, BengaliNormalizationFilter::new));
        m.put("sorani_normalization", simple(true, SoraniNormalizationFilter::new));
        m.put("serbian_normalization", simple(true, SerbianNormalizationFilter::new));
        m.put("scandinavian_normalization", simple(true, ScandinavianNormalizationFilter::new));
        m.put("scandinavian_folding", simple(true, ScandinavianFoldingFilter::new));
        m.put("cjk_width", simple(true, CJKWidthFilter::new));
        m.put("decimal_digit", simple(true, DecimalDigitFilter::new));
        m.put("apostrophe", simple(false, ApostropheFilter::new));
        m.put("classic", simple(false, ClassicFilter::new));
        m.put("reverse", simple(false, ReverseStringFilter::new));
        m.put("trim", simple(true, TrimFilter::new));
        m.put("keyword_repeat", simple(false, KeywordRepeatFilter::new));
        m.put("remove_duplicates", simple(false, RemoveDuplicatesTokenFilter::new));
        m.put("flatten_graph", simple(false, FlattenGraphFilter::new));
        m.put("truncate", (is, env, name, s) -> {
            int length = s.getAsInt("length", 10);
            if (length <= 0) {
                throw new IllegalArgumentException("length parameter must be provided");
            }
            return new NormalizingFilter(name, s, ts -> new TruncateTokenFilter(ts, length), null);
        });
        m.put("length", (is, env, name, s) -> {
            int min = s.getAsInt("min", 0);
            int max = s.getAsInt("max", Integer.MAX_VALUE);
            return new Filter(name, s, ts -> new LengthFilter(ts, min, max));
        });
        m.put("limit", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_count", 1);
            boolean all = s.getAsBoolean("consume_all_tokens", false);
            return new Filter(name, s, ts -> new LimitTokenCountFilter(ts, max, all));
        });
        m.put("unique", (is, env, name, s) -> {
            boolean samePos = s.getAsBoolean("only_on_same_position", false);
            return new Filter(name, s, ts -> samePos ? new RemoveDuplicatesTokenFilter(ts) : new UniqueFilter(ts));
        });
        m.put("keyword_marker", requiresAnalysisSettings((is, env, name, s) -> keywordMarker(env, name, s)));
        m.put("word_delimiter_graph", (is, env, name, s) -> wordDelimiter(env, name, s, true));
        m.put("word_delimiter", (is, env, name, s) -> wordDelimiter(env, name, s, false));
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            String side = s.get("side", "front");
            if ("back".equalsIgnoreCase(side)) {
                return new Filter(name, s, ts -> new ReverseStringFilter(new EdgeNGramTokenFilter(new ReverseStringFilter(ts), min, max, preserve)));
            } else if ("front".equalsIgnoreCase(side) == false) {
                throw new IllegalArgumentException("invalid side [" + side + "], expected front or back");
            }
            return new Filter(name, s, ts -> new EdgeNGramTokenFilter(ts, min, max, preserve));
        });
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            checkNgramDiff(is, min, max, "NGram");
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return new Filter(name, s, ts -> new NGramTokenFilter(ts, min, max, preserve));
        });
        m.put("pattern_replace", requiresAnalysisSettings((is, env, name, s) -> {
            String p = s.get("pattern");
            if (p == null) {
                throw new IllegalArgumentException("pattern is missing for [" + name + "] token filter of type 'pattern_replace'");
            }
            Pattern pattern = Regex.compile(p, s.get("flags"));
            String replacement = s.get("replacement", "");
            boolean all = s.getAsBoolean("all", true);
            return new NormalizingFilter(name, s, ts -> new PatternReplaceFilter(ts, pattern, replacement, all), null);
        }));
        return m;
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        // Only where the configurable factory cannot be built without settings but ES still accepts the bare name.
        return List.of(PreConfiguredTokenFilter.singleton("elision", true, ts -> new ElisionFilter(ts, FrenchAnalyzer.DEFAULT_ARTICLES)));
    }

    // ------------------------------------------------------------------ tokenizers

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("whitespace", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return tokenizer(is, s, name, () -> new WhitespaceTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, max));
        });
        m.put("keyword", (is, env, name, s) -> {
            int buf = s.getAsInt("buffer_size", 256);
            return tokenizer(is, s, name, () -> new KeywordTokenizer(buf));
        });
        m.put("letter", (is, env, name, s) -> tokenizer(is, s, name, LetterTokenizer::new));
        m.put("classic", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return tokenizer(is, s, name, () -> {
                ClassicTokenizer t = new ClassicTokenizer();
                t.setMaxTokenLength(max);
                return t;
            });
        });
        m.put("uax_url_email", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return tokenizer(is, s, name, () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(max);
                return t;
            });
        });
        m.put("pattern", (is, env, name, s) -> {
            Pattern pattern = Regex.compile(s.get("pattern", "\\W+"), s.get("flags"));
            int group = s.getAsInt("group", -1);
            return tokenizer(is, s, name, () -> new PatternTokenizer(pattern, group));
        });
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            IntPredicate chars = tokenChars(s);
            return tokenizer(is, s, name, () -> chars == null ? new EdgeNGramTokenizer(min, max) : new EdgeNGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            });
        });
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            checkNgramDiff(is, min, max, "NGram Tokenizer");
            IntPredicate chars = tokenChars(s);
            return tokenizer(is, s, name, () -> chars == null ? new NGramTokenizer(min, max) : new NGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.test(chr);
                }
            });
        });
        m.put("path_hierarchy", (is, env, name, s) -> {
            char delimiter = singleChar(s, "delimiter", PathHierarchyTokenizer.DEFAULT_DELIMITER);
            char replacement = singleChar(s, "replacement", delimiter);
            int buf = s.getAsInt("buffer_size", 1024);
            int skip = s.getAsInt("skip", 0);
            boolean reverse = s.getAsBoolean("reverse", false);
            return tokenizer(is, s, name, () -> reverse
                ? new ReversePathHierarchyTokenizer(buf, delimiter, replacement, skip)
                : new PathHierarchyTokenizer(buf, delimiter, replacement, skip));
        });
        return m;
    }

    // ------------------------------------------------------------------ char filters

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("html_strip", (is, env, name, s) -> {
            List<String> escaped = s.getAsList("escaped_tags");
            java.util.Set<String> tags = escaped.isEmpty() ? null : new HashSet<>(escaped);
            return new CharFilter(name, r -> tags == null ? new HTMLStripCharFilter(r) : new HTMLStripCharFilter(r, tags));
        });
        m.put("mapping", requiresAnalysisSettings((is, env, name, s) -> {
            List<String> rules = Analysis.getWordList(env, s, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            }
            NormalizeCharMap.Builder b = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                Matcher mm = MAPPING_RULE.matcher(rule);
                if (mm.find() == false) {
                    throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
                }
                String lhs = unescape(mm.group(1).trim());
                String rhs = unescape(mm.group(2).trim());
                if (lhs.isEmpty()) {
                    throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]. Illegal mapping.");
                }
                b.add(lhs, rhs);
            }
            NormalizeCharMap map = b.build();
            return new NormalizingCharFilter(name, r -> new MappingCharFilter(map, r));
        }));
        m.put("pattern_replace", requiresAnalysisSettings((is, env, name, s) -> {
            String p = s.get("pattern");
            if (p == null) {
                throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
            }
            Pattern pattern = Regex.compile(p, s.get("flags"));
            String replacement = s.get("replacement", "");
            return new NormalizingCharFilter(name, r -> new PatternReplaceCharFilter(pattern, replacement, r));
        }));
        return m;
    }

    // ------------------------------------------------------------------ analyzers

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new TreeMap<>();
        m.put("english", (is, env, name, s) -> analyzer(name, s, () -> new EnglishAnalyzer(
            Analysis.parseStopWords(env, s, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET))));
        m.put("french", (is, env, name, s) -> analyzer(name, s, () -> new FrenchAnalyzer(
            Analysis.parseStopWords(env, s, FrenchAnalyzer.getDefaultStopSet()), Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET))));
        m.put("arabic", (is, env, name, s) -> analyzer(name, s, () -> new ArabicAnalyzer(
            Analysis.parseStopWords(env, s, ArabicAnalyzer.getDefaultStopSet()), Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET))));
        m.put("dutch", (is, env, name, s) -> analyzer(name, s, () -> new DutchAnalyzer(
            Analysis.parseStopWords(env, s, DutchAnalyzer.getDefaultStopSet()), Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET))));
        m.put("simple", (is, env, name, s) -> analyzer(name, s, SimpleAnalyzer::new));
        m.put("whitespace", (is, env, name, s) -> analyzer(name, s, WhitespaceAnalyzer::new));
        m.put("stop", (is, env, name, s) -> analyzer(name, s, () -> new StopAnalyzer(
            Analysis.parseStopWords(env, s, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET))));
        return m;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The factories implement Elasticsearch's interfaces rather than extending its Abstract*Factory classes,
     * whose constructors differ between 8.x and 9.x; the interfaces are the same in both.
     */
    static class Filter implements TokenFilterFactory {
        final String name;
        final Function<TokenStream, TokenStream> create;

        Filter(String name, Settings settings, Function<TokenStream, TokenStream> create) {
            this.name = name;
            this.create = create;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TokenStream create(TokenStream ts) {
            return create.apply(ts);
        }
    }

    /** A filter that is also allowed in normalizers and for multi-term queries (as in analysis-common). */
    static class NormalizingFilter extends Filter implements NormalizingTokenFilterFactory {
        final Function<TokenStream, TokenStream> normalize;

        NormalizingFilter(String name, Settings settings, Function<TokenStream, TokenStream> create, Function<TokenStream, TokenStream> normalize) {
            super(name, settings, create);
            this.normalize = normalize == null ? create : normalize;
        }

        @Override
        public TokenStream normalize(TokenStream ts) {
            return normalize.apply(ts);
        }
    }

    static class CharFilter extends AbstractCharFilterFactory {
        final Function<Reader, Reader> create;

        CharFilter(String name, Function<Reader, Reader> create) {
            super(name);
            this.create = create;
        }

        @Override
        public Reader create(Reader reader) {
            return create.apply(reader);
        }
    }

    static class NormalizingCharFilter extends CharFilter implements NormalizingCharFilterFactory {
        NormalizingCharFilter(String name, Function<Reader, Reader> create) {
            super(name, create);
        }
    }

    private static AnalysisProvider<TokenFilterFactory> simple(boolean normalizing, Function<TokenStream, TokenStream> f) {
        return (is, env, name, s) -> normalizing ? new NormalizingFilter(name, s, f, null) : new Filter(name, s, f);
    }

    private static TokenizerFactory tokenizer(IndexSettings is, Settings s, String name, Supplier<Tokenizer> supplier) {
        return TokenizerFactory.newFactory(name, supplier);
    }

    private static AnalyzerProvider<? extends Analyzer> analyzer(String name, Settings s, Supplier<Analyzer> supplier) {
        Analyzer a = supplier.get();
        return new AnalyzerProvider<Analyzer>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AnalyzerScope scope() {
                return AnalyzerScope.INDEX;
            }

            @Override
            public Analyzer get() {
                return a;
            }
        };
    }

    private static TokenFilterFactory lowercase(String name, Settings s) {
        String lang = s.get("language");
        Function<TokenStream, TokenStream> f;
        if (lang == null) {
            f = LowerCaseFilter::new;
        } else if (lang.equalsIgnoreCase("greek")) {
            f = GreekLowerCaseFilter::new;
        } else if (lang.equalsIgnoreCase("irish")) {
            f = IrishLowerCaseFilter::new;
        } else if (lang.equalsIgnoreCase("turkish")) {
            f = TurkishLowerCaseFilter::new;
        } else {
            throw new IllegalArgumentException("language [" + lang + "] not support for lower case");
        }
        return new NormalizingFilter(name, s, f, null);
    }

    /** NorwegianLightStemmer.NYNORSK; the stemmer class is package-private in Lucene 10. */
    private static final int NYNORSK = 2;

    static Function<TokenStream, TokenStream> snowball(String cls) {
        return ts -> new SnowballFilter(ts, cls);
    }

    /** Same language names as Elasticsearch's {@code stemmer} token filter. */
    static Function<TokenStream, TokenStream> stemmer(String language) {
        String l = language.toLowerCase(Locale.ROOT);
        Function<TokenStream, TokenStream> f = switch (l) {
            case "arabic" -> ArabicStemFilter::new;
            case "armenian" -> snowball("Armenian");
            case "basque" -> snowball("Basque");
            case "bengali" -> BengaliStemFilter::new;
            case "brazilian" -> BrazilianStemFilter::new;
            case "bulgarian" -> BulgarianStemFilter::new;
            case "catalan" -> snowball("Catalan");
            case "czech" -> CzechStemFilter::new;
            case "danish" -> snowball("Danish");
            case "dutch" -> snowball("Dutch");
            case "dutch_kp", "kp" -> EsAdapter.get().kpStemmer();
            case "english", "porter" -> PorterStemFilter::new;
            case "light_english", "kstem" -> KStemFilter::new;
            case "lovins" -> EsAdapter.get().lovinsStemmer();
            case "minimal_english" -> EnglishMinimalStemFilter::new;
            case "possessive_english" -> EnglishPossessiveFilter::new;
            case "porter2" -> snowball("English");
            case "estonian" -> snowball("Estonian");
            case "finnish" -> snowball("Finnish");
            case "light_finish", "light_finnish" -> FinnishLightStemFilter::new;
            case "french" -> snowball("French");
            case "light_french" -> FrenchLightStemFilter::new;
            case "minimal_french" -> FrenchMinimalStemFilter::new;
            case "galician" -> GalicianStemFilter::new;
            case "minimal_galician" -> GalicianMinimalStemFilter::new;
            case "german" -> snowball("German");
            case "german2" -> snowball("German2");
            case "light_german" -> GermanLightStemFilter::new;
            case "minimal_german" -> GermanMinimalStemFilter::new;
            case "greek" -> GreekStemFilter::new;
            case "hindi" -> HindiStemFilter::new;
            case "hungarian" -> snowball("Hungarian");
            case "light_hungarian" -> HungarianLightStemFilter::new;
            case "indonesian" -> IndonesianStemFilter::new;
            case "irish" -> snowball("Irish");
            case "italian" -> snowball("Italian");
            case "light_italian" -> ItalianLightStemFilter::new;
            case "sorani" -> SoraniStemFilter::new;
            case "latvian" -> LatvianStemFilter::new;
            case "lithuanian" -> snowball("Lithuanian");
            case "norwegian" -> snowball("Norwegian");
            case "light_norwegian" -> NorwegianLightStemFilter::new;
            case "minimal_norwegian" -> NorwegianMinimalStemFilter::new;
            case "light_nynorsk" -> ts -> new NorwegianLightStemFilter(ts, NYNORSK);
            case "minimal_nynorsk" -> ts -> new NorwegianMinimalStemFilter(ts, NYNORSK);
            case "portuguese" -> snowball("Portuguese");
            case "light_portuguese" -> PortugueseLightStemFilter::new;
            case "minimal_portuguese" -> PortugueseMinimalStemFilter::new;
            case "portuguese_rslp" -> PortugueseStemFilter::new;
            case "romanian" -> snowball("Romanian");
            case "russian" -> snowball("Russian");
            case "light_russian" -> RussianLightStemFilter::new;
            case "serbian" -> snowball("Serbian");
            case "spanish" -> snowball("Spanish");
            case "light_spanish" -> SpanishLightStemFilter::new;
            case "swedish" -> snowball("Swedish");
            case "light_swedish" -> SwedishLightStemFilter::new;
            case "turkish" -> snowball("Turkish");
            default -> throw new IllegalArgumentException("Invalid stemmer class specified: [" + language + "]");
        };
        return validate(f, "stemmer language [" + language + "]");
    }

    /** Fail at index creation (as Elasticsearch does), not at first use. */
    private static Function<TokenStream, TokenStream> validate(Function<TokenStream, TokenStream> f, String what) {
        try {
            Tokenizer t = new WhitespaceTokenizer();
            f.apply(t).close();
        } catch (RuntimeException | java.io.IOException e) {
            throw new IllegalArgumentException("invalid " + what + ": " + e.getMessage(), e);
        }
        return f;
    }

    private static TokenFilterFactory keywordMarker(Environment env, String name, Settings s) {
        boolean ignoreCase = s.getAsBoolean("ignore_case", false);
        String patternString = s.get("keywords_pattern");
        if (patternString != null) {
            if (s.get("keywords") != null || s.get("keywords_path") != null) {
                throw new IllegalArgumentException("cannot specify both `keywords_pattern` and `keywords` or `keywords_path`");
            }
            Pattern p = Pattern.compile(patternString);
            return new Filter(name, s, ts -> new PatternKeywordMarkerFilter(ts, p));
        }
        java.util.Set<?> rules = Analysis.getWordSet(env, s, "keywords");
        if (rules == null) {
            throw new IllegalArgumentException("keyword filter requires either `keywords`, `keywords_path`, or `keywords_pattern` to be configured");
        }
        CharArraySet set = new CharArraySet(rules, ignoreCase);
        return new Filter(name, s, ts -> new SetKeywordMarkerFilter(ts, set));
    }

    private static TokenFilterFactory wordDelimiter(Environment env, String name, Settings s, boolean graph) {
        int flags = 0;
        flags |= flag(s, "generate_word_parts", true, WordDelimiterGraphFilter.GENERATE_WORD_PARTS);
        flags |= flag(s, "generate_number_parts", true, WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS);
        flags |= flag(s, "catenate_words", false, WordDelimiterGraphFilter.CATENATE_WORDS);
        flags |= flag(s, "catenate_numbers", false, WordDelimiterGraphFilter.CATENATE_NUMBERS);
        flags |= flag(s, "catenate_all", false, WordDelimiterGraphFilter.CATENATE_ALL);
        flags |= flag(s, "split_on_case_change", true, WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE);
        flags |= flag(s, "preserve_original", false, WordDelimiterGraphFilter.PRESERVE_ORIGINAL);
        flags |= flag(s, "split_on_numerics", true, WordDelimiterGraphFilter.SPLIT_ON_NUMERICS);
        flags |= flag(s, "stem_english_possessive", true, WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE);
        flags |= flag(s, "ignore_keywords", false, WordDelimiterGraphFilter.IGNORE_KEYWORDS);
        java.util.Set<?> prot = Analysis.getWordSet(env, s, "protected_words");
        CharArraySet protWords = prot == null ? null : CharArraySet.copy(prot);
        byte[] table = typeTable(Analysis.getWordList(env, s, "type_table"));
        boolean adjustOffsets = s.getAsBoolean("adjust_offsets", true);
        int f = flags;
        if (graph) {
            return new Filter(name, s, ts -> new WordDelimiterGraphFilter(ts, adjustOffsets, table, f, protWords));
        }
        @SuppressWarnings("deprecation")
        Function<TokenStream, TokenStream> wd = ts -> new WordDelimiterFilter(ts, table, f, protWords);
        return new Filter(name, s, wd);
    }

    private static int flag(Settings s, String key, boolean def, int bit) {
        return s.getAsBoolean(key, def) ? bit : 0;
    }

    private static final Pattern TYPE_RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");

    /** Parses ES {@code type_table} rules such as {@code "# => ALPHA"} or {@code "\\u200D => ALPHANUM"}. */
    private static byte[] typeTable(List<String> rules) {
        if (rules == null) {
            return WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE;
        }
        Map<Character, Byte> typeMap = new TreeMap<>();
        for (String rule : rules) {
            Matcher m = TYPE_RULE.matcher(rule);
            if (m.find() == false) {
                throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
            }
            String lhs = unescape(m.group(1).trim());
            if (lhs.length() != 1) {
                throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]. Only a single character is allowed.");
            }
            byte type = switch (m.group(2).trim()) {
                case "LOWER" -> (byte) WordDelimiterFilter.LOWER;
                case "UPPER" -> (byte) WordDelimiterFilter.UPPER;
                case "ALPHA" -> (byte) WordDelimiterFilter.ALPHA;
                case "DIGIT" -> (byte) WordDelimiterFilter.DIGIT;
                case "ALPHANUM" -> (byte) WordDelimiterFilter.ALPHANUM;
                case "SUBWORD_DELIM" -> (byte) WordDelimiterFilter.SUBWORD_DELIM;
                default -> throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]. Illegal type.");
            };
            typeMap.put(lhs.charAt(0), type);
        }
        byte[] base = WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE;
        int size = Math.max(base.length, typeMap.isEmpty() ? 0 : ((TreeMap<Character, Byte>) typeMap).lastKey() + 1);
        byte[] table = new byte[size];
        System.arraycopy(base, 0, table, 0, base.length);
        for (int i = base.length; i < size; i++) {
            table[i] = WordDelimiterIterator.getType(i);
        }
        typeMap.forEach((c, t) -> table[c] = t);
        return table;
    }

    private static final Pattern MAPPING_RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$", Pattern.DOTALL);

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case '\\' -> out.append('\\');
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 >= s.length()) {
                            throw new IllegalArgumentException("Invalid escaped char in [" + s + "]");
                        }
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** ES {@code token_chars} / {@code custom_token_chars}; null means "all characters" (Lucene default). */
    private static IntPredicate tokenChars(Settings s) {
        List<String> classes = s.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate p = c -> false;
        for (String cls : classes) {
            IntPredicate q = switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> c -> switch (Character.getType(c)) {
                    case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                        Character.MODIFIER_LETTER, Character.OTHER_LETTER -> true;
                    default -> false;
                };
                case "digit" -> c -> switch (Character.getType(c)) {
                    case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
                    default -> false;
                };
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.OTHER_PUNCTUATION,
                        Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                        Character.FINAL_QUOTE_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.CURRENCY_SYMBOL, Character.MATH_SYMBOL, Character.OTHER_SYMBOL, Character.MODIFIER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> {
                    String custom = s.get("custom_token_chars");
                    if (custom == null) {
                        throw new IllegalArgumentException("Token type: [custom] requires setting `custom_token_chars`");
                    }
                    java.util.Set<Integer> cps = new HashSet<>();
                    custom.codePoints().forEach(cps::add);
                    yield cps::contains;
                }
                default -> throw new IllegalArgumentException("Unknown token type: '" + cls + "', must be one of [symbol, custom, "
                    + "letter, digit, whitespace, punctuation]");
            };
            p = p.or(q);
        }
        return p;
    }

    private static void checkNgramDiff(IndexSettings is, int min, int max, String what) {
        int allowed = is.getMaxNgramDiff();
        int diff = max - min;
        if (diff > allowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in " + what + " must be less than or equal to: ["
                + allowed + "] but was [" + diff + "]. This limit can be set by changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey()
                + "] index level setting.");
        }
    }

    private static char singleChar(Settings s, String key, char def) {
        String v = s.get(key);
        if (v == null) {
            return def;
        }
        if (v.length() != 1) {
            throw new IllegalArgumentException(key + " can only be a one char value");
        }
        return v.charAt(0);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** ES {@code unique} filter (only_on_same_position=false): drops any token already seen in the stream. */
    static final class UniqueFilter extends org.apache.lucene.analysis.TokenFilter {
        private final org.apache.lucene.analysis.tokenattributes.CharTermAttribute term = addAttribute(
            org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);

        UniqueFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws java.io.IOException {
            while (input.incrementToken()) {
                char[] t = term.buffer();
                int len = term.length();
                if (seen.contains(t, 0, len)) {
                    continue; // like ES's UniqueTokenFilter: duplicates are dropped, positions untouched
                }
                char[] copy = new char[len];
                System.arraycopy(t, 0, copy, 0, len);
                seen.add(copy);
                return true;
            }
            return false;
        }

        @Override
        public void reset() throws java.io.IOException {
            super.reset();
            seen.clear();
        }
    }
}
