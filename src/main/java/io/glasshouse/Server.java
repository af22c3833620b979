package io.glasshouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.config.BuildInfo;
import io.glasshouse.config.GlasshouseConfig;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.ClickHouseEventStore;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.HttpClickHouse;
import io.glasshouse.storage.clickhouse.HttpClickHouseConfig;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.storage.meta.Bootstrap;
import io.glasshouse.storage.meta.BootstrapResult;
import io.glasshouse.storage.meta.CreatedApiKey;
import io.glasshouse.storage.meta.MetadataStore;
import io.glasshouse.web.ApiRoutes;
import io.glasshouse.web.WebServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only class that knows which implementations run. Starts the parts
 * in dependency order and stops them in reverse — HTTP first (no new work), then the writer
 * (stores everything acknowledged), then storage, the engine's anchor connection last.
 */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Deque<AutoCloseable> stopOrder = new ArrayDeque<>();
    private volatile boolean accepting;
    private WebServer web;

    private Server() {}

    public static Server start(GlasshouseConfig config, Map<String, String> environment, PrintStream console) {
        requireNonNull(config, "config is null");
        Server server = new Server();
        try {
            server.startParts(config, environment, console);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startParts(GlasshouseConfig config, Map<String, String> environment, PrintStream console) {
        long started = System.nanoTime();
        Preflight.requireUsableDataDir(config.dataDir());
        Preflight.requireFreePort(config.host(), config.port(), "--port");

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);
        stopOrder.push(gcMetrics);

        long beforeEngine = System.nanoTime();
        ClickHouse clickHouse = openClickHouse(config, environment);
        long engineMillis = Duration.ofNanos(System.nanoTime() - beforeEngine).toMillis();
        new ClickHouseSchema(clickHouse, config.clickHouseCluster() == null
                        ? SchemaDialect.singleNode()
                        : SchemaDialect.cluster(config.clickHouseCluster()))
                .migrate();
        EventStore events = new ClickHouseEventStore(clickHouse);

        MetadataStore metadata = MetadataStore.open(config.databaseUrl(), config.dataDir());
        stopOrder.push(metadata);
        BootstrapResult bootstrap = new Bootstrap(metadata).run(environment);
        bootstrap.describe().forEach(line -> LOG.info("init: {}", line));
        ProjectAuthenticator authenticator = new ProjectAuthenticator(metadata.apiKeys(), Clock.systemUTC());

        EventWriter writer = new EventWriter(
                events,
                new EventWriter.Settings(config.flushInterval(), config.maxBatchRows(), config.maxPendingRows(), Duration.ofSeconds(30)),
                meters);
        stopOrder.push(writer);

        ApiRoutes routes = new ApiRoutes(events, () -> accepting, meters);
        web = WebServer.start(config.host(), config.port(), config.maxRequestBytes(), List.of(routes::register));
        stopOrder.push(web);
        accepting = true;

        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        bootstrap.generatedKey().ifPresent(key -> printFirstKeys(console, key, bootstrap, web.port()));
        console.printf("Glasshouse %s ready in %d ms (engine %d ms) on http://localhost:%d (events: %s)%n",
                BuildInfo.version(), millis, engineMillis, web.port(), clickHouse.describe());
    }

    private ClickHouse openClickHouse(GlasshouseConfig config, Map<String, String> environment) {
        if (!config.embedded()) {
            HttpClickHouse server = HttpClickHouse.connect(HttpClickHouseConfig.of(
                    config.clickHouseUrl(), config.clickHouseUser(), config.clickHousePassword(), config.clickHouseDatabase()));
            stopOrder.push(server);
            return server;
        }
        LibchdbLocator locator = LibchdbLocator.pinned();
        LibchdbLocator.Library library = locator.locate(config.libchdb(), environment);
        ChdbEngine engine = ChdbEngine.start(library, config.clickHouseDataDir(), List.of(
                "max_server_memory_usage=" + config.clickHouseMaxMemoryBytes()));
        stopOrder.push(engine);
        EmbeddedClickHouse clickHouse =
                new EmbeddedClickHouse(engine, config.clickHouseDatabase(), config.clickHousePoolSize(), Duration.ofSeconds(30));
        stopOrder.push(clickHouse);
        return clickHouse;
    }

    // The only time the generated secret exists in plain text; it is never logged.
    private static void printFirstKeys(PrintStream console, CreatedApiKey key, BootstrapResult bootstrap, int port) {
        console.printf("Created project '%s'. Its API keys (the secret is shown only now):%n"
                        + "  LANGFUSE_PUBLIC_KEY=%s%n  LANGFUSE_SECRET_KEY=%s%n  LANGFUSE_HOST=http://localhost:%d%n",
                bootstrap.project().map(p -> p.name()).orElse("default"), key.publicKey(), key.secretKey(), port);
    }

    public int port() {
        return web.port();
    }

    /** Stops everything that started, newest first; safe to call twice. */
    @Override
    public synchronized void close() {
        accepting = false;
        while (!stopOrder.isEmpty()) {
            AutoCloseable part = stopOrder.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
