package io.glasshouse.ingest.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Maps score-create bodies as Langfuse does: the data type is inferred from the value when not
 * given (a number is NUMERIC, a string CATEGORICAL); BOOLEAN values are 0 or 1 and also stored as
 * "True"/"False"; a score belongs to exactly one of a trace (optionally one of its observations), a
 * session or a dataset run. The score's time is the event's timestamp.
 */
final class ScoreParser {
    private static final String TARGET_RULE = "provide exactly one of body.traceId (with optional body.observationId), "
            + "body.sessionId or body.datasetRunId; body.observationId requires body.traceId";

    ParsedEvent.Score score(ProjectId project, String envelopeId, Instant timestamp, BodyFields body) {
        String id = body.id("id", false);
        if (id == null) {
            // Langfuse drops such scores silently; a name-based id keeps them, and a retried event
            // with the same envelope id lands on the same score.
            id = UUID.nameUUIDFromBytes(("score:" + envelopeId).getBytes(StandardCharsets.UTF_8)).toString();
        }
        String name = body.requiredString("name");
        String traceId = present(body.string("traceId"));
        String observationId = present(body.string("observationId"));
        String sessionId = present(body.string("sessionId"));
        String datasetRunId = present(body.string("datasetRunId"));
        boolean onTrace = traceId != null && sessionId == null && datasetRunId == null;
        boolean onSession = sessionId != null && traceId == null && datasetRunId == null && observationId == null;
        boolean onRun = datasetRunId != null && traceId == null && sessionId == null && observationId == null;
        if (!onTrace && !onSession && !onRun) {
            throw GlasshouseException.invalid(TARGET_RULE);
        }
        ScoreSource source = body.oneOf("source", ScoreSource.class);
        String configId = present(body.string("configId"));
        if (source == ScoreSource.ANNOTATION && configId == null) {
            throw GlasshouseException.invalid("body.configId is required when body.source is ANNOTATION");
        }
        String environment = body.environment("environment");
        Map<String, String> metadata = body.metadata("metadata");
        Typed typed = typedValue(body);
        ScoreRow row = new ScoreRow(
                project,
                id,
                timestamp,
                traceId,
                observationId,
                sessionId,
                datasetRunId,
                name,
                typed.value(),
                typed.stringValue(),
                typed.dataType(),
                source == null ? ScoreSource.API : source,
                body.text("comment"),
                null,
                configId,
                present(body.string("queueId")),
                environment == null ? "default" : environment,
                metadata == null ? Map.of() : metadata,
                0,
                false);
        return new ParsedEvent.Score(envelopeId, row, typed.sent() ? typed.dataType() : null);
    }

    private record Typed(double value, String stringValue, ScoreDataType dataType, boolean sent) {}

    private static Typed typedValue(BodyFields body) {
        String dataTypeName = body.string("dataType");
        ScoreDataType dataType = null;
        if (dataTypeName != null) {
            dataType = switch (dataTypeName) {
                case "NUMERIC" -> ScoreDataType.NUMERIC;
                case "CATEGORICAL" -> ScoreDataType.CATEGORICAL;
                case "BOOLEAN" -> ScoreDataType.BOOLEAN;
                case "TEXT", "CORRECTION" -> throw GlasshouseException.invalid(
                        "body.dataType " + dataTypeName + " is not supported yet; use NUMERIC, CATEGORICAL or BOOLEAN");
                default -> throw GlasshouseException.invalid("body.dataType must be one of NUMERIC, CATEGORICAL, BOOLEAN");
            };
        }
        JsonNode value = body.value("value");
        if (value == null) {
            throw GlasshouseException.invalid("body.value is required");
        }
        boolean sent = dataType != null;
        if (dataType == null) {
            if (value.isNumber()) {
                dataType = ScoreDataType.NUMERIC;
            } else if (value.isTextual()) {
                dataType = ScoreDataType.CATEGORICAL;
            } else {
                throw body.wrongType("value", "a number or a string", value);
            }
        }
        return switch (dataType) {
            case NUMERIC -> new Typed(finite(body, value, "a number for NUMERIC scores"), null, ScoreDataType.NUMERIC, sent);
            case BOOLEAN -> {
                double number = finite(body, value, "0 or 1 for BOOLEAN scores");
                if (number != 0 && number != 1) {
                    throw GlasshouseException.invalid("body.value must be 0 or 1 for BOOLEAN scores");
                }
                yield new Typed(number, number == 1 ? "True" : "False", ScoreDataType.BOOLEAN, sent);
            }
            case CATEGORICAL -> {
                if (!value.isTextual()) {
                    throw body.wrongType("value", "a string for CATEGORICAL scores", value);
                }
                yield new Typed(0, body.text("value"), ScoreDataType.CATEGORICAL, sent);
            }
        };
    }

    private static double finite(BodyFields body, JsonNode value, String expected) {
        if (!value.isNumber()) {
            throw body.wrongType("value", expected, value);
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            throw GlasshouseException.invalid("body.value must be a finite number");
        }
        return number;
    }

    // Langfuse tests these fields for truthiness: an empty string is no target.
    private static String present(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
