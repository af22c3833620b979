package io.glasshouse.storage.clickhouse;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;

/**
 * Column names and values of each event table, in one place for the write path. Each writer
 * names its columns in the order of the INSERT's column list, so the list is derived from it.
 */
final class EventColumns {
    private EventColumns() {}

    static final JsonRowEncoder.Columns<TraceRow> TRACE = (row, c) -> c
            .string("project_id", row.projectId().value())
            .string("id", row.id())
            .dateTime64("timestamp", row.timestamp())
            .string("name", row.name())
            .string("user_id", row.userId())
            .string("session_id", row.sessionId())
            .string("environment", row.environment())
            .string("release", row.release())
            .string("version", row.version())
            .string("input", row.input())
            .string("output", row.output())
            .stringMap("metadata", row.metadata())
            .strings("tags", row.tags())
            .bool("public", row.isPublic())
            .bool("bookmarked", row.bookmarked())
            .number("event_version", row.eventVersion())
            .number("is_deleted", row.deleted() ? 1 : 0);

    static final JsonRowEncoder.Columns<ObservationRow> OBSERVATION = (row, c) -> c
            .string("project_id", row.projectId().value())
            .string("trace_id", row.traceId())
            .string("id", row.id())
            .string("type", row.type().name())
            .string("parent_observation_id", row.parentObservationId())
            .string("name", row.name())
            .string("environment", row.environment())
            .dateTime64("start_time", row.startTime())
            .dateTime64("end_time", row.endTime())
            .dateTime64("completion_start_time", row.completionStartTime())
            .string("level", row.level().name())
            .string("status_message", row.statusMessage())
            .string("version", row.version())
            .string("input", row.input())
            .string("output", row.output())
            .stringMap("metadata", row.metadata())
            .string("provided_model_name", row.providedModelName())
            .string("internal_model_id", row.internalModelId())
            .string("model_parameters", row.modelParameters())
            .longMap("provided_usage_details", row.providedUsageDetails())
            .longMap("usage_details", row.usageDetails())
            .decimalMap("provided_cost_details", row.providedCostDetails())
            .decimalMap("cost_details", row.costDetails())
            .decimal("total_cost", row.totalCost())
            .string("prompt_id", row.promptId())
            .string("prompt_name", row.promptName())
            .nullableNumber("prompt_version", row.promptVersion())
            .stringMap("resource_attributes", row.resourceAttributes())
            .string("scope_name", row.scopeName())
            .number("event_version", row.eventVersion())
            .number("is_deleted", row.deleted() ? 1 : 0);

    static final JsonRowEncoder.Columns<ScoreRow> SCORE = (row, c) -> c
            .string("project_id", row.projectId().value())
            .string("id", row.id())
            .dateTime64("timestamp", row.timestamp())
            .string("trace_id", row.traceId())
            .string("observation_id", row.observationId())
            .string("session_id", row.sessionId())
            .string("dataset_run_id", row.datasetRunId())
            .string("name", row.name())
            .number("value", row.value())
            .string("string_value", row.stringValue())
            .string("data_type", row.dataType().name())
            .string("source", row.source().name())
            .string("comment", row.comment())
            .string("author_user_id", row.authorUserId())
            .string("config_id", row.configId())
            .string("queue_id", row.queueId())
            .string("environment", row.environment())
            .stringMap("metadata", row.metadata())
            .number("event_version", row.eventVersion())
            .number("is_deleted", row.deleted() ? 1 : 0);

    static String insertStatement(String table, JsonRowEncoder.Encoded encoded) {
        return "INSERT INTO " + table + " (" + String.join(", ", encoded.columns()) + ")";
    }
}
