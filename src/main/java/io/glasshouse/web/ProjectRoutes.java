package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.Project;
import io.glasshouse.model.ProjectId;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Langfuse's {@code GET /projects}: the one project the key belongs to. */
final class ProjectRoutes {
    private final Function<String, Optional<Project>> projects;
    private final RequestAuth authenticator;

    ProjectRoutes(Function<String, Optional<Project>> projects, RequestAuth authenticator) {
        this.projects = projects;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/projects", this::list);
    }

    private void list(Context ctx) {
        ProjectId id = authenticator.project(ctx);
        Project project = projects.apply(id.value())
                .orElseThrow(() -> GlasshouseException.notFound("the key's project no longer exists"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", project.id());
        json.put("name", project.name());
        json.put("metadata", Map.of());
        json.put("retentionDays", null);
        ctx.json(Map.of("data", List.of(json)));
    }
}
