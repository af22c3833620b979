package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.ingest.langfuse.LangfuseBatchIngestion;
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

    public ApiRoutes(
            EventStore events,
            BooleanSupplier accepting,
            PrometheusMeterRegistry meters,
            ProjectAuthenticator authenticator,
            LangfuseBatchIngestion ingestion) {
        this.events = requireNonNull(events, "events is null");
        this.accepting = requireNonNull(accepting, "accepting is null");
        this.meters = requireNonNull(meters, "meters is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.ingestion = requireNonNull(ingestion, "ingestion is null");
    }

    public void register(Javalin app) {
        new HealthRoutes(events, accepting, meters).register(app);
        new IngestionRoutes(ingestion, authenticator).register(app);
        new TraceRoutes(events, authenticator).register(app);
    }
}
