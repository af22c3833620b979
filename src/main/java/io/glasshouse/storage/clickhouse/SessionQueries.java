package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.SessionSummary;
import io.glasshouse.storage.query.TimeRange;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions are what their traces say: a session exists while a live trace carries its id, it was
 * created when its first trace started, and its environment is that first trace's. The time
 * range applies to that creation time, as Langfuse's {@code fromTimestamp}/{@code toTimestamp} do.
 */
final class SessionQueries {
    private static final String SESSIONS = "SELECT session_id AS id, min(timestamp) AS created_at,"
            + " argMin(environment, timestamp) AS environment FROM "
            + LiveRows.traces("session_id, id, timestamp, environment, is_deleted", "session_id IS NOT NULL")
            + " WHERE is_deleted = 0 AND ";

    private final ClickHouse clickHouse;

    SessionQueries(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    Page<SessionSummary> list(ProjectId project, PageRequest page, TimeRange range, List<String> environments) {
        WhereClause created = TimeRanges.clause("created_at", range, "r");
        WhereClause where = environments.isEmpty() ? WhereClause.NONE
                : new WhereClause("has({environments:Array(String)}, environment)", Map.of("environments", environments));
        String grouped = SESSIONS + where.text() + " GROUP BY id HAVING " + created.text();
        Sql.Builder pageSql = ProjectScopedSql.forProject(project, grouped
                        + " ORDER BY created_at DESC, id DESC LIMIT {limit:UInt32} OFFSET {offset:UInt64}")
                .bind("limit", page.limit())
                .bind("offset", page.offset());
        List<SessionSummary> sessions = clickHouse.query(created.bindTo(where.bindTo(pageSql)).build()).rows().stream()
                .map(SessionQueries::session)
                .toList();
        long total = clickHouse.query(created.bindTo(where.bindTo(
                        ProjectScopedSql.forProject(project, "SELECT count() AS n FROM (" + grouped + ")"))).build())
                .scalar().asLong();
        return new Page<>(sessions, total);
    }

    Optional<SessionSummary> find(ProjectId project, String sessionId) {
        return clickHouse.query(ProjectScopedSql.forProject(project, SESSIONS + "session_id = {session:String} GROUP BY id")
                        .bind("session", sessionId)
                        .build())
                .rows().stream()
                .findFirst()
                .map(SessionQueries::session);
    }

    List<TraceRow> traces(ProjectId project, String sessionId) {
        return clickHouse.query(ProjectScopedSql.forProject(project, "SELECT * FROM "
                                + LiveRows.traces("*", "session_id = {session:String}") + " WHERE is_deleted = 0")
                        .bind("session", sessionId)
                        .build())
                .rows().stream()
                .map(row -> EventRows.trace(project, row))
                .sorted(Comparator.comparing(TraceRow::timestamp).thenComparing(TraceRow::id))
                .toList();
    }

    private static SessionSummary session(ObjectNode row) {
        return new SessionSummary(row.get("id").asText(), EventRows.instant(row.get("created_at")), row.get("environment").asText());
    }
}
