package io.glasshouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.config.BuildInfo;
import io.glasshouse.config.GlasshouseConfig;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.ingest.langfuse.LangfuseBatchIngestion;
import io.glasshouse.ingest.otel.MergingOtlpSink;
import io.glasshouse.ingest.otel.OtelSpanMapper;
import io.glasshouse.ingest.otel.OtlpDecoding;
import io.glasshouse.ingest.otel.OtlpGrpcServer;
import io.glasshouse.ingest.otel.OtlpGrpcTraceService;
import io.glasshouse.ingest.otel.OtlpTraceIngest;
import io.glasshouse.ingest.pricing.ModelPrices;
import io.glasshouse.ingest.pricing.ModelPricing;
import io.glasshouse.ingest.pricing.CachedProjectModelPrices;
import io.glasshouse.ingest.pricing.ProjectModels;
import io.glasshouse.scores.ScoreConfigValidation;
import io.glasshouse.scores.ScoreConfigs;
import io.glasshouse.scores.ScoreDeletion;
import io.glasshouse.storage.clickhouse.ClickHouseStoredRows;
import io.glasshouse.storage.clickhouse.ClickHouseMetricsStore;
import io.glasshouse.storage.clickhouse.ClickHouseScoreLists;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.ClickHouseEventStore;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.ObservationRollup;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.HttpClickHouse;
import io.glasshouse.storage.clickhouse.HttpClickHouseConfig;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.auth.BrowserSessions;
import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.auth.ProjectSettings;
import io.glasshouse.auth.SignInThrottle;
import io.glasshouse.storage.meta.Bootstrap;
import io.glasshouse.storage.meta.BootstrapResult;
import io.glasshouse.storage.meta.CreatedApiKey;
import io.glasshouse.storage.meta.MetadataStore;
import io.glasshouse.web.ApiRoutes;
import io.glasshouse.web.ReadApi;
import io.glasshouse.query.TraceDeletion;
import io.glasshouse.storage.clickhouse.ClickHouseEventQueries;
import io.glasshouse.web.RequestAuth;
import io.glasshouse.web.UiRoutes;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
        StartupPhases phases = new StartupPhases();
        Preflight.requireUsableDataDir(config.dataDir());
        Preflight.requireFreePort(config.host(), config.port(), "--port");
        Preflight.requireFreePort(config.host(), config.grpcPort(), "--grpc-port");

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);
        stopLater(gcMetrics);

        phases.done("checks");
        // The metadata store opens in parallel with the engine's boot: they are independent and
        // each takes a good part of a second. It starts only after the event storage proved
        // usable, because opening it creates the data dir.
        LibchdbLocator.Library library = config.embedded() ? locateAndVerifyLibchdb(config, environment) : null;
        HttpClickHouse server = config.embedded() ? null : connectToServer(config);
        CompletableFuture<MetadataStart> metadataStart =
                CompletableFuture.supplyAsync(() -> openMetadata(config, environment), Thread::startVirtualThread);
        ClickHouse clickHouse;
        try {
            clickHouse = config.embedded() ? bootEngine(config, library) : server;
            phases.done("engine");
            List<Integer> migrated = new ClickHouseSchema(clickHouse, config.clickHouseCluster() == null
                            ? SchemaDialect.singleNode()
                            : SchemaDialect.cluster(config.clickHouseCluster()))
                    .migrate();
            if (migrated.contains(ObservationRollup.MIGRATION)) {
                // The rollup table is new: fill it from the observations stored so far.
                LOG.info("metrics rollup: backfilled {} projects", new ObservationRollup(clickHouse).reconcileAll());
            }
            phases.done("schema");
        } catch (RuntimeException e) {
            metadataStart.handle((ignored, error) -> null).join(); // so close() sees everything opened
            throw e;
        }
        EventStore events = new ClickHouseEventStore(clickHouse);

        MetadataStart opened = join(metadataStart);
        MetadataStore metadata = opened.store();
        BootstrapResult bootstrap = opened.bootstrap();
        bootstrap.describe().forEach(line -> LOG.info("init: {}", line));
        phases.done("metadata");
        ProjectAuthenticator authenticator = new ProjectAuthenticator(metadata.apiKeys(), Clock.systemUTC());

        EventWriter writer = new EventWriter(
                events,
                new EventWriter.Settings(config.flushInterval(), config.maxBatchRows(), config.maxPendingRows(), Duration.ofSeconds(30),
                        EventWriter.Gathering.forLinger(config.flushInterval())),
                meters);
        stopLater(writer);

        // Project model definitions are read from the metadata store once and cached; the models
        // API invalidates a project's entry when it writes.
        CachedProjectModelPrices projectPrices =
                new CachedProjectModelPrices(project -> ProjectModels.definitions(metadata.models(), project));
        ModelPrices modelPrices = ModelPrices.withShippedPrices(projectPrices);
        ProjectModels projectModels = new ProjectModels(metadata.models(), modelPrices.builtIns(), projectPrices, Clock.systemUTC());
        // One merger per process: the batch API and OTLP fold updates into the same rows.
        RowMerger merger = new RowMerger(
                new ModelPricing(modelPrices),
                new ClickHouseStoredRows(clickHouse),
                RowMerger.Settings.defaults());
        LangfuseBatchIngestion batchIngestion = new LangfuseBatchIngestion(merger, writer,
                new ScoreConfigValidation(metadata.scoreConfigs()), LangfuseBatchIngestion.Settings.defaults());
        OtlpTraceIngest otlpIngest = new OtlpTraceIngest(new OtelSpanMapper(Clock.systemUTC()),
                new MergingOtlpSink(merger, writer), writer::arriving);
        OtlpDecoding otlpDecoding = new OtlpDecoding(OtlpDecoding.DEFAULT_MAX_DECODED_BYTES);
        // Browser sign-in: 10 failures per email or 100 per client address in 15 minutes lock it out for the rest.
        BrowserSessions browserSessions = new BrowserSessions(metadata.users(), metadata.projects(), metadata.sessions(),
                new SignInThrottle(10, Duration.ofMinutes(15), Clock.systemUTC()),
                new SignInThrottle(100, Duration.ofMinutes(15), Clock.systemUTC()));
        RequestAuth requestAuth = new RequestAuth(authenticator, browserSessions);
        ApiRoutes routes = new ApiRoutes(events, () -> accepting, writer::isWriting, meters, requestAuth, batchIngestion, otlpDecoding,
                otlpIngest, new ScoreDeletion(events, merger, writer), new ScoreConfigs(metadata.scoreConfigs()), projectModels,
                new ClickHouseScoreLists(clickHouse), new ClickHouseMetricsStore(clickHouse),
                new ReadApi(new ClickHouseEventQueries(clickHouse), new TraceDeletion(events, merger, writer), metadata.projects()::findProject));
        UiRoutes uiRoutes = new UiRoutes(browserSessions, new ProjectSettings(metadata.apiKeys(), metadata.users()), requestAuth);
        web = WebServer.start(config.host(), config.port(), config.maxRequestBytes(),
                List.of(routes::register, uiRoutes::register));
        stopLater(web);
        OtlpGrpcServer grpc = new OtlpGrpcServer(
                        new OtlpGrpcServer.Settings(config.host(), config.grpcPort(),
                                (int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes()), Duration.ofSeconds(10)),
                        new OtlpGrpcTraceService(authenticator::authenticate, otlpIngest))
                .start();
        stopLater(grpc);
        accepting = true;

        phases.done("http");
        bootstrap.generatedKey().ifPresent(key -> printFirstKeys(console, key, bootstrap, web.port()));
        console.printf("Glasshouse %s ready in %d ms (%s) on http://localhost:%d, OTLP/gRPC on port %d%n"
                        + "  events: %s%n  metadata: %s%n",
                BuildInfo.version(), phases.totalSinceLaunchMillis(), phases.describe(), web.port(), grpc.port(),
                clickHouse.describe(), metadata.describe());
    }

    private record MetadataStart(MetadataStore store, BootstrapResult bootstrap) {}

    private MetadataStart openMetadata(GlasshouseConfig config, Map<String, String> environment) {
        MetadataStore store = MetadataStore.open(config.databaseUrl(), config.dataDir());
        stopLater(store);
        return new MetadataStart(store, new Bootstrap(store).run(environment));
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static LibchdbLocator.Library locateAndVerifyLibchdb(GlasshouseConfig config, Map<String, String> environment) {
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(config.libchdb(), environment);
        ChdbEngine.verify(library);
        return library;
    }

    private HttpClickHouse connectToServer(GlasshouseConfig config) {
        HttpClickHouse server = HttpClickHouse.connect(HttpClickHouseConfig.of(
                config.clickHouseUrl(), config.clickHouseUser(), config.clickHousePassword(), config.clickHouseDatabase()));
        stopLater(server);
        return server;
    }

    private ClickHouse bootEngine(GlasshouseConfig config, LibchdbLocator.Library library) {
        ChdbEngine engine = ChdbEngine.start(library, config.clickHouseDataDir(), List.of(
                "max_server_memory_usage=" + config.clickHouseMaxMemoryBytes()));
        stopLater(engine);
        EmbeddedClickHouse clickHouse =
                new EmbeddedClickHouse(engine, config.clickHouseDatabase(), config.clickHousePoolSize(), Duration.ofSeconds(30));
        stopLater(clickHouse);
        return clickHouse;
    }

    // The only time the generated secret exists in plain text; it is never logged.
    private static void printFirstKeys(PrintStream console, CreatedApiKey key, BootstrapResult bootstrap, int port) {
        console.printf("Created project '%s'. Its API keys (the secret is shown only now):%n"
                        + "  LANGFUSE_PUBLIC_KEY=%s%n  LANGFUSE_SECRET_KEY=%s%n  LANGFUSE_HOST=http://localhost:%d%n",
                bootstrap.project().map(p -> p.name()).orElse("default"), key.publicKey(), key.secretKey(), port);
    }

    private synchronized void stopLater(AutoCloseable part) {
        stopOrder.push(part);
    }

    public int port() {
        return web.port();
    }

    /** The HTTP routes the server answers ({@code "GET /api/public/health"}, …). */
    public List<String> routes() {
        return web.routes();
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
