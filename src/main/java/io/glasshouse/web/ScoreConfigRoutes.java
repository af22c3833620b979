package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.scores.ScoreConfigs;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** Langfuse's {@code /api/public/score-configs}: list, create, read and update (archive). */
final class ScoreConfigRoutes {
    private final ScoreConfigs configs;
    private final RequestAuth authenticator;

    ScoreConfigRoutes(ScoreConfigs configs, RequestAuth authenticator) {
        this.configs = configs;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/score-configs", this::list);
        app.post("/api/public/score-configs", this::create);
        app.get("/api/public/score-configs/{configId}", this::get);
        app.patch("/api/public/score-configs/{configId}", this::update);
    }

    private void list(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Pagination pagination = Pagination.of(ctx);
        ScoreConfigs.Page page = configs.list(project, pagination.offset(), pagination.limit());
        ctx.json(pagination.response(page.configs().stream().map(MetadataJson::scoreConfig).toList(), page.totalItems()));
    }

    private void create(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        ctx.json(MetadataJson.scoreConfig(configs.create(project, JsonRequests.object(ctx))));
    }

    private void get(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String configId = JsonRequests.id(ctx, "configId");
        ScoreConfig config = configs.find(project, configId)
                .orElseThrow(() -> GlasshouseException.notFound("score config " + configId + " not found in this project"));
        ctx.json(MetadataJson.scoreConfig(config));
    }

    private void update(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String configId = JsonRequests.id(ctx, "configId");
        ctx.json(MetadataJson.scoreConfig(configs.update(project, configId, JsonRequests.object(ctx))));
    }
}
