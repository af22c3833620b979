package io.glasshouse.storage.clickhouse;

import io.glasshouse.metrics.MetricsApiVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The views of the metrics API: for each, the dimensions it groups and filters by and the measures
 * it aggregates, as SQL over our tables. Names follow Langfuse's data model so dashboards and
 * scripts written for it run unchanged.
 *
 * <p>Every view reads its base table with FINAL: with ReplacingMergeTree(event_version, is_deleted)
 * that is exactly "the newest version of each row, deleted ones dropped", and ClickHouse only
 * merges the parts whose key ranges overlap, reading just the columns the query names. Measured
 * against per-id argMax and LIMIT 1 BY in docs/metrics-api.md.
 */
final class MetricsCatalogue {
    enum ColumnType { STRING, NUMBER, ARRAY, DATETIME }

    /** Relations a view may pull in; each is joined only when a column of the query needs it. */
    enum Join { TRACES, OBSERVATIONS, OBSERVATION_STATS, SCORES_BY_OBSERVATION, SCORES_BY_TRACE }

    record Dimension(String sql, ColumnType type, Join join, boolean highCardinality) {}

    /**
     * A per-row value; {@code numeric} false means only {@code count} makes sense for it. When
     * {@code distinct} is set, {@code count} counts the distinct non-null values of that expression
     * (Langfuse's uniqueUserIds/uniqueSessionIds), and every other aggregation reads {@code sql}.
     */
    record Measure(String sql, Join join, boolean numeric, String distinct) {
        Measure(String sql, Join join, boolean numeric) {
            this(sql, join, numeric, null);
        }

        /** Distinct non-empty values of {@code column}; per row, 1 when it has one. */
        static Measure distinctValues(String column) {
            String value = "nullIf(" + column + ", '')";
            return new Measure("if(" + value + " IS NULL, 0, 1)", null, true, value);
        }
    }

    record View(
            String name,
            String from,
            String timeColumn,
            String timeFilterName,
            String segment,
            String metadataColumn,
            Map<String, Dimension> dimensions,
            Map<String, Measure> measures,
            boolean v1Only) {}

    private static final String P = ProjectScopedSql.PROJECT_FILTER;

    static final Map<Join, String> JOINS = Map.of(
            Join.TRACES, "LEFT JOIN (SELECT id, name, user_id, session_id, release, version, tags FROM traces FINAL"
                    + " WHERE " + P + ") AS t ON t.id = %s.trace_id",
            Join.OBSERVATIONS, "LEFT JOIN (SELECT id, name, provided_model_name, prompt_name, prompt_version"
                    + " FROM observations FINAL WHERE " + P + ") AS o ON o.id = s.observation_id",
            Join.OBSERVATION_STATS, "LEFT JOIN (SELECT trace_id, count() AS observations, min(start_time) AS first_start,"
                    + " max(coalesce(end_time, start_time)) AS last_end, sum(usage_details['total']) AS total_tokens,"
                    + " sum(total_cost) AS total_cost FROM observations FINAL WHERE " + P
                    + " GROUP BY trace_id) AS ob ON ob.trace_id = t.id",
            Join.SCORES_BY_OBSERVATION, "LEFT JOIN (SELECT observation_id, count() AS scores FROM scores FINAL WHERE " + P
                    + " AND observation_id IS NOT NULL GROUP BY observation_id) AS sc ON sc.observation_id = o.id",
            Join.SCORES_BY_TRACE, "LEFT JOIN (SELECT trace_id, count() AS scores FROM scores FINAL WHERE " + P
                    + " AND trace_id IS NOT NULL GROUP BY trace_id) AS sc ON sc.trace_id = t.id");

    private static final String USAGE_INPUT = "arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'input') > 0, o.usage_details)))";
    private static final String USAGE_OUTPUT = "arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'output') > 0, o.usage_details)))";

    static final View TRACES = new View("traces", "traces AS t FINAL", "t.timestamp", "timestamp", null, "t.metadata",
            ordered(
                    "id", dimension("t.id", true),
                    "name", dimension("t.name", false),
                    "tags", new Dimension("t.tags", ColumnType.ARRAY, null, false),
                    "userId", dimension("t.user_id", true),
                    "sessionId", dimension("t.session_id", true),
                    "release", dimension("t.release", false),
                    "version", dimension("t.version", false),
                    "environment", dimension("t.environment", false),
                    "timestampMonth", dimension("formatDateTime(t.timestamp, '%Y-%m')", false)),
            ordered(
                    "count", new Measure("1", null, true),
                    "observationsCount", new Measure("ifNull(ob.observations, 0)", Join.OBSERVATION_STATS, true),
                    "scoresCount", new Measure("ifNull(sc.scores, 0)", Join.SCORES_BY_TRACE, true),
                    "uniqueUserIds", Measure.distinctValues("t.user_id"),
                    "uniqueSessionIds", Measure.distinctValues("t.session_id"),
                    "latency", new Measure("dateDiff('millisecond', ob.first_start, ob.last_end)", Join.OBSERVATION_STATS, true),
                    "totalTokens", new Measure("ob.total_tokens", Join.OBSERVATION_STATS, true),
                    "totalCost", new Measure("toFloat64(ob.total_cost)", Join.OBSERVATION_STATS, true)),
            true);

    static final View OBSERVATIONS = new View("observations", "observations AS o FINAL", "o.start_time", "start_time", null,
            "o.metadata",
            ordered(
                    "id", dimension("o.id", true),
                    "traceId", dimension("o.trace_id", true),
                    "traceName", new Dimension("t.name", ColumnType.STRING, Join.TRACES, false),
                    "environment", dimension("o.environment", false),
                    "parentObservationId", dimension("o.parent_observation_id", true),
                    "type", dimension("o.type", false),
                    "name", dimension("o.name", false),
                    "level", dimension("o.level", false),
                    "version", dimension("o.version", false),
                    "tags", new Dimension("t.tags", ColumnType.ARRAY, Join.TRACES, false),
                    "release", new Dimension("t.release", ColumnType.STRING, Join.TRACES, false),
                    "providedModelName", dimension("o.provided_model_name", false),
                    "promptName", dimension("o.prompt_name", false),
                    "promptVersion", new Dimension("o.prompt_version", ColumnType.NUMBER, null, false),
                    "userId", new Dimension("t.user_id", ColumnType.STRING, Join.TRACES, true),
                    "sessionId", new Dimension("t.session_id", ColumnType.STRING, Join.TRACES, true),
                    "traceRelease", new Dimension("t.release", ColumnType.STRING, Join.TRACES, false),
                    "traceVersion", new Dimension("t.version", ColumnType.STRING, Join.TRACES, false),
                    "startTimeMonth", dimension("formatDateTime(o.start_time, '%Y-%m')", false)),
            ordered(
                    "count", new Measure("1", null, true),
                    "latency", new Measure("dateDiff('millisecond', o.start_time, o.end_time)", null, true),
                    "streamingLatency", new Measure("dateDiff('millisecond', o.completion_start_time, o.end_time)", null, true),
                    "inputTokens", new Measure(USAGE_INPUT, null, true),
                    "outputTokens", new Measure(USAGE_OUTPUT, null, true),
                    "totalTokens", new Measure("o.usage_details['total']", null, true),
                    "outputTokensPerSecond", new Measure(USAGE_OUTPUT
                            + " * 1000 / nullIf(dateDiff('millisecond', o.completion_start_time, o.end_time), 0)", null, true),
                    "tokensPerSecond", new Measure("o.usage_details['total'] * 1000"
                            + " / nullIf(dateDiff('millisecond', o.start_time, o.end_time), 0)", null, true),
                    "inputCost", new Measure("toFloat64(arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'input') > 0, o.cost_details))))", null, true),
                    "outputCost", new Measure("toFloat64(arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'output') > 0, o.cost_details))))", null, true),
                    "totalCost", new Measure("toFloat64(o.total_cost)", null, true),
                    "timeToFirstToken", new Measure("dateDiff('millisecond', o.start_time, o.completion_start_time)", null, true),
                    "countScores", new Measure("ifNull(sc.scores, 0)", Join.SCORES_BY_OBSERVATION, true)),
            false);

    static final View SCORES_NUMERIC = scoresView("scores-numeric", "s.data_type IN ('NUMERIC', 'BOOLEAN')",
            "value", new Dimension("s.value", ColumnType.NUMBER, null, false), true);
    static final View SCORES_CATEGORICAL = scoresView("scores-categorical", "s.data_type = 'CATEGORICAL'",
            "stringValue", dimension("s.string_value", false), false);

    private static final Map<String, View> VIEWS = ordered(
            TRACES.name(), TRACES, OBSERVATIONS.name(), OBSERVATIONS,
            SCORES_NUMERIC.name(), SCORES_NUMERIC, SCORES_CATEGORICAL.name(), SCORES_CATEGORICAL);

    private MetricsCatalogue() {}

    static Map<String, View> views(MetricsApiVersion version) {
        Map<String, View> views = new LinkedHashMap<>();
        VIEWS.forEach((name, view) -> {
            if (version == MetricsApiVersion.V1 || !view.v1Only()) {
                views.put(name, view);
            }
        });
        return views;
    }

    private static View scoresView(String name, String segment, String valueName, Dimension value, boolean numeric) {
        Map<String, Dimension> dimensions = ordered(
                "id", dimension("s.id", true),
                "environment", dimension("s.environment", false),
                "name", dimension("s.name", false),
                "source", dimension("s.source", false),
                "dataType", dimension("s.data_type", false),
                "configId", dimension("s.config_id", false),
                "traceId", dimension("s.trace_id", true),
                "observationId", dimension("s.observation_id", true),
                "sessionId", dimension("s.session_id", true),
                "timestampMonth", dimension("formatDateTime(s.timestamp, '%Y-%m')", false),
                "timestampDay", dimension("formatDateTime(s.timestamp, '%Y-%m-%d')", false),
                valueName, value,
                "traceName", new Dimension("t.name", ColumnType.STRING, Join.TRACES, false),
                "tags", new Dimension("t.tags", ColumnType.ARRAY, Join.TRACES, false),
                "userId", new Dimension("t.user_id", ColumnType.STRING, Join.TRACES, true),
                "traceRelease", new Dimension("t.release", ColumnType.STRING, Join.TRACES, false),
                "traceVersion", new Dimension("t.version", ColumnType.STRING, Join.TRACES, false),
                "observationName", new Dimension("o.name", ColumnType.STRING, Join.OBSERVATIONS, false),
                "observationModelName", new Dimension("o.provided_model_name", ColumnType.STRING, Join.OBSERVATIONS, false),
                "observationPromptName", new Dimension("o.prompt_name", ColumnType.STRING, Join.OBSERVATIONS, false),
                "observationPromptVersion", new Dimension("o.prompt_version", ColumnType.NUMBER, Join.OBSERVATIONS, false));
        Map<String, Measure> measures = numeric
                ? ordered("count", new Measure("1", null, true), "value", new Measure("s.value", null, true))
                : ordered("count", new Measure("1", null, true));
        return new View(name, "scores AS s FINAL", "s.timestamp", "timestamp", segment, "s.metadata", dimensions, measures, false);
    }

    private static Dimension dimension(String sql, boolean highCardinality) {
        return new Dimension(sql, ColumnType.STRING, null, highCardinality);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... namesAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], (V) namesAndValues[i + 1]);
        }
        return map;
    }
}
