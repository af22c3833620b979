package io.glasshouse.ingest.otel;

import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * OTel GenAI {@code gen_ai.evaluation.result} span events as scores on the span's observation:
 * {@code gen_ai.evaluation.name} is the score name, {@code gen_ai.evaluation.score.value} makes a
 * NUMERIC score, a {@code gen_ai.evaluation.score.label} alone a CATEGORICAL one, and
 * {@code gen_ai.evaluation.explanation} the comment. The score id is derived from the trace,
 * span, event position and name, so a re-sent span replaces its scores instead of adding copies;
 * the event time in nanoseconds is the row version.
 */
final class EvaluationEvents {
    static final String EVENT = "gen_ai.evaluation.result";

    private EvaluationEvents() {}

    /**
     * The score, or null when the event lacks a name or both value and label, or its value is not
     * a finite number (a string like "1e400" parses to infinity); the event then stays in metadata.
     */
    static ScoreRow score(ProjectId projectId, String traceId, String spanId, int eventIndex, Span.Event event,
            Instant spanEnd, String environment) {
        SpanAttributes a = new SpanAttributes(event.getAttributesList());
        String name = a.take("gen_ai.evaluation.name");
        BigDecimal value = Usage.takeDecimal(a, "gen_ai.evaluation.score.value");
        String label = a.take("gen_ai.evaluation.score.label");
        if (name == null || (value == null && label == null) || (value != null && !Double.isFinite(value.doubleValue()))) {
            return null;
        }
        String comment = a.take("gen_ai.evaluation.explanation");
        Map<String, String> metadata = new LinkedHashMap<>(a.unconsumed());
        if (value != null && label != null) {
            metadata.put("gen_ai.evaluation.score.label", label);
        }
        long nanos = event.getTimeUnixNano() > 0 ? event.getTimeUnixNano() : toNanos(spanEnd);
        Instant timestamp = event.getTimeUnixNano() > 0 ? Instant.ofEpochSecond(0, event.getTimeUnixNano()) : spanEnd;
        String id = UUID.nameUUIDFromBytes((traceId + "/" + spanId + "/" + eventIndex + "/" + name)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new ScoreRow(projectId, id, timestamp, traceId, spanId, null, null, name,
                value != null ? value.doubleValue() : 0, value != null ? null : label,
                value != null ? ScoreDataType.NUMERIC : ScoreDataType.CATEGORICAL, ScoreSource.API, comment,
                null, null, null, environment, metadata, Math.max(nanos, 0), false);
    }

    private static long toNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
