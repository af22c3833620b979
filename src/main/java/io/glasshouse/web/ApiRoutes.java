package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.ingest.langfuse.LangfuseBatchIngestion;
import io.glasshouse.ingest.otel.OtlpDecoding;
import io.glasshouse.ingest.otel.OtlpTraceIngest;
import io.glasshouse.ingest.pricing.ProjectModels;
import io.glasshouse.scores.ScoreConfigs;
import io.glasshouse.scores.ScoreDeletion;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.MetricsStore;
import io.glasshouse.storage.ScoreLists;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/** Every HTTP route of the server, declared in one place. */
public final class ApiRoutes {
    private final EventStore events;
    private final BooleanSupplier accepting;
    private final BooleanSupplier writing;
    private final PrometheusMeterRegistry meters;
    private final RequestAuth authenticator;
    private final LangfuseBatchIngestion ingestion;
    private final OtlpDecoding otlpDecoding;
    private final OtlpTraceIngest otlpIngest;
    private final ScoreDeletion scoreDeletion;
    private final ScoreConfigs scoreConfigs;
    private final ProjectModels models;
    private final ScoreLists scoreLists;
    private final MetricsStore metrics;
    private final ReadApi readApi;

    public ApiRoutes(
            EventStore events,
            BooleanSupplier accepting,
            BooleanSupplier writing,
            PrometheusMeterRegistry meters,
            RequestAuth authenticator,
            LangfuseBatchIngestion ingestion,
            OtlpDecoding otlpDecoding,
            OtlpTraceIngest otlpIngest,
            ScoreDeletion scoreDeletion,
            ScoreConfigs scoreConfigs,
            ProjectModels models,
            ScoreLists scoreLists,
            MetricsStore metrics,
            ReadApi readApi) {
        this.events = requireNonNull(events, "events is null");
        this.accepting = requireNonNull(accepting, "accepting is null");
        this.writing = requireNonNull(writing, "writing is null");
        this.meters = requireNonNull(meters, "meters is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.ingestion = requireNonNull(ingestion, "ingestion is null");
        this.otlpDecoding = requireNonNull(otlpDecoding, "otlpDecoding is null");
        this.otlpIngest = requireNonNull(otlpIngest, "otlpIngest is null");
        this.scoreDeletion = requireNonNull(scoreDeletion, "scoreDeletion is null");
        this.scoreConfigs = requireNonNull(scoreConfigs, "scoreConfigs is null");
        this.models = requireNonNull(models, "models is null");
        this.scoreLists = requireNonNull(scoreLists, "scoreLists is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.readApi = requireNonNull(readApi, "readApi is null");
    }

    public void register(Javalin app) {
        new HealthRoutes(events, accepting, writing, meters).register(app);
        new IngestionRoutes(ingestion, authenticator).register(app);
        new OtlpRoutes(otlpDecoding, otlpIngest, authenticator).register(app);
        new TraceRoutes(events, readApi.queries(), readApi.deletion(), authenticator).register(app);
        new ObservationRoutes(events, readApi.queries(), authenticator).register(app);
        new SessionRoutes(readApi.queries(), authenticator).register(app);
        new UserRoutes(readApi.queries(), authenticator).register(app);
        new ProjectRoutes(readApi.projects(), authenticator).register(app);
        new ScoreRoutes(ingestion, scoreDeletion, authenticator).register(app);
        new ScoreConfigRoutes(scoreConfigs, authenticator).register(app);
        new ModelRoutes(models, authenticator).register(app);
        new ScoreListRoutes(scoreLists, events, authenticator).register(app);
        new MetricsRoutes(metrics, authenticator).register(app);
        OpenApiRoutes.register(app);
    }
}
