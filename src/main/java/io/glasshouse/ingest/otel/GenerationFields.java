package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Model name, model parameters, completion start time and prompt reference of a span. */
final class GenerationFields {
    static final String MODEL = "langfuse.observation.model.name";
    static final String MODEL_PARAMETERS = "langfuse.observation.model.parameters";
    static final String COMPLETION_START_TIME = "langfuse.observation.completion_start_time";

    /** Langfuse's order, plus OpenInference {@code embedding.model_name} last. */
    private static final String[] MODEL_KEYS = {
        MODEL, "gen_ai.response.model", "ai.model.id", "gen_ai.request.model", "llm.response.model",
        "llm.model_name", "model", "embedding.model_name"
    };
    /** OpenLLMetry parameters outside gen_ai.request.*, by parameter name. */
    private static final Map<String, String> TRACELOOP_PARAMETERS = Map.of(
            "llm.frequency_penalty", "frequency_penalty", "llm.presence_penalty", "presence_penalty",
            "llm.top_k", "top_k", "llm.chat.stop_sequences", "stop_sequences");

    record PromptReference(String name, Integer version) {}

    private GenerationFields() {}

    static String modelName(SpanAttributes a) {
        return a.takeFirst(MODEL_KEYS);
    }

    /**
     * A JSON object of parameter name to value, or null. Sources: {@code
     * langfuse.observation.model.parameters}; for the Vercel AI SDK {@code ai.settings.*}, {@code
     * gen_ai.request.*} and {@code ai.prompt.toolChoice} under the explicit ones; else {@code
     * llm.invocation_parameters} (JSON); else {@code gen_ai.request.*},
     * {@code llm.invocation_parameters.*} and OpenLLMetry's {@code llm.*} penalties. Values are
     * strings or numbers as Langfuse keeps them; anything else becomes its JSON text.
     */
    static String modelParameters(SpanAttributes a, boolean vercel) {
        ObjectNode explicit = OtelValues.parseObject(a.text(MODEL_PARAMETERS));
        if (explicit != null) {
            a.consume(MODEL_PARAMETERS);
            if (!vercel) {
                return sanitized(explicit);
            }
        }
        ObjectNode parameters = OtelValues.NODES.objectNode();
        if (vercel) {
            fromPrefix(a, "ai.settings.", parameters);
            fromPrefix(a, "gen_ai.request.", parameters);
            JsonNode toolChoice = a.takeJson("ai.prompt.toolChoice");
            if (toolChoice != null) {
                parameters.set("toolChoice", toolChoice);
            }
            if (explicit != null) {
                parameters.setAll(explicit);
            }
            return sanitized(parameters);
        }
        ObjectNode invocation = OtelValues.parseObject(a.text("llm.invocation_parameters"));
        if (invocation != null) {
            a.consume("llm.invocation_parameters");
            return sanitized(invocation);
        }
        fromPrefix(a, "gen_ai.request.", parameters);
        fromPrefix(a, "llm.invocation_parameters.", parameters);
        TRACELOOP_PARAMETERS.forEach((attribute, name) -> {
            JsonNode value = a.takeJson(attribute);
            if (value != null) {
                parameters.set(name, value);
            }
        });
        return sanitized(parameters);
    }

    private static void fromPrefix(SpanAttributes a, String prefix, ObjectNode into) {
        for (String key : a.keysStartingWith(prefix)) {
            String name = key.substring(prefix.length());
            if (name.equals("model") || name.isEmpty()) {
                continue;
            }
            JsonNode value = a.takeJson(key);
            if (value != null) {
                into.set(name, value);
            }
        }
    }

    private static String sanitized(ObjectNode parameters) {
        if (parameters.isEmpty()) {
            return null;
        }
        ObjectNode sanitized = OtelValues.NODES.objectNode();
        parameters.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (value.isTextual() || value.isNumber()) {
                sanitized.set(e.getKey(), value);
            } else if (!value.isNull()) {
                sanitized.put(e.getKey(), value.toString());
            }
        });
        return sanitized.toString();
    }

    /**
     * {@code langfuse.observation.completion_start_time} (ISO-8601; older Python SDKs send it
     * JSON-quoted), else the Vercel AI SDK's milliseconds to first chunk after the start.
     */
    static Instant completionStartTime(SpanAttributes a, Instant start) {
        String sent = a.text(COMPLETION_START_TIME);
        if (sent != null) {
            JsonNode unquoted = OtelValues.parse(sent);
            Instant parsed = parseInstant(unquoted != null && unquoted.isTextual() ? unquoted.textValue() : sent);
            if (parsed != null) {
                a.consume(COMPLETION_START_TIME);
                return parsed;
            }
        }
        for (String key : List.of("ai.response.msToFirstChunk", "ai.stream.msToFirstChunk")) {
            JsonNode ms = a.json(key);
            if (ms != null && OtelValues.decimal(ms) != null) {
                a.consume(key);
                double millis = Math.ceil(OtelValues.decimal(ms).doubleValue());
                return start.plusMillis((long) millis);
            }
        }
        return null;
    }

    static Instant parseInstant(String text) {
        String trimmed = text.trim();
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException e) {
            // Python's isoformat() of a naive datetime has no offset; Langfuse reads it as UTC.
        }
        try {
            return LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * {@code langfuse.observation.prompt.name/version}, else {@code langfuse.prompt.name/version},
     * else the Vercel AI SDK's {@code ai.telemetry.metadata.langfusePrompt} JSON. Only generations
     * link prompts; for other types the attributes stay in metadata.
     */
    static PromptReference prompt(SpanAttributes a) {
        String name = a.takeFirst("langfuse.observation.prompt.name", "langfuse.prompt.name");
        Integer version = wholeInt(a, "langfuse.observation.prompt.version");
        if (version == null) {
            version = wholeInt(a, "langfuse.prompt.version");
        }
        if (name == null || version == null) {
            ObjectNode fromAiSdk = OtelValues.parseObject(a.text("ai.telemetry.metadata.langfusePrompt"));
            if (fromAiSdk != null) {
                a.consume("ai.telemetry.metadata.langfusePrompt");
                if (name == null) {
                    name = OtelValues.text(fromAiSdk.get("name"));
                }
                if (version == null) {
                    Long v = OtelValues.wholeNumber(fromAiSdk.get("version"));
                    version = v == null || v > Integer.MAX_VALUE ? null : v.intValue();
                }
            }
        }
        return new PromptReference(name, version);
    }

    private static Integer wholeInt(SpanAttributes a, String key) {
        Long value = OtelValues.wholeNumber(a.json(key));
        if (value == null || value > Integer.MAX_VALUE) {
            return null;
        }
        a.consume(key);
        return value.intValue();
    }
}
