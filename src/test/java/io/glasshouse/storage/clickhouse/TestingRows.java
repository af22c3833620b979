package io.glasshouse.storage.clickhouse;

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

/** Readable, deterministic rows for storage tests. */
public final class TestingRows {
    public static final Instant T0 = Instant.parse("2026-11-20T09:30:00.123456Z");

    private TestingRows() {}

    public static TraceRow trace(ProjectId project, String id, String name, long version) {
        return new TraceRow(project, id, T0, name, "user-1", "session-1", "production", "v1.2", "3",
                "{\"question\":\"Wie spät ist es? 日本語\"}", "\"It's 09:30\"",
                Map.of("customer", "\"acme\"", "tier", "2"), List.of("chat", "beta"), false, false, version, false);
    }

    public static TraceRow deleted(TraceRow row, long version) {
        return row.versioned(version, true);
    }

    public static ScoreRow deleted(ScoreRow row, long version) {
        return row.versioned(version, true);
    }

    public static ObservationRow generation(ProjectId project, String traceId, String id, long version) {
        return new ObservationRow(project, traceId, id, ObservationType.GENERATION, null, "chat-completion",
                "production", T0, T0.plusMillis(1250), T0.plusMillis(300), ObservationLevel.DEFAULT, null, null,
                "[{\"role\":\"user\",\"content\":\"hi\"}]", "{\"role\":\"assistant\",\"content\":\"hello\"}",
                Map.of("step", "1"), "gpt-4o-mini", "gpt-4o-mini", "{\"temperature\":0.2}",
                Map.of("input", 12L, "output", 3L), Map.of("input", 12L, "output", 3L, "total", 15L),
                Map.of(), Map.of("input", new BigDecimal("0.0000018"), "output", new BigDecimal("0.0000018"),
                        "total", new BigDecimal("0.0000036")),
                new BigDecimal("0.0000036"), null, "support-prompt", 4,
                Map.of("service.name", "support-bot"), "langfuse-sdk", version, false);
    }

    public static ScoreRow score(ProjectId project, String id, String traceId, long version) {
        return new ScoreRow(project, id, T0.plusSeconds(2), traceId, null, null, null, "helpfulness", 0.75, null,
                ScoreDataType.NUMERIC, ScoreSource.API, "good answer", null, null, null, "production",
                Map.of(), version, false);
    }
}
