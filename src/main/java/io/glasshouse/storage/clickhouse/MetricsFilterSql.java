package io.glasshouse.storage.clickhouse;

import io.glasshouse.storage.clickhouse.MetricsCatalogue.ColumnType;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.Dimension;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.Join;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.View;
import io.glasshouse.storage.clickhouse.query.ColumnCatalogue;
import io.glasshouse.storage.clickhouse.query.ColumnKind;
import io.glasshouse.storage.clickhouse.query.FilterSql;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.FilterCondition;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metrics view's filters through the project's one filter builder ({@link FilterSql}): the
 * view's dimensions, its time column and its metadata become a {@link ColumnCatalogue}, so an
 * unknown column or a type the column does not take is refused the same way as on every list.
 */
final class MetricsFilterSql {
    static final String METADATA = "metadata";
    private static final Map<View, ColumnCatalogue> CATALOGUES = new ConcurrentHashMap<>();

    private MetricsFilterSql() {}

    static WhereClause where(View view, List<FilterCondition> filters) {
        return FilterSql.where(CATALOGUES.computeIfAbsent(view, MetricsFilterSql::catalogue), "f", "query.filters", filters);
    }

    /** The relations the filters' columns live in, so the query joins them. */
    static Set<Join> joins(View view, List<FilterCondition> filters) {
        Set<Join> joins = EnumSet.noneOf(Join.class);
        ColumnCatalogue catalogue = CATALOGUES.computeIfAbsent(view, MetricsFilterSql::catalogue);
        for (FilterCondition filter : filters) {
            catalogue.find(filter.column())
                    .map(column -> view.dimensions().get(column.name()))
                    .map(Dimension::join)
                    .ifPresent(joins::add);
        }
        return joins;
    }

    static ColumnCatalogue catalogue(View view) {
        ColumnCatalogue.Builder builder = ColumnCatalogue.builder(view.name() + " view");
        view.dimensions().forEach((name, dimension) -> builder.column(name, dimension.sql(), kind(dimension.type())));
        builder.column(view.timeFilterName(), view.timeColumn(), ColumnKind.DATETIME);
        builder.column(METADATA, view.metadataColumn(), ColumnKind.STRING_MAP);
        return builder.build();
    }

    private static ColumnKind kind(ColumnType type) {
        return switch (type) {
            case STRING -> ColumnKind.STRING;
            case NUMBER -> ColumnKind.NUMBER;
            case ARRAY -> ColumnKind.STRING_ARRAY;
            case DATETIME -> ColumnKind.DATETIME;
        };
    }
}
