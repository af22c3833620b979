package io.glasshouse.ingest.otel;

import io.glasshouse.model.ProjectId;

/**
 * Where mapped OTLP exports go: folds the patches into rows and stores them. Returns once the
 * rows are committed, so the export can be acknowledged.
 */
@FunctionalInterface
public interface OtlpSink {
    /**
     * @throws io.glasshouse.error.GlasshouseException TOO_MANY_REQUESTS when the ingestion queue
     *     is full, STORAGE_UNAVAILABLE when storing failed or timed out (both worth a retry)
     */
    void accept(ProjectId projectId, OtelMapping mapping);
}
