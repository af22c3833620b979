package io.glasshouse.web;

import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.langfuse.BatchResult;
import io.glasshouse.ingest.langfuse.LangfuseBatchIngestion;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Locale;

/** Langfuse's batch ingestion endpoint: HTTP 207 with a status per event. */
final class IngestionRoutes {
    private final LangfuseBatchIngestion ingestion;
    private final ProjectAuthenticator authenticator;

    IngestionRoutes(LangfuseBatchIngestion ingestion, ProjectAuthenticator authenticator) {
        this.ingestion = ingestion;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.post("/api/public/ingestion", this::ingest);
    }

    private void ingest(Context ctx) {
        ProjectAuthenticator.Caller caller = authenticator.authenticate(ctx.header("Authorization"), true);
        requireJson(ctx);
        byte[] body = ctx.bodyAsBytes();
        BatchResult result = caller.publicKeyOnly()
                ? ingestion.ingestScoresOnly(caller.project(), body)
                : ingestion.ingest(caller.project(), body);
        ctx.status(207).json(result);
    }

    static void requireJson(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new GlasshouseException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the batch as application/json, not " + contentType);
        }
    }
}
