package io.glasshouse.metrics;

import java.util.Locale;

/** How a measure is aggregated over the rows of a group (Langfuse's metric aggregations). */
public enum Aggregation {
    SUM,
    AVG,
    COUNT,
    MAX,
    MIN,
    P50,
    P75,
    P90,
    P95,
    P99,
    HISTOGRAM;

    /** The name clients send and see in result keys ({@code sum}, {@code p95}, …). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
