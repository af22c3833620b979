package io.glasshouse.storage.clickhouse;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;

/**
 * Column names, types and values of each event table, in one place for the write path. Each
 * writer names its columns in the order of the INSERT's column list, so the list is derived from
 * it; the method names the column's type in V001__events.sql, or the migration that changed it
 * (traces.user_id: V008), and TestRowBinaryEncoder checks them.
 * Columns left out (created_at, updated_at) take their defaults.
 */
final class EventColumns {
    private EventColumns() {}

    static final RowBinaryEncoder.Columns<TraceRow> TRACE = (row, c) -> c
            .string("project_id", row.projectId().value())
            .string("id", row.id())
            .dateTime64("timestamp", row.timestamp())
            .nullableString("name", row.name())
            .lowCardinalityNullableString("user_id", row.userId())
            .nullableString("session_id", row.sessionId())
            .lowCardinalityString("environment", row.environment())
            .nullableString("release", row.release())
            .nullableString("version", row.version())
            .nullableString("input", row.input())
            .nullableString("output", row.output())
            .stringMap("metadata", row.metadata())
            .strings("tags", row.tags())
            .bool("public", row.isPublic())
            .bool("bookmarked", row.bookmarked())
            .uint64("event_version", row.eventVersion())
            .uint8("is_deleted", row.deleted());

    static final RowBinaryEncoder.Columns<ObservationRow> OBSERVATION = (row, c) -> c
            .string("project_id", row.projectId().value())
            .string("trace_id", row.traceId())
            .string("id", row.id())
            .lowCardinalityString("type", row.type().name())
            .nullableString("parent_observation_id", row.parentObservationId())
            .nullableString("name", row.name())
            .lowCardinalityString("environment", row.environment())
            .dateTime64("start_time", row.startTime())
            .nullableDateTime64("end_time", row.endTime())
            .nullableDateTime64("completion_start_time", row.completionStartTime())
            .lowCardinalityString("level", row.level().name())
            .nullableString("status_message", row.statusMessage())
            .nullableString("version", row.version())
            .nullableString("input", row.input())
            .nullableString("output", row.output())
            .stringMap("metadata", row.metadata())
            .nullableString("provided_model_name", row.providedModelName())
            .nullableString("internal_model_id", row.internalModelId())
            .nullableString("model_parameters", row.modelParameters())
            .uint64Map("provided_usage_details", row.providedUsageDetails())
            .uint64Map("usage_details", row.usageDetails())
            .decimal64Map("provided_cost_details", row.providedCostDetails())
            .decimal64Map("cost_details", row.costDetails())
            .nullableDecimal64("total_cost", row.totalCost())
            .nullableString("prompt_id", row.promptId())
            .nullableString("prompt_name", row.promptName())
            .nullableUint32("prompt_version", row.promptVersion())
            .stringMap("resource_attributes", row.resourceAttributes())
            .nullableString("scope_name", row.scopeName())
            .uint64("event_version", row.eventVersion())
            .uint8("is_deleted", row.deleted());

    static final RowBinaryEncoder.Columns<ScoreRow> SCORE = (row, c) -> c
            .string("project_id", row.projectId().value())
            .string("id", row.id())
            .dateTime64("timestamp", row.timestamp())
            .nullableString("trace_id", row.traceId())
            .nullableString("observation_id", row.observationId())
            .nullableString("session_id", row.sessionId())
            .nullableString("dataset_run_id", row.datasetRunId())
            .string("name", row.name())
            .float64("value", row.value())
            .nullableString("string_value", row.stringValue())
            .lowCardinalityString("data_type", row.dataType().name())
            .lowCardinalityString("source", row.source().name())
            .nullableString("comment", row.comment())
            .nullableString("author_user_id", row.authorUserId())
            .nullableString("config_id", row.configId())
            .nullableString("queue_id", row.queueId())
            .lowCardinalityString("environment", row.environment())
            .stringMap("metadata", row.metadata())
            .uint64("event_version", row.eventVersion())
            .uint8("is_deleted", row.deleted());
}
