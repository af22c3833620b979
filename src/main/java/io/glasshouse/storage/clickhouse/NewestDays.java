package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import java.util.List;
import java.util.Optional;

/**
 * Where a newest-first page of traces can start looking: the newest day such that the days from it
 * on hold at least {@code rows} rows passing {@code condition}. Counting rows per day reads only
 * the timestamp column (and the filter's), far less than picking the newest version of every
 * trace; the page query then reads those days only. The count includes old versions and deleted
 * rows, so it is an estimate: the caller checks that the days gave a full page and otherwise
 * reads all days (see TraceListQuery). Measured with bench/query: docs/RATIONALE.md.
 */
final class NewestDays {
    /** Deeper pages than this read all days: their window would be most of the data anyway. */
    static final long MAX_ROWS = 5_000;

    private final ClickHouse clickHouse;

    NewestDays(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** The first day of the window, as {@code toDate(timestamp) >= since}, or empty when all days are needed. */
    Optional<WhereClause> since(ProjectId project, WhereClause condition, long rows) {
        if (rows > MAX_ROWS) {
            return Optional.empty();
        }
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT toString(day) AS day FROM (SELECT day,"
                        + " sum(n) OVER (ORDER BY day DESC) AS newer FROM (SELECT toDate(timestamp) AS day, count() AS n"
                        + " FROM traces WHERE " + ProjectScopedSql.PROJECT_FILTER + " AND " + condition.text()
                        + " GROUP BY day)) WHERE newer >= {window_rows:UInt64} ORDER BY day DESC LIMIT 1")
                .bind("window_rows", rows);
        List<ObjectNode> days = clickHouse.query(condition.bindTo(sql).build()).rows();
        if (days.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WhereClause("toDate(timestamp) >= toDate({window_since:String})",
                java.util.Map.of("window_since", days.getFirst().get("day").asText())));
    }
}
