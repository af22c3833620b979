package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Converts one span whose ids were already checked; see {@link OtelSpanMapper} for the rules. */
final class SpanToPatches {
    private static final Map<String, ObservationLevel> LEVELS = Map.ofEntries(
            Map.entry("DEBUG", ObservationLevel.DEBUG), Map.entry("TRACE", ObservationLevel.DEBUG),
            Map.entry("VERBOSE", ObservationLevel.DEBUG), Map.entry("DEFAULT", ObservationLevel.DEFAULT),
            Map.entry("INFO", ObservationLevel.DEFAULT), Map.entry("LOG", ObservationLevel.DEFAULT),
            Map.entry("NOTICE", ObservationLevel.DEFAULT), Map.entry("OK", ObservationLevel.DEFAULT),
            Map.entry("SUCCESS", ObservationLevel.DEFAULT), Map.entry("WARNING", ObservationLevel.WARNING),
            Map.entry("WARN", ObservationLevel.WARNING), Map.entry("ERROR", ObservationLevel.ERROR),
            Map.entry("FATAL", ObservationLevel.ERROR), Map.entry("CRITICAL", ObservationLevel.ERROR));

    /**
     * An instrumentation scope, read once for all its spans; its attributes as the JSON text every
     * span's metadata carries (null when it has none), at most {@link SharedAttributes#MAX_CHARACTERS}.
     */
    record Scope(String name, String version, String attributesJson) {
        static Scope of(InstrumentationScope scope) {
            String json = scope.getAttributesCount() == 0 ? null : OtelValues.toJson(scope.getAttributesList()).toString();
            return new Scope(emptyToNull(scope.getName()), emptyToNull(scope.getVersion()), SharedAttributes.bounded(json));
        }
    }

    /**
     * A resource, read once for all its spans: its attributes (bounded, and immutable, so every
     * span's row shares the one map) and the trace metadata it sets for them.
     */
    record Resource(Map<String, String> attributes, Map<String, String> traceMetadata) {
        static Resource of(List<KeyValue> list) {
            List<KeyValue> kept = SharedAttributes.bounded(list);
            Map<String, String> attributes = OtelValues.textMap(kept);
            if (kept.size() < list.size()) {
                attributes.put(SharedAttributes.DROPPED_KEY, SharedAttributes.dropped(list.size() - kept.size(), list.size()));
            }
            return new Resource(Map.copyOf(attributes), Map.copyOf(TraceFields.resourceMetadata(new SpanAttributes(kept))));
        }
    }

    /** The observation, the trace patch when the span says something about its trace (else null), the scores. */
    record Converted(ObservationPatch observation, TracePatch trace, List<ScoreRow> scores) {}

    private SpanToPatches() {}

    static Converted convert(ProjectId projectId, String traceId, String spanId, String parentId, Span span,
            Resource resource, Scope scope, Instant now) {
        SpanAttributes a = new SpanAttributes(span.getAttributesList());
        Instant start = nanos(span.getStartTimeUnixNano());
        Instant end = nanos(span.getEndTimeUnixNano());
        Instant startTime = start != null ? start : end != null ? end : now;
        Instant endTime = end != null ? end : startTime;

        boolean vercel = "ai".equals(scope.name()) || a.has("ai.operationId");
        ObservationType type = ObservationTypes.infer(a, resource.attributes(), scope.name(), scope.version());
        boolean root = parentId == null || isTrue(a.takeJson("langfuse.internal.as_root"));
        // The SDKs' own control flags (as_root, is_app_root) are not user metadata; Langfuse never shows them.
        a.consumeIf(key -> key.startsWith("langfuse.internal."));
        String name = name(a, span.getName());
        String environment = Environments.of(a, resource.attributes());
        ObservationLevel level = level(a, span);
        String statusMessage = statusMessage(a, span, level);
        String version = firstNonNull(a.take("langfuse.version"), resource.attributes().get("service.version"));
        InputOutput.Payload payload = InputOutput.extract(a, span.getEventsList(), vercel);

        // Agent spans of the AI SDK repeat their model calls' usage; Langfuse skips it to avoid double counts.
        String operation = a.text("gen_ai.operation.name");
        boolean aggregate = "invoke_agent".equals(operation) || "agent_step".equals(operation);
        String model = aggregate ? null : GenerationFields.modelName(a);
        String modelParameters = GenerationFields.modelParameters(a, vercel);
        Instant completionStart = GenerationFields.completionStartTime(a, startTime);
        Map<String, Long> usage = aggregate ? Map.of() : Usage.extract(a, vercel);
        Map<String, BigDecimal> cost = aggregate ? Map.of() : Usage.cost(a);
        GenerationFields.PromptReference prompt = type == ObservationType.GENERATION
                ? GenerationFields.prompt(a) : new GenerationFields.PromptReference(null, null);

        TraceFields traceFields = TraceFields.extract(a, resource.traceMetadata());
        // The release lives on the trace only: a span that makes no trace patch keeps it in metadata.
        String release = root || traceFields.hasUpdates()
                ? firstNonNull(a.take("langfuse.release"), resource.attributes().get("langfuse.release"))
                : null;
        Map<String, String> userMetadata = Metadata.observation(a);

        Set<Integer> eventsUsed = new HashSet<>(payload.eventsUsed());
        List<ScoreRow> scores = new ArrayList<>();
        for (int i = 0; i < span.getEventsCount(); i++) {
            if (EvaluationEvents.EVENT.equals(span.getEvents(i).getName())) {
                ScoreRow score = EvaluationEvents.score(projectId, traceId, spanId, i, span.getEvents(i), endTime, environment);
                if (score != null) {
                    scores.add(score);
                    eventsUsed.add(i);
                }
            }
        }

        // Explicit user metadata wins over a leftover attribute of the same name.
        Map<String, String> attributeMetadata = new LinkedHashMap<>(userMetadata);
        a.unconsumed().forEach(attributeMetadata::putIfAbsent);
        Map<String, String> metadata = new LinkedHashMap<>(attributeMetadata);
        otelExtras(span, scope, eventsUsed, metadata);

        ObservationPatch observation = new ObservationPatch(projectId, spanId, traceId, false, endTime, type, parentId,
                name, environment, startTime, endTime, completionStart, level, statusMessage,
                version, payload.input(), payload.output(), metadata, model, modelParameters, usage, cost,
                prompt.name(), prompt.version(), resource.attributes(), scope.name());

        TracePatch trace = null;
        if (root) {
            Map<String, String> traceMetadata = new LinkedHashMap<>(attributeMetadata);
            traceMetadata.putAll(traceFields.metadata());
            trace = new TracePatch(projectId, traceId, endTime, startTime,
                    firstNonNull(traceFields.name(), name), traceFields.userId(), traceFields.sessionId(), environment,
                    release, version, firstNonNull(traceFields.input(), payload.input()),
                    firstNonNull(traceFields.output(), payload.output()), traceMetadata, traceFields.tags(),
                    traceFields.isPublic());
        } else if (traceFields.hasUpdates()) {
            trace = new TracePatch(projectId, traceId, endTime, startTime, traceFields.name(), traceFields.userId(),
                    traceFields.sessionId(), environment, release, version, traceFields.input(), traceFields.output(),
                    traceFields.metadata(), traceFields.tags(), traceFields.isPublic(), true);
        }
        return new Converted(observation, trace, scores);
    }

    /** Langfuse's name rules: a GenAI tool name, a Vercel AI SDK tool or operation, else the span name. */
    private static String name(SpanAttributes a, String spanName) {
        String tool = a.takeFirst("gen_ai.tool.name", "ai.toolCall.name");
        if (tool != null) {
            return tool;
        }
        String operationId = a.take("ai.operationId");
        if (operationId != null) {
            String functionId = a.take("ai.telemetry.functionId");
            return functionId != null ? functionId + ":" + operationId : operationId;
        }
        return emptyToNull(spanName);
    }

    private static ObservationLevel level(SpanAttributes a, Span span) {
        String sent = a.text("langfuse.observation.level");
        if (sent != null) {
            ObservationLevel level = LEVELS.get(sent.trim().toUpperCase(Locale.ROOT));
            if (level != null) {
                a.consume("langfuse.observation.level");
                return level;
            }
        }
        return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR
                ? ObservationLevel.ERROR : ObservationLevel.DEFAULT;
    }

    // An error without a status description still says what failed in its exception event.
    private static String statusMessage(SpanAttributes a, Span span, ObservationLevel level) {
        String sent = a.take("langfuse.observation.status_message");
        if (sent != null) {
            return sent;
        }
        if (!span.getStatus().getMessage().isEmpty()) {
            return span.getStatus().getMessage();
        }
        if (level != ObservationLevel.ERROR) {
            return null;
        }
        for (Span.Event event : span.getEventsList()) {
            if ("exception".equals(event.getName())) {
                SpanAttributes exception = new SpanAttributes(event.getAttributesList());
                String type = exception.text("exception.type");
                String message = exception.text("exception.message");
                if (type != null || message != null) {
                    return type == null ? message : message == null ? type : type + ": " + message;
                }
            }
        }
        return null;
    }

    /** Scope version and attributes, the events no field used, and links, under "otel.*" keys. */
    private static void otelExtras(Span span, Scope scope, Set<Integer> eventsUsed, Map<String, String> metadata) {
        if (scope.version() != null) {
            metadata.putIfAbsent("otel.scope.version", scope.version());
        }
        if (scope.attributesJson() != null) {
            metadata.putIfAbsent("otel.scope.attributes", scope.attributesJson());
        }
        ArrayNode events = OtelValues.NODES.arrayNode();
        for (int i = 0; i < span.getEventsCount(); i++) {
            if (!eventsUsed.contains(i)) {
                Span.Event event = span.getEvents(i);
                ObjectNode node = events.addObject().put("name", event.getName());
                Instant time = nanos(event.getTimeUnixNano());
                if (time != null) {
                    node.put("time", time.toString());
                }
                if (event.getAttributesCount() > 0) {
                    node.set("attributes", OtelValues.toJson(event.getAttributesList()));
                }
            }
        }
        if (!events.isEmpty()) {
            metadata.putIfAbsent("otel.events", events.toString());
        }
        ArrayNode links = OtelValues.NODES.arrayNode();
        for (Span.Link link : span.getLinksList()) {
            ObjectNode node = links.addObject()
                    .put("traceId", HexFormat.of().formatHex(link.getTraceId().toByteArray()))
                    .put("spanId", HexFormat.of().formatHex(link.getSpanId().toByteArray()));
            if (link.getAttributesCount() > 0) {
                node.set("attributes", OtelValues.toJson(link.getAttributesList()));
            }
        }
        if (!links.isEmpty()) {
            metadata.putIfAbsent("otel.links", links.toString());
        }
    }

    static Instant nanos(long unixNanos) {
        return unixNanos > 0 ? Instant.ofEpochSecond(0, unixNanos) : null;
    }

    private static boolean isTrue(JsonNode node) {
        return node != null && (node.asBoolean(false) || "true".equals(node.asText()));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }
}
