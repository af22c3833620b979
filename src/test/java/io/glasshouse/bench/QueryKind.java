package io.glasshouse.bench;

/** What the benchmark measures, with issue 4's target for the server's p95 (0: none stated, raw SQL only). */
enum QueryKind {
    TRACE_LIST("list", "trace list, page 1, limit 50", 150),
    TRACE_LIST_USER("user", "trace list, userId filter", 150),
    TRACE_LIST_ENVIRONMENT("environment", "trace list, environment filter, pages 1-5", 150),
    TRACE_DETAIL("detail", "trace detail (GET /traces/{id})", 50),
    METRICS_COST("metrics", "metrics v2: cost by model by day, 30 days", 300),
    /** The same question without the rollup (FINAL over the observations): what the rollup saves. Raw SQL only. */
    METRICS_COST_FINAL("metrics-final", "(reference) cost by model by day without the rollup: FINAL over observations", 0),
    SEARCH("search", "full-text search, traces over 30 days", 1000);

    final String option;
    final String label;
    final long targetMillis;

    QueryKind(String option, String label, long targetMillis) {
        this.option = option;
        this.label = label;
        this.targetMillis = targetMillis;
    }

    boolean rawOnly() {
        return targetMillis == 0;
    }
}
