package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.EventStore;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** Reads of single traces and observations (Langfuse's GET /traces/{id}, /observations/{id}). */
final class TraceRoutes {
    private static final int MAX_ID_CHARS = 800;

    private final EventStore events;
    private final RequestAuth authenticator;

    TraceRoutes(EventStore events, RequestAuth authenticator) {
        this.events = events;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/traces/{traceId}", this::trace);
        app.get("/api/public/observations/{observationId}", this::observation);
    }

    private void trace(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String traceId = id(ctx, "traceId");
        TraceRow trace = events.findTrace(project, traceId)
                .orElseThrow(() -> GlasshouseException.notFound("trace " + traceId + " not found in this project"));
        ctx.json(EventJson.traceWithDetails(trace, events.findObservations(project, traceId), events.findScores(project, traceId)));
    }

    private void observation(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String observationId = id(ctx, "observationId");
        ObservationRow observation = events.findObservation(project, observationId)
                .orElseThrow(() -> GlasshouseException.notFound("observation " + observationId + " not found in this project"));
        ctx.json(EventJson.observation(observation));
    }

    private static String id(Context ctx, String name) {
        String id = ctx.pathParam(name);
        if (id.isBlank() || id.length() > MAX_ID_CHARS) {
            throw GlasshouseException.invalid(name + " must be 1-" + MAX_ID_CHARS + " characters");
        }
        return id;
    }
}
