package io.glasshouse.storage.clickhouse.query;

import static io.glasshouse.storage.clickhouse.query.ColumnKind.BOOLEAN;
import static io.glasshouse.storage.clickhouse.query.ColumnKind.DATETIME;
import static io.glasshouse.storage.clickhouse.query.ColumnKind.NUMBER;
import static io.glasshouse.storage.clickhouse.query.ColumnKind.NUMBER_MAP;
import static io.glasshouse.storage.clickhouse.query.ColumnKind.STRING;
import static io.glasshouse.storage.clickhouse.query.ColumnKind.STRING_ARRAY;
import static io.glasshouse.storage.clickhouse.query.ColumnKind.STRING_MAP;

/**
 * The filterable and sortable columns of each event view, by the names Langfuse's API and UI use
 * (camelCase ids, and the UI's display names as aliases). Expressions refer to the raw table
 * columns, so they work on the table and on any subquery that keeps its column names.
 */
public final class EventCatalogues {
    private EventCatalogues() {}

    public static final ColumnCatalogue TRACES = ColumnCatalogue.builder("traces")
            .column("id", "id", STRING, "ID")
            .column("timestamp", "timestamp", DATETIME)
            .column("name", "name", STRING)
            .column("userId", "user_id", STRING, "User ID", "user")
            .column("sessionId", "session_id", STRING, "Session ID", "session")
            .column("release", "release", STRING)
            .column("version", "version", STRING)
            .column("environment", "environment", STRING)
            .column("tags", "tags", STRING_ARRAY)
            .column("metadata", "metadata", STRING_MAP)
            .column("input", "input", STRING)
            .column("output", "output", STRING)
            .column("public", "public", BOOLEAN)
            .column("bookmarked", "bookmarked", BOOLEAN)
            .build();

    public static final ColumnCatalogue OBSERVATIONS = ColumnCatalogue.builder("observations")
            .column("id", "id", STRING, "ID")
            .column("traceId", "trace_id", STRING, "Trace ID")
            .column("type", "type", STRING)
            .column("name", "name", STRING)
            .column("parentObservationId", "parent_observation_id", STRING)
            .column("environment", "environment", STRING)
            .column("level", "level", STRING)
            .column("statusMessage", "status_message", STRING, "Status Message")
            .column("version", "version", STRING)
            .column("startTime", "start_time", DATETIME, "Start Time")
            .column("endTime", "end_time", DATETIME, "End Time")
            .column("completionStartTime", "completion_start_time", DATETIME)
            .column("model", "provided_model_name", STRING, "providedModelName")
            .column("modelId", "internal_model_id", STRING, "internalModelId")
            .column("promptId", "prompt_id", STRING)
            .column("promptName", "prompt_name", STRING, "Prompt Name")
            .column("promptVersion", "prompt_version", NUMBER)
            .column("metadata", "metadata", STRING_MAP)
            .column("usageDetails", "usage_details", NUMBER_MAP)
            .column("costDetails", "cost_details", NUMBER_MAP)
            // Decimal columns are compared as Float64: filter values arrive as doubles.
            .column("totalCost", "toFloat64(total_cost)", NUMBER, "Total Cost", "calculatedTotalCost")
            .column("inputTokens", "usage_details['input']", NUMBER, "Input Tokens")
            .column("outputTokens", "usage_details['output']", NUMBER, "Output Tokens")
            .column("totalTokens", "usage_details['total']", NUMBER, "Total Tokens")
            .column("latency", "dateDiff('millisecond', start_time, end_time) / 1000", NUMBER, "Latency")
            .column("timeToFirstToken", "dateDiff('millisecond', start_time, completion_start_time) / 1000", NUMBER,
                    "Time To First Token")
            .column("input", "input", STRING)
            .column("output", "output", STRING)
            .build();

    /**
     * Columns of an observation's trace, for filtering observations by them; names carry a
     * "trace" prefix where the observation has a column of the same name.
     */
    public static final ColumnCatalogue TRACE_CONTEXT = ColumnCatalogue.builder("observations (trace columns)")
            .column("userId", "user_id", STRING, "User ID")
            .column("sessionId", "session_id", STRING, "Session ID")
            .column("traceName", "name", STRING, "Trace Name")
            .column("traceTags", "tags", STRING_ARRAY, "tags", "Trace Tags")
            .column("release", "release", STRING)
            .build();
}
