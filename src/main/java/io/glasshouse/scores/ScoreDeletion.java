package io.glasshouse.scores;

import static java.util.Objects.requireNonNull;

import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.storage.EventStore;
import java.util.List;
import java.util.Optional;

/**
 * Deletes a score the way every row is deleted here: a tombstone, the score's newest row again with
 * a higher version and {@code is_deleted = 1}, stored through the writer like any other row.
 * ReplacingMergeTree(event_version, is_deleted) drops both when it merges; until then reads take
 * the newest version and see the tombstone.
 */
public final class ScoreDeletion {
    private final EventStore events;
    private final RowMerger versions;
    private final EventWriter writer;

    public ScoreDeletion(EventStore events, RowMerger versions, EventWriter writer) {
        this.events = requireNonNull(events, "events is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    /**
     * Returns once the tombstone is stored.
     *
     * @return false when the project has no such score (never had it, or it is deleted already)
     */
    public boolean delete(ProjectId project, String scoreId) {
        requireNonNull(project, "project is null");
        requireNonNull(scoreId, "scoreId is null");
        Optional<ScoreRow> score = events.findScore(project, scoreId);
        if (score.isEmpty()) {
            return false;
        }
        // Same timestamp and name as the live row: they are part of the sort key, so the merge
        // that collapses versions sees the tombstone beside the row it hides.
        ScoreRow tombstone = score.get().versioned(versions.nextEventVersionAbove(score.get().eventVersion()), true);
        writer.write(new EventBatch(List.of(), List.of(), List.of(tombstone)));
        return true;
    }
}
