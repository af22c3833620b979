package io.glasshouse.storage.clickhouse;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.metrics.Granularity;
import io.glasshouse.metrics.MetricsQuery;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.Dimension;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.Join;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.Measure;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.View;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a {@link MetricsQuery} into one bound, project-scoped statement: a single-level
 * GROUP BY over the view's base table (read with FINAL), joined to another table only when a
 * chosen dimension, measure or filter needs it.
 */
final class MetricsSql {
    static final String TIME_DIMENSION = "time_dimension";
    // Integers as JSON numbers (not quoted strings), NaN as null, and nulls for unmatched joins.
    static final String SETTINGS = " SETTINGS output_format_json_quote_64bit_integers = 0,"
            + " output_format_json_quote_decimals = 0, join_use_nulls = 1";

    private MetricsSql() {}

    static Sql compile(ProjectId project, MetricsQuery query) {
        Map<String, View> views = MetricsCatalogue.views(query.version());
        View view = views.get(query.view());
        if (view == null) {
            throw GlasshouseException.invalid("query.view '" + query.view() + "' is not known"
                    + (query.view().equals("traces") ? " to metrics v2 (use the observations view, or /api/public/metrics)" : "")
                    + "; use one of " + String.join(", ", views.keySet()));
        }
        String base = view.from().split(" ")[2];
        Set<Join> joins = EnumSet.noneOf(Join.class);
        List<String> select = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        Set<String> aliases = new LinkedHashSet<>();

        for (int i = 0; i < query.dimensions().size(); i++) {
            String field = query.dimensions().get(i);
            Dimension dimension = view.dimensions().get(field);
            String path = "query.dimensions[" + i + "].field";
            if (dimension == null) {
                throw GlasshouseException.invalid(path + " '" + field + "' is not a dimension of view " + view.name()
                        + "; use one of " + String.join(", ", view.dimensions().keySet()));
            }
            if (dimension.highCardinality() && query.version() == io.glasshouse.metrics.MetricsApiVersion.V2) {
                throw GlasshouseException.invalid(path + " '" + field + "' has too many distinct values to group by in metrics v2; filter on it instead");
            }
            if (!aliases.add(field)) {
                throw GlasshouseException.invalid(path + " '" + field + "' is listed twice");
            }
            addJoin(joins, dimension.join());
            select.add(dimension.sql() + " AS `" + field + "`");
            groupBy.add("`" + field + "`");
        }
        query.timeDimension().ifPresent(granularity -> {
            // Grouped by the bucket start; the text is formatted once per group, not once per row.
            String bucket = bucketStart(view.timeColumn(), granularity.resolve(query.from(), query.to()));
            select.add("formatDateTime(" + bucket + ", '%Y-%m-%dT%H:%i:%S.000Z', 'UTC') AS " + TIME_DIMENSION);
            groupBy.add(bucket);
            aliases.add(TIME_DIMENSION);
        });
        for (int i = 0; i < query.metrics().size(); i++) {
            MetricsQuery.Metric metric = query.metrics().get(i);
            Measure measure = view.measures().get(metric.measure());
            if (measure == null) {
                throw GlasshouseException.invalid("query.metrics[" + i + "].measure '" + metric.measure() + "' is not a measure of view "
                        + view.name() + "; use one of " + String.join(", ", view.measures().keySet()));
            }
            if (!aliases.add(metric.alias())) {
                throw GlasshouseException.invalid("query.metrics[" + i + "] " + metric.alias() + " is listed twice");
            }
            addJoin(joins, measure.join());
            String aggregate = measure.distinct() != null && metric.aggregation() == io.glasshouse.metrics.Aggregation.COUNT
                    ? "uniqExact(" + measure.distinct() + ")"
                    : aggregate(metric, measure.sql(), query.bins());
            select.add(aggregate + " AS `" + metric.alias() + "`");
        }

        List<String> where = new ArrayList<>(List.of(
                base + "." + ProjectScopedSql.PROJECT_FILTER,
                view.timeColumn() + " >= {from:DateTime64(6)}",
                view.timeColumn() + " <= {to:DateTime64(6)}"));
        if (view.segment() != null) {
            where.add(view.segment());
        }
        WhereClause filters = MetricsFilterSql.where(view, query.filters());
        where.add(filters.text());
        joins.addAll(MetricsFilterSql.joins(view, query.filters()));

        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select))
                .append(" FROM ").append(view.from());
        for (Join join : joins) {
            sql.append(' ').append(MetricsCatalogue.JOINS.get(join).formatted(base));
        }
        sql.append(" WHERE ").append(String.join(" AND ", where));
        if (!groupBy.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupBy));
        }
        sql.append(orderBy(query, aliases));
        sql.append(" LIMIT {row_limit:UInt32}").append(SETTINGS);

        Sql.Builder builder = ProjectScopedSql.forProject(project, sql.toString())
                .bind("from", query.from())
                .bind("to", query.to())
                .bind("row_limit", query.rowLimit());
        return filters.bindTo(builder).build();
    }

    private static void addJoin(Set<Join> joins, Join join) {
        if (join != null) {
            joins.add(join);
        }
    }

    static String orderBy(MetricsQuery query, Set<String> aliases) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < query.orderBy().size(); i++) {
            MetricsQuery.Order item = query.orderBy().get(i);
            if (!aliases.contains(item.field())) {
                throw GlasshouseException.invalid("query.orderBy[" + i + "].field '" + item.field()
                        + "' is not a dimension or metric of this query; use one of " + String.join(", ", aliases));
            }
            order.add("`" + item.field() + "` " + (item.descending() ? "DESC" : "ASC"));
        }
        if (order.isEmpty() && query.timeDimension().isPresent()) {
            order.add(TIME_DIMENSION + " ASC");
        }
        // Ties (and queries without an order) still come back in a stable order.
        for (String dimension : query.dimensions()) {
            order.add("`" + dimension + "` ASC");
        }
        return order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order);
    }

    private static String aggregate(MetricsQuery.Metric metric, String value, int bins) {
        return switch (metric.aggregation()) {
            case SUM -> "sum(" + value + ")";
            case AVG -> "avg(" + value + ")";
            case COUNT -> "count(" + value + ")";
            case MAX -> "max(" + value + ")";
            case MIN -> "min(" + value + ")";
            case P50 -> "quantile(0.5)(" + value + ")";
            case P75 -> "quantile(0.75)(" + value + ")";
            case P90 -> "quantile(0.9)(" + value + ")";
            case P95 -> "quantile(0.95)(" + value + ")";
            case P99 -> "quantile(0.99)(" + value + ")";
            // bins is checked to 1-100 by the parser; it is part of the function, not a value.
            case HISTOGRAM -> "histogram(" + bins + ")(toFloat64(" + value + "))";
        };
    }

    /** The start of the bucket a time falls in, as a DateTime. */
    static String bucketStart(String column, Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> "toStartOfMinute(" + column + ")";
            case HOUR -> "toStartOfHour(" + column + ")";
            case DAY -> "toStartOfDay(" + column + ")";
            case WEEK -> "toDateTime(toMonday(" + column + "), 'UTC')";
            case MONTH -> "toDateTime(toStartOfMonth(" + column + "), 'UTC')";
            case AUTO -> throw new IllegalArgumentException("resolve AUTO before building SQL");
        };
    }
}
