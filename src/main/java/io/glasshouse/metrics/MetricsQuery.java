package io.glasshouse.metrics;

import static java.util.Objects.requireNonNull;

import io.glasshouse.storage.query.FilterCondition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One metrics query, checked for shape: a view, the dimensions to group by, the measures and how
 * to aggregate them, filters (read by the shared {@link io.glasshouse.query.FilterJson}), an optional time bucket, a time range, ordering and limits. Whether
 * the view knows a dimension, measure or filter column is decided where the view's columns are
 * declared (the storage catalogue), which answers unknown names with a 400 naming them.
 */
public record MetricsQuery(
        MetricsApiVersion version,
        String view,
        List<String> dimensions,
        List<Metric> metrics,
        List<FilterCondition> filters,
        Optional<Granularity> timeDimension,
        Instant from,
        Instant to,
        List<Order> orderBy,
        int bins,
        int rowLimit) {
    public static final int DEFAULT_BINS = 10;
    public static final int MAX_BINS = 100;
    public static final int DEFAULT_ROW_LIMIT = 100;
    public static final int MAX_ROW_LIMIT = 1000;

    public MetricsQuery {
        requireNonNull(version, "version is null");
        requireNonNull(view, "view is null");
        dimensions = List.copyOf(dimensions);
        metrics = List.copyOf(metrics);
        filters = List.copyOf(filters);
        requireNonNull(timeDimension, "timeDimension is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        orderBy = List.copyOf(orderBy);
    }

    /** A measure and its aggregation; its result key is {@code <aggregation>_<measure>}. */
    public record Metric(String measure, Aggregation aggregation) {
        public Metric {
            requireNonNull(measure, "measure is null");
            requireNonNull(aggregation, "aggregation is null");
        }

        public String alias() {
            return aggregation.wireName() + "_" + measure;
        }
    }

    public record Order(String field, boolean descending) {
        public Order {
            requireNonNull(field, "field is null");
        }
    }
}
