package org.kms.esrunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;

/**
 * Starts N real Elasticsearch nodes (production Node code, netty4 HTTP/transport, no test mocks) inside this JVM.
 * The same class serves Elasticsearch 8 and 9: what differs comes from the {@link EsAdapter} on the classpath.
 *
 * <pre>
 *   java -cp ... org.kms.esrunner.Runner -basePath DIR [-numOfNode 1|3] [-node I] [-baseHttpPort 9250]
 *        [-baseTransportPort HTTP+100] [-clusterName kms-test] [-plugins fqcn,fqcn]
 * </pre>
 * Node i (0-based) uses DIR/node_i/{config,data,logs}, HTTP port baseHttpPort+i and transport port
 * baseTransportPort+i, bound to 127.0.0.1. With {@code -node I} this JVM runs node I only, configured as
 * one of numOfNode nodes that find each other on those ports: one process per node, as in a real cluster,
 * so that one node can be killed and restarted while the others keep serving. The nodes are closed by a
 * shutdown hook (SIGTERM/SIGINT); nothing is deleted.
 */
public final class Runner {

    static {
        // What the stock jvm.options sets; must happen before netty / log4j classes initialise.
        setIfAbsent("io.netty.noUnsafe", "true");
        setIfAbsent("io.netty.noKeySetOptimization", "true");
        setIfAbsent("io.netty.recycler.maxCapacityPerThread", "0");
        setIfAbsent("es.set.netty.runtime.available.processors", "false");
        setIfAbsent("log4j.shutdownHookEnabled", "false");
        setIfAbsent("log4j2.disable.jmx", "true");
        setIfAbsent("log4j2.formatMsgNoLookups", "true");
    }

    private static final String LOG4J2 = String.join(
        "\n",
        "status = error",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%t] %m%n",
        "rootLogger.level = ${sys:kms.es.log.level:-info}",
        "rootLogger.appenderRef.console.ref = console",
        // deprecation warnings become HTTP 'Warning' response headers, like on a stock node
        "appender.header_warning.type = HeaderWarningAppender",
        "appender.header_warning.name = header_warning",
        "logger.deprecation.name = org.elasticsearch.deprecation",
        "logger.deprecation.level = WARN",
        "logger.deprecation.appenderRef.console.ref = console",
        "logger.deprecation.appenderRef.header_warning.ref = header_warning",
        "logger.deprecation.additivity = false",
        ""
    );

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private String basePath;
    private int numOfNode = 1;
    private int onlyNode = -1; // -node: the one node this JVM runs, or -1 for all of them
    private int baseHttpPort = 9250;
    private int baseTransportPort = -1;
    private String clusterName = "kms-test";
    private final List<Class<? extends Plugin>> plugins = new ArrayList<>();
    private final List<Node> nodes = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closed = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        Runner runner = new Runner();
        try {
            runner.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(
                "usage: Runner -basePath DIR [-numOfNode N] [-node I] [-baseHttpPort P] [-baseTransportPort T] [-clusterName NAME] [-plugins a.B,c.D]"
            );
            System.exit(2);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "kms-es-shutdown"));
        try {
            runner.start();
        } catch (Throwable t) {
            System.err.println("kms-es-runner: failed to start: " + t);
            t.printStackTrace();
            System.exit(1); // runs the shutdown hook, which closes whatever did start
        }
        runner.closed.await();
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + opt);
            }
            String val = args[++i];
            switch (opt) {
                case "-basePath" -> basePath = val;
                case "-numOfNode" -> numOfNode = Integer.parseInt(val);
                case "-node" -> onlyNode = Integer.parseInt(val);
                case "-baseHttpPort" -> baseHttpPort = Integer.parseInt(val);
                case "-baseTransportPort" -> baseTransportPort = Integer.parseInt(val);
                case "-clusterName" -> clusterName = val;
                case "-plugins" -> {
                    for (String cls : val.split(",")) {
                        if (cls.isBlank() == false) {
                            plugins.add(loadPluginClass(cls.trim()));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + opt);
            }
        }
        if (basePath == null) {
            throw new IllegalArgumentException("-basePath is required");
        }
        if (numOfNode < 1) {
            throw new IllegalArgumentException("-numOfNode must be >= 1");
        }
        if (onlyNode >= numOfNode) {
            throw new IllegalArgumentException("-node must be below -numOfNode");
        }
        if (baseTransportPort < 0) {
            baseTransportPort = baseHttpPort + 100;
        }
    }

    private static Class<? extends Plugin> loadPluginClass(String name) {
        try {
            return Class.forName(name).asSubclass(Plugin.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("plugin class not found: " + name);
        }
    }

    private void start() throws Exception {
        Path base = Paths.get(basePath).toAbsolutePath();
        Files.createDirectories(base);
        configureLogging(base);
        Logger logger = LogManager.getLogger("kms.esrunner");

        List<Class<? extends Plugin>> pluginList = new ArrayList<>();
        pluginList.add(org.elasticsearch.transport.netty4.Netty4Plugin.class);
        pluginList.add(KmsAnalysisPlugin.class);
        pluginList.add(EsAdapter.get().rootRestPlugin());
        pluginList.addAll(plugins);

        logger.info("cluster [{}], {} node(s), http {}-{}, transport {}-{}, base path {}{}", clusterName, numOfNode,
            baseHttpPort, baseHttpPort + numOfNode - 1, baseTransportPort, baseTransportPort + numOfNode - 1, base,
            onlyNode < 0 ? "" : "; this process runs node_" + onlyNode);

        for (int i = 0; i < numOfNode; i++) {
            if (onlyNode >= 0 && i != onlyNode) {
                continue;
            }
            Settings settings = nodeSettings(base, i);
            Path configDir = base.resolve("node_" + i).resolve("config");
            Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), configDir, () -> "node_x");
            nodes.add(EsAdapter.get().newNode(env, pluginList));
        }
        // Start concurrently: with 3 master-eligible nodes a lone node cannot elect a master, and
        // Node#start would otherwise block for discovery.initial_state_timeout on each one.
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> starters = new ArrayList<>();
        for (Node node : List.copyOf(nodes)) {
            Thread t = new Thread(() -> {
                try {
                    node.start();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "kms-es-start-" + node.settings().get("node.name"));
            t.start();
            starters.add(t);
        }
        for (Thread t : starters) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("node start failed", failure.get());
        }
        logger.info("started {} node(s); http://127.0.0.1:{}", nodes.size(), baseHttpPort + Math.max(onlyNode, 0));
    }

    private Settings nodeSettings(Path base, int i) throws IOException {
        Path home = base.resolve("node_" + i);
        for (String dir : new String[] { "config", "data", "logs" }) {
            Files.createDirectories(home.resolve(dir));
        }
        Settings.Builder b = Settings.builder()
            .put("cluster.name", clusterName)
            .put("node.name", "node_" + i)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", baseHttpPort + i)
            .put("transport.port", baseTransportPort + i)
            // test/dev machines often have nearly full disks; do not let watermarks turn the cluster yellow/red
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("node.processors", Math.min(2, Runtime.getRuntime().availableProcessors()))
            .put("indices.memory.index_buffer_size", "10%");
        if (numOfNode == 1) {
            b.put("discovery.type", "single-node");
        } else {
            List<String> seeds = new ArrayList<>();
            List<String> masters = new ArrayList<>();
            for (int n = 0; n < numOfNode; n++) {
                seeds.add("127.0.0.1:" + (baseTransportPort + n));
                masters.add("node_" + n);
            }
            b.putList("discovery.seed_hosts", seeds).putList("cluster.initial_master_nodes", masters);
        }
        return b.build();
    }

    private static void configureLogging(Path base) throws IOException {
        Path configDir = base.resolve("logging-config");
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("log4j2.properties"), LOG4J2, StandardCharsets.UTF_8);
        Settings s = Settings.builder()
            .put("path.home", base.toString())
            .put("path.logs", base.resolve("logs").toString())
            .build();
        Files.createDirectories(base.resolve("logs"));
        LogConfigurator.registerErrorListener();
        EsAdapter.get().loadLog4jPlugins();
        LogConfigurator.configure(new Environment(s, configDir), true);
    }

    private void close() {
        List<Node> toClose = new ArrayList<>(nodes);
        Collections.reverse(toClose);
        for (Node node : toClose) {
            try {
                node.close();
            } catch (Throwable e) {
                System.err.println("kms-es-runner: error closing node: " + e);
            }
        }
        for (Node node : toClose) {
            try {
                if (node.awaitClose(30, TimeUnit.SECONDS) == false) {
                    System.err.println("kms-es-runner: node did not close within 30s");
                }
            } catch (Throwable e) {
                System.err.println("kms-es-runner: error awaiting node close: " + e);
            }
        }
        System.out.println("kms-es-runner: closed " + toClose.size() + " node(s)");
        closed.countDown();
        LoggerContext ctx = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        Configurator.shutdown(ctx);
    }
}
