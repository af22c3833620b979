package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.ingest.langfuse.LangfuseBatchIngestion;
import io.glasshouse.ingest.otel.OtlpDecoding;
import io.glasshouse.ingest.otel.OtlpTraceIngest;
import io.glasshouse.storage.EventStore;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/** Every HTTP route of the server, declared in one place. */
public final class ApiRoutes {
    private final EventStore events;
    private final BooleanSupplier accepting;
    private final PrometheusMeterRegistry meters;
    private final ProjectAuthenticator authenticator;
    private final LangfuseBatchIngestion ingestion;
    private final OtlpDecoding otlpDecoding;
    private final OtlpTraceIngest otlpIngest;

    public ApiRoutes(
            EventStore events,
            BooleanSupplier accepting,
            PrometheusMeterRegistry meters,
            ProjectAuthenticator authenticator,
            LangfuseBatchIngestion ingestion,
            OtlpDecoding otlpDecoding,
            OtlpTraceIngest otlpIngest) {
        this.events = requireNonNull(events, "events is null");
        this.accepting = requireNonNull(accepting, "accepting is null");
        this.meters = requireNonNull(meters, "meters is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.ingestion = requireNonNull(ingestion, "ingestion is null");
        this.otlpDecoding = requireNonNull(otlpDecoding, "otlpDecoding is null");
        this.otlpIngest = requireNonNull(otlpIngest, "otlpIngest is null");
    }

    public void register(Javalin app) {
        new HealthRoutes(events, accepting, meters).register(app);
        new IngestionRoutes(ingestion, authenticator).register(app);
        new OtlpRoutes(otlpDecoding, otlpIngest, authenticator).register(app);
        new TraceRoutes(events, authenticator).register(app);
    }
}
