package org.kms.esrunner;

import java.util.Collection;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;

/**
 * What differs between Elasticsearch majors, given once per major by the es8 and es9 modules (a subclass with a
 * no-argument constructor, registered in META-INF/services/org.kms.esrunner.EsAdapter) and found with
 * {@link ServiceLoader}. Everything in this module calls only API that 8.14 and 9.x share; the rest comes from here.
 */
public abstract class EsAdapter {

    private final BiFunction<Environment, Collection<Class<? extends Plugin>>, Node> nodeFactory;
    private final Class<? extends KmsRootRestPlugin> rootRestPlugin;
    private final Runnable loadLog4jPlugins;
    private final Function<TokenStream, TokenStream> kpStemmer;
    private final Function<TokenStream, TokenStream> lovinsStemmer;

    /**
     * @param nodeFactory      a production node whose plugins are these classes on the classpath ({@link org.elasticsearch.node.KmsNode})
     * @param rootRestPlugin   registers {@link KmsRootRestPlugin}'s {@code GET /} handler (the REST registration signature differs)
     * @param loadLog4jPlugins run before log4j is configured (8.x needs its log4j plugins loaded by hand; 9.x does it itself)
     * @param kpStemmer        the {@code dutch_kp} stemmer (Lucene 10 removed the Kp snowball stemmer)
     * @param lovinsStemmer    the {@code lovins} stemmer (Lucene 10 removed it)
     */
    protected EsAdapter(
        BiFunction<Environment, Collection<Class<? extends Plugin>>, Node> nodeFactory,
        Class<? extends KmsRootRestPlugin> rootRestPlugin,
        Runnable loadLog4jPlugins,
        Function<TokenStream, TokenStream> kpStemmer,
        Function<TokenStream, TokenStream> lovinsStemmer
    ) {
        this.nodeFactory = nodeFactory;
        this.rootRestPlugin = rootRestPlugin;
        this.loadLog4jPlugins = loadLog4jPlugins;
        this.kpStemmer = kpStemmer;
        this.lovinsStemmer = lovinsStemmer;
    }

    /** The adapter on the classpath; exactly one es8 or es9 jar must be there. */
    public static EsAdapter get() {
        return Holder.INSTANCE;
    }

    Node newNode(Environment environment, Collection<Class<? extends Plugin>> classpathPlugins) {
        return nodeFactory.apply(environment, classpathPlugins);
    }

    Class<? extends KmsRootRestPlugin> rootRestPlugin() {
        return rootRestPlugin;
    }

    void loadLog4jPlugins() {
        loadLog4jPlugins.run();
    }

    Function<TokenStream, TokenStream> kpStemmer() {
        return kpStemmer;
    }

    Function<TokenStream, TokenStream> lovinsStemmer() {
        return lovinsStemmer;
    }

    private static final class Holder {
        static final EsAdapter INSTANCE = ServiceLoader.load(EsAdapter.class, EsAdapter.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no org.kms.esrunner.EsAdapter on the classpath: put the es8 or es9 runner jar there"));
    }
}
