package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The server's OTLP sink: folds an export's patches into rows with the process's merger, commits
 * them through the group-commit writer and, once they are stored, tells the merger so
 * ({@link RowMerger#stored}): a span is finished when it is exported, so the merger need not keep
 * its input and output around for patches that will not come.
 */
public final class MergingOtlpSink implements OtlpSink {
    private final RowMerger merger;
    private final EventWriter writer;

    public MergingOtlpSink(RowMerger merger, EventWriter writer) {
        this.merger = requireNonNull(merger, "merger is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    @Override
    public CompletableFuture<Void> submit(ProjectId projectId, OtelMapping mapping) {
        EventBatch merged = merger.merge(mapping.traces(), mapping.observations());
        List<ObservationRow> observations = merged.observations();
        return writer.commit(merged.withScores(mapping.scores())).thenRun(() -> merger.stored(observations));
    }
}
