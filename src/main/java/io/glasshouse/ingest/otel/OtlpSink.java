package io.glasshouse.ingest.otel;

import io.glasshouse.model.ProjectId;
import java.util.concurrent.CompletableFuture;

/**
 * Where mapped OTLP exports go: folds the patches into rows and queues them for storage. The
 * future completes once the rows are committed, so the export can be acknowledged then; nothing
 * waits for it on the way (OTLP/gRPC answers from the completion, OTLP/HTTP waits on it).
 */
@FunctionalInterface
public interface OtlpSink {
    /**
     * @return completes once the rows are committed; fails with a
     *     {@link io.glasshouse.error.GlasshouseException}: TOO_MANY_REQUESTS when the ingestion queue
     *     is full, STORAGE_UNAVAILABLE when storing failed or timed out (both worth a retry)
     * @throws io.glasshouse.error.GlasshouseException when the rows cannot even be queued
     */
    CompletableFuture<Void> submit(ProjectId projectId, OtelMapping mapping);
}
