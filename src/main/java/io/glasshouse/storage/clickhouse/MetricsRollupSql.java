package io.glasshouse.storage.clickhouse;

import io.glasshouse.metrics.Aggregation;
import io.glasshouse.metrics.Granularity;
import io.glasshouse.metrics.MetricsQuery;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.View;
import io.glasshouse.storage.clickhouse.query.ColumnCatalogue;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.FilterCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a metrics query from the hourly rollup ({@code observation_hourly}) when it fits: the
 * observations view, dimensions and filters among the rollup's columns, a time bucket of an hour
 * or more, and sums, counts and averages of additive measures. Everything else (quantiles,
 * min/max, per-trace columns, minute buckets) stays on FINAL ({@link MetricsSql}).
 *
 * <p>The whole hours inside [from, to] come from the rollup. The partial hours at the edges (and
 * the instant {@code to} itself, which the range includes) come from the observations: the keys
 * with any version starting in an edge window, then their newest version with FINAL, so the answer
 * equals the FINAL one whatever the range.
 */
final class MetricsRollupSql {
    private static final Set<String> COLUMNS = Set.of(
            "environment", "type", "name", "level", "providedModelName", "promptName", "startTimeMonth");
    private static final Set<Aggregation> AGGREGATIONS = Set.of(Aggregation.SUM, Aggregation.COUNT, Aggregation.AVG);

    /** A measure as rollup sums: its total, how many rows have a value, whether it is a float. */
    private record Additive(String sum, String count, boolean nullable, boolean decimal) {}

    private static final Map<String, Additive> MEASURES = Map.of(
            "count", new Additive("o.observations", "o.observations", false, false),
            "totalCost", new Additive("o.total_cost", "o.total_cost_count", true, true),
            "inputCost", new Additive("o.input_cost", "o.observations", false, true),
            "outputCost", new Additive("o.output_cost", "o.observations", false, true),
            "inputTokens", new Additive("o.input_tokens", "o.observations", false, false),
            "outputTokens", new Additive("o.output_tokens", "o.observations", false, false),
            "totalTokens", new Additive("o.total_tokens", "o.observations", false, false),
            "latency", new Additive("o.latency_ms", "o.latency_count", true, false));

    private MetricsRollupSql() {}

    /** Whether the rollup can answer the query exactly. */
    static boolean fits(MetricsQuery query) {
        if (!query.view().equals(MetricsCatalogue.OBSERVATIONS.name()) || !COLUMNS.containsAll(query.dimensions())) {
            return false;
        }
        if (query.timeDimension().map(g -> g.resolve(query.from(), query.to()) == Granularity.MINUTE).orElse(false)) {
            return false;
        }
        for (MetricsQuery.Metric metric : query.metrics()) {
            if (!MEASURES.containsKey(metric.measure()) || !AGGREGATIONS.contains(metric.aggregation())) {
                return false;
            }
        }
        ColumnCatalogue catalogue = MetricsFilterSql.catalogue(MetricsCatalogue.OBSERVATIONS);
        for (FilterCondition filter : query.filters()) {
            Optional<String> column = catalogue.find(filter.column()).map(ColumnCatalogue.Column::name);
            if (column.isEmpty() || !COLUMNS.contains(column.get())) {
                return false;
            }
        }
        return true;
    }

    /** The statement over the rollup; call only when {@link #fits} and after {@link MetricsSql#compile} accepted the query. */
    static Sql compile(ProjectId project, MetricsQuery query) {
        View view = MetricsCatalogue.OBSERVATIONS;
        List<String> select = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        Set<String> aliases = new LinkedHashSet<>();
        for (String field : query.dimensions()) {
            select.add(view.dimensions().get(field).sql() + " AS `" + field + "`");
            groupBy.add("`" + field + "`");
            aliases.add(field);
        }
        query.timeDimension().ifPresent(granularity -> {
            String bucket = MetricsSql.bucketStart("o.start_time", granularity.resolve(query.from(), query.to()));
            select.add("formatDateTime(" + bucket + ", '%Y-%m-%dT%H:%i:%S.000Z', 'UTC') AS " + MetricsSql.TIME_DIMENSION);
            groupBy.add(bucket);
            aliases.add(MetricsSql.TIME_DIMENSION);
        });
        for (MetricsQuery.Metric metric : query.metrics()) {
            select.add(aggregate(metric.aggregation(), MEASURES.get(metric.measure())) + " AS `" + metric.alias() + "`");
            aliases.add(metric.alias());
        }
        WhereClause filters = MetricsFilterSql.where(view, query.filters());

        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select))
                .append(" FROM (").append(source()).append(") AS o WHERE ").append(filters.text());
        if (!groupBy.isEmpty()) {
            // Cancelled rows sum to zero but stay until a merge removes them: skip such groups.
            sql.append(" GROUP BY ").append(String.join(", ", groupBy)).append(" HAVING sum(o.observations) > 0");
        }
        sql.append(MetricsSql.orderBy(query, aliases));
        sql.append(" LIMIT {row_limit:UInt32}").append(MetricsSql.SETTINGS);

        Instant fullFrom = ceilHour(query.from());
        Instant fullTo = query.to().truncatedTo(ChronoUnit.HOURS);
        if (fullTo.isBefore(fullFrom)) {
            fullTo = fullFrom;
        }
        Sql.Builder builder = ProjectScopedSql.forProject(project, sql.toString())
                .bind("from", query.from())
                .bind("to", query.to())
                .bind("full_from", fullFrom)
                .bind("full_to", fullTo)
                .bind("row_limit", query.rowLimit());
        return filters.bindTo(builder).build();
    }

    // Whole hours from the rollup, the rest of [from, to] from the newest versions of the keys
    // that have any version in it.
    private static String source() {
        String edge = "start_time >= {from:DateTime64(6)} AND start_time <= {to:DateTime64(6)}"
                + " AND NOT (start_time >= {full_from:DateTime64(6)} AND start_time < {full_to:DateTime64(6)})";
        return "SELECT project_id, start_time, " + String.join(", ", ObservationRollupSql.KEYS) + ", "
                + String.join(", ", ObservationRollupSql.SUMS)
                + " FROM " + ObservationRollupSql.TABLE + " WHERE " + ProjectScopedSql.PROJECT_FILTER
                + " AND start_time >= {full_from:DateTime64(6)} AND start_time < {full_to:DateTime64(6)}"
                + " UNION ALL SELECT " + ObservationRollupSql.contributionsAsRollup()
                + " FROM (SELECT " + ObservationRollupSql.contributions("1") + " FROM observations FINAL WHERE "
                + ProjectScopedSql.PROJECT_FILTER + " AND (trace_id, id) IN (SELECT trace_id, id FROM observations WHERE "
                + ProjectScopedSql.PROJECT_FILTER + " AND " + edge + ") AND " + edge + " AND is_deleted = 0)";
    }

    private static String aggregate(Aggregation aggregation, Additive measure) {
        String total = measure.decimal() ? "toFloat64(sum(" + measure.sum() + "))" : "sum(" + measure.sum() + ")";
        String count = "sum(" + measure.count() + ")";
        return switch (aggregation) {
            case SUM -> measure.nullable() ? "if(" + count + " = 0, NULL, " + total + ")" : total;
            case COUNT -> count;
            case AVG -> "if(" + count + " = 0, NULL, toFloat64(" + total + ") / " + count + ")";
            case MAX, MIN, P50, P75, P90, P95, P99, HISTOGRAM ->
                    throw new IllegalArgumentException(aggregation + " is not additive; the query does not fit the rollup");
        };
    }

    private static Instant ceilHour(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(instant) ? instant : floor.plus(Duration.ofHours(1));
    }
}
