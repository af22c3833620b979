package io.glasshouse.bench;

import io.glasshouse.bench.SessionTraffic.Trace;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queries bench/compare times after the load: the query-API issue's four (trace list, trace
 * detail, metrics cost by model by day, full-text search) plus a session's traces, each on data of
 * the workload just sent. Not every system has each; {@link CompareTarget#query} says which.
 */
enum CompareQuery {
    TRACE_LIST("trace list, 50 newest", "list"),
    TRACE_DETAIL("trace detail, a random trace with its spans", "detail"),
    SESSION_TRACES("traces of a random session", "session"),
    METRICS_COST_BY_MODEL("cost by model by day, 30 days", "metrics"),
    SEARCH("full-text search for a random trace's order number", "search");

    private static final Pattern ORDER_NUMBER = Pattern.compile("Order #(\\d+)");

    final String label;
    final String shortLabel;

    CompareQuery(String label, String shortLabel) {
        this.label = label;
        this.shortLabel = shortLabel;
    }

    /** Langfuse metrics v2: the workload's 30 days from its first turn (2026-01-15, see SessionTraffic). */
    static String metricsQuery() {
        return """
                {"view":"observations","dimensions":[{"field":"providedModelName"}],\
                "metrics":[{"measure":"totalCost","aggregation":"sum"}],"filters":[],\
                "timeDimension":{"granularity":"day"},"fromTimestamp":"2026-01-01T00:00:00Z",\
                "toTimestamp":"2026-01-31T00:00:00Z","config":{"row_limit":1000}}""";
    }

    /** The order number in the trace's question: a word found in that trace (and its session's later turns) only. */
    static String needle(Trace trace) {
        String question = trace.root().query();
        Matcher matcher = ORDER_NUMBER.matcher(question == null ? "" : question);
        return matcher.find() ? matcher.group(1) : "refund";
    }
}
