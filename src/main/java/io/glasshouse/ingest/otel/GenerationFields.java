package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
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
    /** The range of times ingestion accepts, as the batch API's: from 1900 to where OTLP nanoseconds end. */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2262-04-11T00:00:00Z");

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
     * JSON-quoted), else the Vercel AI SDK's milliseconds to first chunk after the start. A time
     * outside {@link #EARLIEST}..{@link #LATEST} is not used; its attribute stays in metadata.
     */
    static Instant completionStartTime(SpanAttributes a, Instant start) {
        String sent = a.text(COMPLETION_START_TIME);
        if (sent != null) {
            JsonNode unquoted = OtelValues.parse(sent);
            Instant parsed = parseInstant(unquoted != null && unquoted.isTextual() ? unquoted.textValue() : sent);
            if (storable(parsed)) {
                a.consume(COMPLETION_START_TIME);
                return parsed;
            }
        }
        for (String key : List.of("ai.response.msToFirstChunk", "ai.stream.msToFirstChunk")) {
            JsonNode ms = a.json(key);
            BigDecimal millis = OtelValues.decimal(ms);
            Instant time = millis == null ? null : plusMillis(start, millis.doubleValue());
            if (storable(time)) {
                a.consume(key);
                return time;
            }
        }
        return null;
    }

    // DateTime64(6) ends in 2299 and a time past it fails the whole insert (every request sharing
    // the group commit); the batch API refuses such times, and span nanoseconds end in 2262.
    private static boolean storable(Instant time) {
        return time != null && !time.isBefore(EARLIEST) && time.isBefore(LATEST);
    }

    private static Instant plusMillis(Instant start, double millis) {
        // Ten thousand years either way is already out of range; beyond it plusMillis would overflow.
        if (!Double.isFinite(millis) || Math.abs(millis) > 3.2e14) {
            return null;
        }
        return start.plusMillis((long) Math.ceil(millis));
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
