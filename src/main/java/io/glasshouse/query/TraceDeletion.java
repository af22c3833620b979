package io.glasshouse.query;

import static java.util.Objects.requireNonNull;

import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.EventStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Deletes traces the way every row is deleted here: tombstones — the trace's newest row, each of
 * its observations' and each of its scores' again, with a higher version and {@code is_deleted = 1}
 * — stored through the writer in one batch. Each tombstone keeps its row's sort key, so the
 * merge that collapses versions finds it beside the row it hides; until then reads take the
 * newest version and see the tombstone, so the trace disappears from every read at once. The
 * observations' stored versions go along as replaced rows, so the metrics rollup cancels them.
 */
public final class TraceDeletion {
    public static final int MAX_TRACES = 1000;

    private final EventStore events;
    private final RowMerger versions;
    private final EventWriter writer;

    public TraceDeletion(EventStore events, RowMerger versions, EventWriter writer) {
        this.events = requireNonNull(events, "events is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    /**
     * Returns once the tombstones are stored.
     *
     * @return the ids that were deleted; ids the project does not have (or no longer has) are left out
     */
    public List<String> delete(ProjectId project, List<String> traceIds) {
        requireNonNull(project, "project is null");
        List<TraceRow> traces = new ArrayList<>();
        List<ObservationRow> observations = new ArrayList<>();
        List<ObservationRow> replaced = new ArrayList<>();
        List<ScoreRow> scores = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (String traceId : new LinkedHashSet<>(traceIds)) {
            Optional<TraceRow> trace = events.findTrace(project, traceId);
            if (trace.isEmpty()) {
                continue;
            }
            deleted.add(traceId);
            traces.add(trace.get().versioned(versions.nextEventVersionAbove(trace.get().eventVersion()), true));
            for (ObservationRow observation : events.findObservations(project, traceId)) {
                observations.add(observation.versioned(versions.nextEventVersionAbove(observation.eventVersion()), true));
                replaced.add(observation);
            }
            for (ScoreRow score : events.findScores(project, traceId)) {
                scores.add(score.versioned(versions.nextEventVersionAbove(score.eventVersion()), true));
            }
        }
        if (!deleted.isEmpty()) {
            writer.write(new EventBatch(traces, observations, scores, replaced));
        }
        return deleted;
    }
}
