package io.glasshouse.web;

import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.ingest.langfuse.BatchResult;
import io.glasshouse.ingest.langfuse.LangfuseBatchIngestion;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** Langfuse's batch ingestion endpoint: HTTP 207 with a status per event. */
final class IngestionRoutes {
    private final LangfuseBatchIngestion ingestion;
    private final RequestAuth authenticator;

    IngestionRoutes(LangfuseBatchIngestion ingestion, RequestAuth authenticator) {
        this.ingestion = ingestion;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.post("/api/public/ingestion", this::ingest);
    }

    private void ingest(Context ctx) {
        ProjectAuthenticator.Caller caller = authenticator.caller(ctx, true);
        JsonRequests.requireJson(ctx);
        byte[] body = RequestSizeLimit.body(ctx.req());
        BatchResult result = caller.publicKeyOnly()
                ? ingestion.ingestScoresOnly(caller.project(), body)
                : ingestion.ingest(caller.project(), body);
        ctx.status(207).json(result);
    }
}
