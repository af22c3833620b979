package io.glasshouse.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Stored rows in the JSON shapes of Langfuse's public API (Trace, TraceWithFullDetails,
 * ObservationsView, Score), so its SDK clients and scripts read them unchanged.
 */
final class EventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {}

    static Map<String, Object> trace(TraceRow trace) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", trace.id());
        json.put("projectId", trace.projectId().value());
        json.put("timestamp", iso(trace.timestamp()));
        json.put("name", trace.name());
        json.put("input", parsed(trace.input()));
        json.put("output", parsed(trace.output()));
        json.put("sessionId", trace.sessionId());
        json.put("release", trace.release());
        json.put("version", trace.version());
        json.put("userId", trace.userId());
        json.put("metadata", metadata(trace.metadata()));
        json.put("tags", trace.tags());
        json.put("public", trace.isPublic());
        json.put("bookmarked", trace.bookmarked());
        json.put("environment", trace.environment());
        json.put("htmlPath", "/project/" + trace.projectId().value() + "/traces/" + trace.id());
        return json;
    }

    /** A trace with its observations and scores, latency and total cost derived from them. */
    static Map<String, Object> traceWithDetails(TraceRow trace, List<ObservationRow> observations, List<ScoreRow> scores) {
        Map<String, Object> json = trace(trace);
        json.put("latency", traceLatencySeconds(observations));
        json.put("totalCost", observations.stream()
                .map(ObservationRow::totalCost)
                .filter(Objects::nonNull)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
        json.put("observations", observations.stream().map(EventJson::observation).toList());
        json.put("scores", scores.stream().map(EventJson::score).toList());
        return json;
    }

    static Map<String, Object> observation(ObservationRow o) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", o.id());
        json.put("traceId", o.traceId());
        json.put("projectId", o.projectId().value());
        json.put("type", o.type().name());
        json.put("name", o.name());
        json.put("startTime", iso(o.startTime()));
        json.put("endTime", iso(o.endTime()));
        json.put("completionStartTime", iso(o.completionStartTime()));
        json.put("model", o.providedModelName());
        json.put("modelId", o.internalModelId());
        json.put("modelParameters", parsed(o.modelParameters()));
        json.put("input", parsed(o.input()));
        json.put("output", parsed(o.output()));
        json.put("version", o.version());
        json.put("metadata", metadata(o.metadata()));
        json.put("level", o.level().name());
        json.put("statusMessage", o.statusMessage());
        json.put("parentObservationId", o.parentObservationId());
        json.put("environment", o.environment());
        json.put("promptId", o.promptId());
        json.put("promptName", o.promptName());
        json.put("promptVersion", o.promptVersion());
        json.put("usageDetails", sorted(o.usageDetails()));
        json.put("costDetails", sorted(o.costDetails()));
        json.put("usage", legacyUsage(o.usageDetails()));
        json.put("calculatedInputCost", o.costDetails().get("input"));
        json.put("calculatedOutputCost", o.costDetails().get("output"));
        json.put("calculatedTotalCost", o.totalCost());
        json.put("latency", o.endTime() == null ? null : seconds(o.startTime(), o.endTime()));
        json.put("timeToFirstToken", o.completionStartTime() == null ? null : seconds(o.startTime(), o.completionStartTime()));
        json.put("resourceAttributes", sorted(o.resourceAttributes()));
        json.put("scopeName", o.scopeName());
        return json;
    }

    static Map<String, Object> score(ScoreRow s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("projectId", s.projectId().value());
        json.put("traceId", s.traceId());
        json.put("observationId", s.observationId());
        json.put("sessionId", s.sessionId());
        json.put("datasetRunId", s.datasetRunId());
        json.put("name", s.name());
        json.put("value", s.value());
        json.put("stringValue", s.stringValue());
        json.put("dataType", s.dataType().name());
        json.put("source", s.source().name());
        json.put("comment", s.comment());
        json.put("authorUserId", s.authorUserId());
        json.put("configId", s.configId());
        json.put("queueId", s.queueId());
        json.put("environment", s.environment());
        json.put("metadata", metadata(s.metadata()));
        json.put("timestamp", iso(s.timestamp()));
        return json;
    }

    private static Map<String, Object> legacyUsage(Map<String, Long> usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input", usage.getOrDefault("input", 0L));
        json.put("output", usage.getOrDefault("output", 0L));
        json.put("total", usage.getOrDefault("total", 0L));
        json.put("unit", "TOKENS");
        return json;
    }

    private static Double traceLatencySeconds(List<ObservationRow> observations) {
        Instant first = null;
        Instant last = null;
        for (ObservationRow o : observations) {
            first = first == null || o.startTime().isBefore(first) ? o.startTime() : first;
            Instant end = o.endTime() != null ? o.endTime() : o.startTime();
            last = last == null || end.isAfter(last) ? end : last;
        }
        return first == null ? 0.0 : seconds(first, last);
    }

    // Not toNanos(): stored times may lie centuries apart (1900 to 2262), past what a long of nanos holds.
    private static double seconds(Instant from, Instant to) {
        Duration between = Duration.between(from, to);
        return between.getSeconds() + between.getNano() / 1e9;
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Stored JSON text back to JSON; text that is not JSON stays a string. */
    static JsonNode parsed(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return JSON.readTree(stored);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(stored);
        }
    }

    private static Map<String, JsonNode> metadata(Map<String, String> stored) {
        Map<String, JsonNode> json = new TreeMap<>();
        stored.forEach((key, value) -> json.put(key, parsed(value)));
        return json;
    }

    /**
     * The map's entries in key order. The rows keep their maps in an order that changes from one
     * start of the server to the next (immutable JDK maps iterate in a per-process random order);
     * sorted, the same trace reads the same after a restart and keys are found where one looks.
     */
    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return new TreeMap<>(map);
    }
}
