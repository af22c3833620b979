package io.glasshouse.web;

import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.langfuse.LangfuseBatchIngestion;
import io.glasshouse.model.ProjectId;
import io.glasshouse.scores.ScoreDeletion;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Langfuse's score endpoints: {@code POST /scores} stores one score through the same parsing and
 * config check as a batch's score-create event; {@code DELETE /scores/{id}} stores its tombstone.
 */
final class ScoreRoutes {
    private final LangfuseBatchIngestion ingestion;
    private final ScoreDeletion deletion;
    private final RequestAuth authenticator;

    ScoreRoutes(LangfuseBatchIngestion ingestion, ScoreDeletion deletion, RequestAuth authenticator) {
        this.ingestion = ingestion;
        this.deletion = deletion;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.post("/api/public/scores", this::create);
        app.delete("/api/public/scores/{scoreId}", this::delete);
    }

    // Langfuse lets a caller holding only the public key (Bearer) create scores.
    private void create(Context ctx) {
        ProjectAuthenticator.Caller caller = authenticator.caller(ctx, true);
        JsonRequests.requireJson(ctx);
        byte[] body = RequestSizeLimit.body(ctx.req());
        if (startsWithArray(body)) {
            // Langfuse's batch form (Python SDK v5): 202 when all were stored, 207 with counts otherwise.
            var result = ingestion.createScores(caller.project(), body);
            if (result.rejected() == 0) {
                ctx.status(202).json(Map.of("message", "Accepted"));
            } else {
                ctx.status(207).json(Map.of("accepted", result.accepted(), "rejected", result.rejected(),
                        "errors", result.errors().stream().map(message -> Map.of("message", message)).toList()));
            }
            return;
        }
        String id = ingestion.createScore(caller.project(), body);
        ctx.json(Map.of("id", id));
    }

    private static boolean startsWithArray(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '[';
            }
        }
        return false;
    }

    private void delete(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String scoreId = JsonRequests.id(ctx, "scoreId");
        if (!deletion.delete(project, scoreId)) {
            throw GlasshouseException.notFound("score " + scoreId + " not found in this project");
        }
        ctx.json(Map.of("message", "Score deleted"));
    }
}
