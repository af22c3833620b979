package io.glasshouse.metrics;

/**
 * Which metrics endpoint a query came through. V1 ({@code /api/public/metrics}) also offers the
 * traces view; V2 ({@code /api/public/v2/metrics}) refuses it and refuses grouping by
 * high-cardinality columns (ids, users, sessions), as Langfuse's v2 does.
 */
public enum MetricsApiVersion {
    V1,
    V2
}
