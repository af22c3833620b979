package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.pricing.ProjectModels;
import io.glasshouse.model.ProjectId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/** Langfuse's {@code /api/public/models}: the project's own model definitions and the built-in ones. */
final class ModelRoutes {
    private final ProjectModels models;
    private final RequestAuth authenticator;

    ModelRoutes(ProjectModels models, RequestAuth authenticator) {
        this.models = models;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/models", this::list);
        app.post("/api/public/models", this::create);
        app.get("/api/public/models/{modelId}", this::get);
        app.delete("/api/public/models/{modelId}", this::delete);
    }

    private void list(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Pagination pagination = Pagination.of(ctx);
        ProjectModels.Page page = models.list(project, pagination.page(), pagination.limit());
        ctx.json(pagination.response(page.models().stream().map(MetadataJson::model).toList(), page.totalItems()));
    }

    private void create(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        ctx.json(MetadataJson.model(models.create(project, JsonRequests.object(ctx))));
    }

    private void get(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String modelId = JsonRequests.id(ctx, "modelId");
        ctx.json(MetadataJson.model(models.find(project, modelId)
                .orElseThrow(() -> GlasshouseException.notFound("no model with id " + modelId + " in this project"))));
    }

    // Langfuse answers 404 for built-in models too: they are not the project's to delete.
    private void delete(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String modelId = JsonRequests.id(ctx, "modelId");
        if (!models.delete(project, modelId)) {
            throw GlasshouseException.notFound("no model with id " + modelId + " in this project; built-in models "
                    + "cannot be deleted, override one with a model of the same modelName instead");
        }
        ctx.json(Map.of("message", "Model successfully deleted"));
    }
}
