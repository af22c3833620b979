package io.glasshouse.web;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.query.SessionSummary;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceSummary;
import io.glasshouse.storage.query.UserSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The list items of the read API in Langfuse's shapes (and the users extension's). */
final class ListJson {
    private ListJson() {}

    /** Field groups of {@code GET /api/public/v2/observations}. */
    enum ObservationGroup {
        CORE(List.of("id", "traceId", "startTime", "endTime", "projectId", "parentObservationId", "type")),
        BASIC(List.of("name", "level", "statusMessage", "version", "environment")),
        TIME(List.of("completionStartTime")),
        IO(List.of("input", "output")),
        METADATA(List.of("metadata")),
        MODEL(List.of("model", "modelId", "modelParameters")),
        USAGE(List.of("usageDetails", "costDetails", "usage", "calculatedInputCost", "calculatedOutputCost",
                "calculatedTotalCost")),
        PROMPT(List.of("promptId", "promptName", "promptVersion")),
        METRICS(List.of("latency", "timeToFirstToken")),
        TRACE_CONTEXT(List.of());

        final List<String> keys;

        ObservationGroup(List<String> keys) {
            this.keys = keys;
        }
    }

    /** A trace list item: Langfuse's TraceWithDetails, with only the asked-for groups. */
    static Map<String, Object> trace(TraceSummary summary, Set<TraceFieldGroup> groups) {
        Map<String, Object> json = EventJson.trace(summary.trace());
        if (!groups.contains(TraceFieldGroup.IO)) {
            json.remove("input");
            json.remove("output");
            json.remove("metadata");
        }
        if (groups.contains(TraceFieldGroup.METRICS)) {
            json.put("latency", summary.latencySeconds());
            json.put("totalCost", summary.totalCost());
        }
        if (groups.contains(TraceFieldGroup.OBSERVATIONS)) {
            json.put("observations", summary.observationIds());
        }
        if (groups.contains(TraceFieldGroup.SCORES)) {
            json.put("scores", summary.scoreIds());
        }
        return json;
    }

    static Map<String, Object> observation(ObservationRow row, Set<ObservationGroup> groups, TraceRow trace) {
        Map<String, Object> full = EventJson.observation(row);
        Map<String, Object> json = new LinkedHashMap<>();
        for (ObservationGroup group : groups) {
            group.keys.forEach(key -> json.put(key, full.get(key)));
        }
        if (groups.contains(ObservationGroup.TRACE_CONTEXT)) {
            json.put("userId", trace == null ? null : trace.userId());
            json.put("sessionId", trace == null ? null : trace.sessionId());
            json.put("traceName", trace == null ? null : trace.name());
            json.put("traceTags", trace == null ? List.of() : trace.tags());
        }
        return json;
    }

    static Map<String, Object> session(SessionSummary session, String projectId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", session.id());
        json.put("createdAt", EventJson.iso(session.createdAt()));
        json.put("projectId", projectId);
        json.put("environment", session.environment());
        return json;
    }

    static Map<String, Object> user(UserSummary user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userId", user.userId());
        json.put("traceCount", user.traceCount());
        json.put("observationCount", user.observationCount());
        json.put("inputTokens", user.inputTokens());
        json.put("outputTokens", user.outputTokens());
        json.put("totalTokens", user.totalTokens());
        json.put("totalCost", user.totalCost());
        json.put("firstSeen", EventJson.iso(user.firstSeen()));
        json.put("lastSeen", EventJson.iso(user.lastSeen()));
        return json;
    }
}
