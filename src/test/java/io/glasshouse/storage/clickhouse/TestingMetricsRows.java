package io.glasshouse.storage.clickhouse;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.glasshouse.model.TraceRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A small, readable data set whose aggregates are worked out by hand in the metrics tests:
 * two days, two traces, three generations (one updated, so only its newest version counts), a
 * span, a deleted generation, and scores. The second project holds rows with the same ids.
 */
final class TestingMetricsRows {
    static final ProjectId ALPHA = new ProjectId("alpha");
    static final ProjectId BETA = new ProjectId("beta");
    static final Instant DAY1 = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-11-21T08:00:00Z");

    private TestingMetricsRows() {}

    static EventBatch alpha() {
        return new EventBatch(
                List.of(trace(ALPHA, "t1", "chat", "u1", DAY1, List.of("a", "b")),
                        trace(ALPHA, "t2", "search", "u2", DAY2, List.of("b"))),
                List.of(
                        // g1 is stored twice; the newer version (cost 0.02) is the one that counts.
                        generation(ALPHA, "t1", "g1", "gpt-4o", DAY1, 1000, 10, 5, "0.01", 1),
                        generation(ALPHA, "t1", "g1", "gpt-4o", DAY1, 1000, 10, 5, "0.02", 2),
                        generation(ALPHA, "t1", "g2", "gpt-4o", DAY1.plusSeconds(60), 3000, 20, 10, "0.03", 1),
                        generation(ALPHA, "t2", "g3", "claude", DAY2, 2000, 40, 20, "0.05", 1),
                        span(ALPHA, "t2", "s1", DAY2.plusSeconds(1)),
                        generation(ALPHA, "t2", "g4", "claude", DAY2, 9000, 1, 1, "7", 1),
                        deleted(generation(ALPHA, "t2", "g4", "claude", DAY2, 9000, 1, 1, "7", 2))),
                List.of(score(ALPHA, "sc1", "t1", "g1", "quality", 0.5, null, ScoreDataType.NUMERIC, DAY1.plusSeconds(5)),
                        score(ALPHA, "sc2", "t2", null, "quality", 1.0, null, ScoreDataType.NUMERIC, DAY2.plusSeconds(5)),
                        score(ALPHA, "sc3", "t2", "g3", "tone", 0, "friendly", ScoreDataType.CATEGORICAL, DAY2.plusSeconds(6))));
    }

    /** Rows with ALPHA's ids and enormous values, which must never show up in ALPHA's answers. */
    static EventBatch beta() {
        return new EventBatch(
                List.of(trace(BETA, "t1", "chat", "u1", DAY1, List.of("a"))),
                List.of(generation(BETA, "t1", "g1", "gpt-4o", DAY1, 50_000, 1000, 1000, "1000", 9)),
                List.of(score(BETA, "sc1", "t1", "g1", "quality", 99, null, ScoreDataType.NUMERIC, DAY1)));
    }

    static TraceRow trace(ProjectId project, String id, String name, String userId, Instant at, List<String> tags) {
        return new TraceRow(project, id, at, name, userId, "session-" + userId, "production", "r1", "1", null, null,
                Map.of("tier", "gold"), tags, false, false, 1, false);
    }

    static ObservationRow generation(ProjectId project, String traceId, String id, String model, Instant start, long latencyMillis,
            long input, long output, String cost, long version) {
        return new ObservationRow(project, traceId, id, ObservationType.GENERATION, null, "llm-call", "production",
                start, start.plusMillis(latencyMillis), start.plusMillis(latencyMillis / 10), ObservationLevel.DEFAULT, null, null,
                null, null, Map.of("step", id), model, model, null, Map.of(),
                Map.of("input", input, "output", output, "total", input + output), Map.of(),
                Map.of("input", new BigDecimal(cost), "total", new BigDecimal(cost)), new BigDecimal(cost),
                null, null, null, Map.of(), null, version, false);
    }

    static ObservationRow span(ProjectId project, String traceId, String id, Instant start) {
        return new ObservationRow(project, traceId, id, ObservationType.SPAN, null, "retrieve", "production",
                start, start.plusMillis(500), null, ObservationLevel.DEFAULT, null, null, null, null, Map.of(), null, null, null,
                Map.of(), Map.of(), Map.of(), Map.of(), null, null, null, null, Map.of(), null, 1, false);
    }

    static ScoreRow score(ProjectId project, String id, String traceId, String observationId, String name, double value,
            String stringValue, ScoreDataType type, Instant at) {
        return new ScoreRow(project, id, at, traceId, observationId, null, null, name, value, stringValue, type, ScoreSource.API,
                null, null, null, null, "production", Map.of(), 1, false);
    }

    static ObservationRow deleted(ObservationRow r) {
        return r.versioned(r.eventVersion(), true);
    }
}
