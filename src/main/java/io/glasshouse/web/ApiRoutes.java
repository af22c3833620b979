package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.storage.EventStore;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/** Every HTTP route of the server, declared in one place. */
public final class ApiRoutes {
    private final EventStore events;
    private final BooleanSupplier accepting;
    private final PrometheusMeterRegistry meters;

    public ApiRoutes(EventStore events, BooleanSupplier accepting, PrometheusMeterRegistry meters) {
        this.events = requireNonNull(events, "events is null");
        this.accepting = requireNonNull(accepting, "accepting is null");
        this.meters = requireNonNull(meters, "meters is null");
    }

    public void register(Javalin app) {
        new HealthRoutes(events, accepting, meters).register(app);
    }
}
