package io.glasshouse.storage.clickhouse;

/**
 * SQL text of "the newest version of each row, per sort key" for the event tables, as a subquery
 * to filter on with {@code WHERE is_deleted = 0 AND …}. Filtering must come after picking the
 * newest version, or an old version that matched would stand in for a newer one that does not.
 * A narrowing {@code where} (time range, ids) may run before: it selects whole keys only when it
 * tests sort-key columns or values that do not change between versions.
 */
final class LiveRows {
    private LiveRows() {}

    static final String TRACE_KEY = "toDate(timestamp), id";
    static final String OBSERVATION_KEY = "trace_id, id";
    static final String SCORE_KEY = "toDate(timestamp), name, id";

    static String traces(String columns, String where) {
        return newest("traces", columns, where, TRACE_KEY);
    }

    /** trace_versions (V014): the traces sort key with the day as a column. */
    static String traceVersions(String columns, String where) {
        return newest("trace_versions", columns, where, "day, id");
    }

    static String observations(String columns, String where) {
        return newest("observations", columns, where, OBSERVATION_KEY);
    }

    /**
     * observation_versions (V016): the observations sort key with only the columns the trace
     * list's aggregates read (trace_id, id, start_time, end_time, total_cost, is_deleted).
     */
    static String observationVersions(String columns, String where) {
        return newest("observation_versions", columns, where, OBSERVATION_KEY);
    }

    static String scores(String columns, String where) {
        return newest("scores", columns, where, SCORE_KEY);
    }

    /**
     * A narrowing {@code where} for {@link #scores} selecting the scores of the traces matching
     * {@code traceCondition} (on {@code trace_id}): trace_id is not in the scores sort key, so the
     * V009 key table lists the sort keys of every score version ever sent for a trace, and the
     * scores are read by those exact keys. A key row only says where to look: the caller keeps a
     * score only if its newest version still names the trace (a score moved to another trace
     * leaves its old key row), so trace_id is tested after picking the newest version, never before.
     */
    static String scoreKeysOfTraces(String traceCondition) {
        return "(" + SCORE_KEY + ") IN (SELECT day, name, id FROM score_trace_keys WHERE " + ProjectScopedSql.PROJECT_FILTER
                + " AND " + traceCondition + ")";
    }

    private static String newest(String table, String columns, String where, String key) {
        return "(SELECT " + columns + " FROM " + table + " WHERE " + ProjectScopedSql.PROJECT_FILTER + " AND " + where
                + " ORDER BY event_version DESC LIMIT 1 BY " + key + ")";
    }
}
