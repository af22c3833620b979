package io.glasshouse.storage;

import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Lists of a project's scores, newest first (Langfuse's GET /v2/scores and /v3/scores). */
public interface ScoreLists {
    /** One page of the scores matching {@code filter}, and how many match in all. */
    Page list(ProjectId project, ScoreFilter filter, int offset, int limit);

    /** Up to {@code limit} scores older than {@code after} (or the newest when empty). */
    List<Listed> listAfter(ProjectId project, Optional<Position> after, int limit);

    /** A score with the trace properties Langfuse lists with it; {@code trace} is null without a stored trace. */
    record Listed(ScoreRow score, TraceSummary trace) {}

    record TraceSummary(String userId, List<String> tags, String environment) {
        public TraceSummary {
            tags = List.copyOf(tags);
        }
    }

    record Page(List<Listed> scores, long totalItems) {
        public Page {
            scores = List.copyOf(scores);
        }
    }

    /** Where a cursor page ends: the last score's time and id (scores are ordered by both, descending). */
    record Position(Instant timestamp, String id) {}
}
