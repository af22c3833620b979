package io.glasshouse.storage.clickhouse;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Column names and values of each event table, in one place for the write path. */
final class EventColumns {
    private EventColumns() {}

    static String insertStatement(String table, Map<String, Object> exampleRow) {
        return "INSERT INTO " + table + " (" + String.join(", ", exampleRow.keySet()) + ")";
    }

    static Map<String, Object> trace(TraceRow row) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("project_id", row.projectId());
        c.put("id", row.id());
        c.put("timestamp", row.timestamp());
        c.put("name", row.name());
        c.put("user_id", row.userId());
        c.put("session_id", row.sessionId());
        c.put("environment", row.environment());
        c.put("release", row.release());
        c.put("version", row.version());
        c.put("input", row.input());
        c.put("output", row.output());
        c.put("metadata", row.metadata());
        c.put("tags", row.tags());
        c.put("public", row.isPublic());
        c.put("bookmarked", row.bookmarked());
        c.put("event_version", row.eventVersion());
        c.put("is_deleted", row.deleted() ? 1 : 0);
        return c;
    }

    static Map<String, Object> observation(ObservationRow row) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("project_id", row.projectId());
        c.put("trace_id", row.traceId());
        c.put("id", row.id());
        c.put("type", row.type().name());
        c.put("parent_observation_id", row.parentObservationId());
        c.put("name", row.name());
        c.put("environment", row.environment());
        c.put("start_time", row.startTime());
        c.put("end_time", row.endTime());
        c.put("completion_start_time", row.completionStartTime());
        c.put("level", row.level().name());
        c.put("status_message", row.statusMessage());
        c.put("version", row.version());
        c.put("input", row.input());
        c.put("output", row.output());
        c.put("metadata", row.metadata());
        c.put("provided_model_name", row.providedModelName());
        c.put("internal_model_id", row.internalModelId());
        c.put("model_parameters", row.modelParameters());
        c.put("provided_usage_details", row.providedUsageDetails());
        c.put("usage_details", row.usageDetails());
        c.put("provided_cost_details", row.providedCostDetails());
        c.put("cost_details", row.costDetails());
        c.put("total_cost", row.totalCost());
        c.put("prompt_id", row.promptId());
        c.put("prompt_name", row.promptName());
        c.put("prompt_version", row.promptVersion());
        c.put("resource_attributes", row.resourceAttributes());
        c.put("scope_name", row.scopeName());
        c.put("event_version", row.eventVersion());
        c.put("is_deleted", row.deleted() ? 1 : 0);
        return c;
    }

    static Map<String, Object> score(ScoreRow row) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("project_id", row.projectId());
        c.put("id", row.id());
        c.put("timestamp", row.timestamp());
        c.put("trace_id", row.traceId());
        c.put("observation_id", row.observationId());
        c.put("session_id", row.sessionId());
        c.put("dataset_run_id", row.datasetRunId());
        c.put("name", row.name());
        c.put("value", row.value());
        c.put("string_value", row.stringValue());
        c.put("data_type", row.dataType().name());
        c.put("source", row.source().name());
        c.put("comment", row.comment());
        c.put("author_user_id", row.authorUserId());
        c.put("config_id", row.configId());
        c.put("queue_id", row.queueId());
        c.put("environment", row.environment());
        c.put("metadata", row.metadata());
        c.put("event_version", row.eventVersion());
        c.put("is_deleted", row.deleted() ? 1 : 0);
        return c;
    }

    static <T> List<Map<String, Object>> all(List<T> rows, java.util.function.Function<T, Map<String, Object>> columns) {
        return rows.stream().map(columns).toList();
    }
}
