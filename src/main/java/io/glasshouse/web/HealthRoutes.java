package io.glasshouse.web;

import io.glasshouse.config.BuildInfo;
import io.glasshouse.storage.EventStore;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Unauthenticated liveness, readiness and Prometheus metrics. */
final class HealthRoutes {
    private final EventStore events;
    private final BooleanSupplier accepting;
    private final BooleanSupplier writing;
    private final PrometheusMeterRegistry meters;

    HealthRoutes(EventStore events, BooleanSupplier accepting, BooleanSupplier writing, PrometheusMeterRegistry meters) {
        this.events = events;
        this.accepting = accepting;
        this.writing = writing;
        this.meters = meters;
    }

    void register(Javalin app) {
        // Langfuse's shape: {"status":"OK","version":...}; 503 when storage does not answer or
        // the event writer has stopped (only a restart brings it back).
        app.get("/api/public/health", ctx -> {
            String problem = !writing.getAsBoolean() ? "the event writer stopped after an internal error; restart the server"
                    : !events.isHealthy() ? "event storage does not answer" : null;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", problem == null ? "OK" : "ERROR");
            body.put("version", BuildInfo.version());
            if (problem != null) {
                body.put("message", problem);
            }
            ctx.status(problem == null ? 200 : 503).json(body);
        });
        // Ready = started, not shutting down, writing, and storage answers: what a load balancer needs.
        app.get("/api/public/ready", ctx -> {
            boolean ready = accepting.getAsBoolean() && writing.getAsBoolean() && events.isHealthy();
            ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "READY" : "NOT_READY"));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
    }
}
