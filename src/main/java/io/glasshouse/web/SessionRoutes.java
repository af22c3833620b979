package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.EventQueries;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.SessionSummary;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/** Langfuse's sessions: the list and one session with its traces. */
final class SessionRoutes {
    private final EventQueries queries;
    private final RequestAuth authenticator;

    SessionRoutes(EventQueries queries, RequestAuth authenticator) {
        this.queries = queries;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/sessions", this::list);
        app.get("/api/public/sessions/{sessionId}", this::session);
    }

    private void list(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Pagination pagination = Pagination.of(ctx);
        Page<SessionSummary> page = queries.listSessions(project, new PageRequest(pagination.page(), pagination.limit()),
                ListParameters.range(ctx, "fromTimestamp", "toTimestamp"), ListParameters.values(ctx, "environment"));
        ctx.json(pagination.response(page.items().stream().map(s -> ListJson.session(s, project.value())).toList(),
                page.totalItems()));
    }

    private void session(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String sessionId = JsonRequests.id(ctx, "sessionId");
        SessionSummary session = queries.findSession(project, sessionId)
                .orElseThrow(() -> GlasshouseException.notFound("session " + sessionId + " not found in this project"));
        Map<String, Object> json = ListJson.session(session, project.value());
        json.put("traces", queries.sessionTraces(project, sessionId).stream().map(EventJson::trace).toList());
        ctx.json(json);
    }
}
