package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.metrics.MetricsQuery;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.DailyMetrics;
import io.glasshouse.storage.MetricsStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link MetricsStore} on ClickHouse: metrics queries compiled by {@link MetricsSql}, and the daily report. */
public final class ClickHouseMetricsStore implements MetricsStore {
    private static final String SETTINGS = " SETTINGS output_format_json_quote_64bit_integers = 0,"
            + " output_format_json_quote_decimals = 0";

    private final ClickHouse clickHouse;
    private final ObservationRollup rollup;

    public ClickHouseMetricsStore(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
        this.rollup = new ObservationRollup(clickHouse);
    }

    @Override
    public void reconcile(ProjectId project, Instant from, Instant to) {
        rollup.reconcile(project, from, to);
    }

    @Override
    public List<ObjectNode> metrics(ProjectId project, MetricsQuery query) {
        // Compiled for FINAL first in any case: that checks the query and names what is wrong.
        Sql onFinal = MetricsSql.compile(project, query);
        List<ObjectNode> rows = clickHouse.query(MetricsRollupSql.fits(query) ? MetricsRollupSql.compile(project, query) : onFinal).rows();
        return TimeBucketFill.fill(query, rows);
    }

    @Override
    public DailyMetrics daily(ProjectId project, DailyMetrics.Filter filter, int offset, int limit) {
        List<String> conditions = new ArrayList<>(List.of(ProjectScopedSql.PROJECT_FILTER));
        if (filter.traceName() != null) {
            conditions.add("name = {trace_name:String}");
        }
        if (filter.userId() != null) {
            conditions.add("user_id = {user_id:String}");
        }
        if (!filter.tags().isEmpty()) {
            conditions.add("hasAll(tags, {tags:Array(String)})");
        }
        if (!filter.environments().isEmpty()) {
            conditions.add("environment IN {environments:Array(String)}");
        }
        if (filter.fromTimestamp() != null) {
            conditions.add("timestamp >= {from:DateTime64(6)}");
        }
        if (filter.toTimestamp() != null) {
            conditions.add("timestamp < {to:DateTime64(6)}");
        }
        String traces = "SELECT id, toString(toDate(timestamp)) AS day FROM traces FINAL WHERE " + String.join(" AND ", conditions);

        long totalDays = clickHouse.query(bind(project, filter, "SELECT uniqExact(day) AS days FROM (" + traces + ")" + SETTINGS)
                        .build())
                .scalar().asLong();
        Map<String, Long> tracesPerDay = new LinkedHashMap<>();
        for (JsonNode row : clickHouse.query(bind(project, filter, "SELECT day, count() AS traces FROM (" + traces
                        + ") GROUP BY day ORDER BY day DESC LIMIT {limit:UInt32} OFFSET {offset:UInt64}" + SETTINGS)
                        .bind("limit", limit)
                        .bind("offset", offset)
                        .build()).rows()) {
            tracesPerDay.put(row.get("day").asText(), row.get("traces").asLong());
        }
        if (tracesPerDay.isEmpty()) {
            return new DailyMetrics(List.of(), totalDays);
        }
        Map<String, List<DailyMetrics.ModelUsage>> usagePerDay = new LinkedHashMap<>();
        for (JsonNode row : clickHouse.query(bind(project, filter, """
                        SELECT t.day AS day, o.provided_model_name AS model, uniqExact(o.trace_id) AS traces, count() AS observations,
                          sum(arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'input') > 0, o.usage_details)))) AS input,
                          sum(arraySum(mapValues(mapFilter((k, v) -> positionCaseInsensitive(k, 'output') > 0, o.usage_details)))) AS output,
                          sum(o.usage_details['total']) AS total,
                          toFloat64(sum(ifNull(o.total_cost, 0))) AS cost
                        FROM observations AS o FINAL
                        INNER JOIN (%s AND toString(toDate(timestamp)) IN {days:Array(String)}) AS t ON t.id = o.trace_id
                        WHERE o.project_id = {project_id:String}
                        GROUP BY day, model
                        ORDER BY day DESC, model ASC""".formatted(traces) + SETTINGS)
                        .bindStrings("days", tracesPerDay.keySet())
                        .build()).rows()) {
            usagePerDay.computeIfAbsent(row.get("day").asText(), day -> new ArrayList<>()).add(new DailyMetrics.ModelUsage(
                    row.get("model").isNull() ? null : row.get("model").asText(),
                    row.get("input").asLong(), row.get("output").asLong(), row.get("total").asLong(),
                    row.get("traces").asLong(), row.get("observations").asLong(), row.get("cost").asDouble()));
        }
        List<DailyMetrics.Day> days = new ArrayList<>();
        tracesPerDay.forEach((day, traceCount) -> {
            List<DailyMetrics.ModelUsage> usage = usagePerDay.getOrDefault(day, List.of());
            days.add(new DailyMetrics.Day(LocalDate.parse(day), traceCount,
                    usage.stream().mapToLong(DailyMetrics.ModelUsage::countObservations).sum(),
                    usage.stream().mapToDouble(DailyMetrics.ModelUsage::totalCost).sum(),
                    usage));
        });
        return new DailyMetrics(days, totalDays);
    }

    private static Sql.Builder bind(ProjectId project, DailyMetrics.Filter filter, String text) {
        Sql.Builder sql = ProjectScopedSql.forProject(project, text);
        if (filter.traceName() != null) {
            sql.bind("trace_name", filter.traceName());
        }
        if (filter.userId() != null) {
            sql.bind("user_id", filter.userId());
        }
        if (!filter.tags().isEmpty()) {
            sql.bindStrings("tags", filter.tags());
        }
        if (!filter.environments().isEmpty()) {
            sql.bindStrings("environments", filter.environments());
        }
        if (filter.fromTimestamp() != null) {
            sql.bind("from", filter.fromTimestamp());
        }
        if (filter.toTimestamp() != null) {
            sql.bind("to", filter.toTimestamp());
        }
        return sql;
    }
}
