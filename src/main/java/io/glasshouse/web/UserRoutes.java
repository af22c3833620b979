package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.EventQueries;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.UserSummary;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * A Glasshouse extension of Langfuse's API: the users the project's traces name, with trace
 * count, tokens, cost, first and last seen ({@code fromTimestamp}/{@code toTimestamp} limit the
 * traces counted).
 */
final class UserRoutes {
    private final EventQueries queries;
    private final RequestAuth authenticator;

    UserRoutes(EventQueries queries, RequestAuth authenticator) {
        this.queries = queries;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/users", this::list);
        app.get("/api/public/users/{userId}", this::user);
    }

    private void list(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Pagination pagination = Pagination.of(ctx);
        Page<UserSummary> page = queries.listUsers(project, new PageRequest(pagination.page(), pagination.limit()),
                ListParameters.range(ctx, "fromTimestamp", "toTimestamp"));
        ctx.json(pagination.response(page.items().stream().map(ListJson::user).toList(), page.totalItems()));
    }

    private void user(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String userId = JsonRequests.id(ctx, "userId");
        UserSummary user = queries.findUser(project, userId, ListParameters.range(ctx, "fromTimestamp", "toTimestamp"))
                .orElseThrow(() -> GlasshouseException.notFound("user " + userId + " has no traces in this project"));
        ctx.json(ListJson.user(user));
    }
}
