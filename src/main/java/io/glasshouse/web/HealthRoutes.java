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
    private final PrometheusMeterRegistry meters;

    HealthRoutes(EventStore events, BooleanSupplier accepting, PrometheusMeterRegistry meters) {
        this.events = events;
        this.accepting = accepting;
        this.meters = meters;
    }

    void register(Javalin app) {
        // Langfuse's shape: {"status":"OK","version":...}; 503 when storage does not answer.
        app.get("/api/public/health", ctx -> {
            boolean healthy = events.isHealthy();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", healthy ? "OK" : "ERROR");
            body.put("version", BuildInfo.version());
            if (!healthy) {
                body.put("message", "event storage does not answer");
            }
            ctx.status(healthy ? 200 : 503).json(body);
        });
        // Ready = started, not shutting down, and storage answers: what a load balancer needs.
        app.get("/api/public/ready", ctx -> {
            boolean ready = accepting.getAsBoolean() && events.isHealthy();
            ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "READY" : "NOT_READY"));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
    }
}
