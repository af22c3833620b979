package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.metrics.Aggregation;
import io.glasshouse.metrics.Granularity;
import io.glasshouse.metrics.MetricsQuery;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Gap-fills a metrics answer's time buckets as Langfuse does ({@code ORDER BY time_dimension
 * WITH FILL FROM bucket(from) TO bucket(to) STEP 1 granule}): when a query has a time dimension
 * and no ordering of its own, every bucket from the one holding {@code fromTimestamp} up to, not
 * including, the one holding {@code toTimestamp} appears, a bucket without rows as one row whose
 * metrics are 0 (a histogram: no bins) and whose dimensions are null. Done here rather than in
 * SQL because the bucket is returned as text, and so that the rollup and FINAL paths share it.
 */
final class TimeBucketFill {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private TimeBucketFill() {}

    /** {@code rows} in the query's default order (time ascending), with empty buckets added, at most the row limit. */
    static List<ObjectNode> fill(MetricsQuery query, List<ObjectNode> rows) {
        if (query.timeDimension().isEmpty() || !query.orderBy().isEmpty()) {
            return rows;
        }
        Granularity granularity = query.timeDimension().get().resolve(query.from(), query.to());
        ZonedDateTime end = bucketStart(query.to(), granularity);
        ZonedDateTime next = bucketStart(query.from(), granularity);
        List<ObjectNode> filled = new ArrayList<>(rows.size());
        int i = 0;
        while (filled.size() < query.rowLimit() && (i < rows.size() || next.isBefore(end))) {
            String bucket = next.format(FORMAT);
            String rowBucket = i < rows.size() ? rows.get(i).path(MetricsSql.TIME_DIMENSION).asText() : null;
            if (rowBucket != null && (!next.isBefore(end) || rowBucket.compareTo(bucket) <= 0)) {
                // Rows at or before the bucket to fill (several per bucket when grouped by dimensions).
                if (rowBucket.equals(bucket)) {
                    next = step(next, granularity);
                }
                filled.add(rows.get(i++));
            } else {
                filled.add(emptyRow(query, bucket));
                next = step(next, granularity);
            }
        }
        return filled;
    }

    private static ObjectNode emptyRow(MetricsQuery query, String bucket) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        query.dimensions().forEach(row::putNull);
        row.put(MetricsSql.TIME_DIMENSION, bucket);
        for (MetricsQuery.Metric metric : query.metrics()) {
            if (metric.aggregation() == Aggregation.HISTOGRAM) {
                row.putArray(metric.alias());
            } else {
                row.put(metric.alias(), 0);
            }
        }
        return row;
    }

    /** The start of the bucket {@code time} falls in; the same buckets as {@link MetricsSql#bucketStart}. */
    static ZonedDateTime bucketStart(Instant time, Granularity granularity) {
        ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
        return switch (granularity) {
            case MINUTE -> utc.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> utc.truncatedTo(ChronoUnit.HOURS);
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> utc.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
        };
    }

    private static ZonedDateTime step(ZonedDateTime bucket, Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> bucket.plusMinutes(1);
            case HOUR -> bucket.plusHours(1);
            case DAY -> bucket.plusDays(1);
            case WEEK -> bucket.plusWeeks(1);
            case MONTH -> bucket.plusMonths(1);
            case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
        };
    }
}
