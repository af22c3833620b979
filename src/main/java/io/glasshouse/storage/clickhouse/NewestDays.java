package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a newest-first page of traces can start looking: the newest day such that the days from it
 * on hold at least {@code rows} rows passing the filter. Finding that day reads only the timestamp
 * column (and the filter's) from the newest end of the sort key, far less than picking the newest
 * version of every trace; the page query then reads those days only. The count includes old versions and deleted rows, so
 * it is an estimate: the caller checks that the days gave a full page and otherwise reads all days
 * (see TraceListQuery). Measured with bench/query: docs/RATIONALE.md. Without a filter the same
 * day is read straight from the newest end of the sort key instead ({@link #unfiltered}).
 *
 * <p>The same pass tells how selective the filter is in the days to read, which decides how the
 * page query picks newest versions (TraceListQuery.matchingKeys).
 */
final class NewestDays {
    /** Deeper pages than this read all days: their window would be most of the data anyway. */
    static final long MAX_ROWS = 5_000;

    /** A filter passing at most this share of the rows in the days to read counts as selective. */
    static final double SELECTIVE_SHARE = 0.1;

    /**
     * The days to read, as {@code toDate(timestamp) >= since} (empty: all days), and whether the
     * filter passes at most {@link #SELECTIVE_SHARE} of their rows (false when not estimated).
     */
    record Window(Optional<WhereClause> since, boolean selective) {
        static final Window ALL_DAYS_UNKNOWN = new Window(Optional.empty(), false);
    }

    private final ClickHouse clickHouse;

    NewestDays(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    Window window(ProjectId project, WhereClause range, WhereClause filter, long rows) {
        if (rows > MAX_ROWS) {
            return Window.ALL_DAYS_UNKNOWN;
        }
        if (filter.equals(WhereClause.NONE)) {
            return unfiltered(project, range, rows);
        }
        // The day of the rows-th newest row passing the filter, read from the newest end of the sort
        // key (the engine stops once it has that many), then the filter's share of the rows from
        // that day on, counted over those days only. The old per-day count of every day read the
        // filter's column for the whole range: 78-283 ms for environment = 'staging' against 19-107
        // ms this way, 340-750 ms for one userId against 91-306 ms (2M traces, load 12;
        // docs/query-performance-plan.md, "Session 3"). With fewer passing rows than asked for in
        // the whole range, the subquery is empty and since NULL: the window is all days, nothing
        // more is counted, and the filter counts as selective (it passes fewer rows than a page) —
        // a rare value costs one read of its column, as the per-day count did.
        Sql.Builder sql = ProjectScopedSql.forProject(project, "WITH (SELECT toDate(timestamp) FROM traces WHERE "
                + ProjectScopedSql.PROJECT_FILTER + " AND " + range.text() + " AND " + filter.text()
                + " ORDER BY toDate(timestamp) DESC LIMIT 1 OFFSET {window_offset:UInt64}) AS since"
                + " SELECT toString(since) AS day, countIf(" + filter.text() + ") AS passing, count() AS all_rows FROM traces WHERE "
                + ProjectScopedSql.PROJECT_FILTER + " AND " + range.text() + " AND since IS NOT NULL AND toDate(timestamp) >= since")
                .bind("window_offset", rows - 1);
        ObjectNode counted = clickHouse.query(range.and(filter).bindTo(sql).build()).rows().getFirst();
        JsonNode day = counted.get("day");
        if (day == null || day.isNull()) {
            return new Window(Optional.empty(), true);
        }
        return new Window(Optional.of(new WhereClause("toDate(timestamp) >= toDate({window_since:String})",
                Map.of("window_since", day.asText()))), selective(counted.get("passing").asLong(), counted.get("all_rows").asLong()));
    }

    // Without a filter the answer is the day of the rows-th newest row, and the sort key
    // (project_id, toDate(timestamp), id) lets the engine read it from the newest end and stop
    // there: 8-14 ms instead of 46-91 ms for counting every day on 2M traces (bench/query data,
    // quiet machine). Same day as the per-day count gives; nothing to be selective about.
    private Window unfiltered(ProjectId project, WhereClause range, long rows) {
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT toString(toDate(timestamp)) AS day FROM traces WHERE "
                        + ProjectScopedSql.PROJECT_FILTER + " AND " + range.text()
                        + " ORDER BY toDate(timestamp) DESC LIMIT 1 OFFSET {window_offset:UInt64}")
                .bind("window_offset", rows - 1);
        List<ObjectNode> day = clickHouse.query(range.bindTo(sql).build()).rows();
        if (day.isEmpty()) {
            return new Window(Optional.empty(), false);
        }
        return new Window(Optional.of(new WhereClause("toDate(timestamp) >= toDate({window_since:String})",
                Map.of("window_since", day.getFirst().get("day").asText()))), false);
    }

    private static boolean selective(long passing, long all) {
        return passing <= all * SELECTIVE_SHARE;
    }
}
