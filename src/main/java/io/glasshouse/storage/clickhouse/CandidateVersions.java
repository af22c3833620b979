package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.EventCatalogues;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.TraceListRequest;
import java.util.List;
import java.util.Set;

/**
 * A userId or sessionId list's page and exact total in one statement over the newest versions of
 * its candidates (CandidateKeys), read from trace_versions (V014): the traces sort key, engine and
 * version rows, but only the columns such a list tests, in 64-row granules. A candidate costs
 * about one granule wherever it is read; in traces that is ~1,100 rows of wide columns (405
 * candidates read 420k rows, 17 MB compressed, ~100 ms CPU), here 64 narrow rows (~400 granules,
 * 1.5 MB, ~40 ms). On the bench data (a user with ~400 traces among 2M) this statement took 54-67 ms
 * of engine CPU against 27-41 for the newest days' page ids plus 63-89 for the FINAL total it
 * replaces (docs/query-performance-plan.md, "Session 5").
 *
 * <p>Exact as the key-table path is: a candidate is only a key that once had the value; the newest
 * version of each is picked here (the view feeds every row written to traces, tombstones included,
 * and RowMerger's versions never tie), and every condition is tested on it. Only for lists whose
 * conditions and sort column are all in trace_versions ({@link #serves}).
 */
final class CandidateVersions {
    /** The list columns trace_versions holds; conditions or a sort on anything else take the other paths. */
    private static final Set<String> COLUMNS = Set.of("id", "timestamp", "userId", "sessionId");

    private final ClickHouse clickHouse;

    CandidateVersions(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    static boolean serves(TraceListRequest request) {
        return COLUMNS.contains(EventCatalogues.TRACES.require(request.sort().column(), "orderBy").name())
                && request.filters().stream().allMatch(c -> COLUMNS.contains(EventCatalogues.TRACES.require(c.column(), "filter").name()));
    }

    /**
     * The page among the candidates of {@code lookup} in the request's range, with the exact total
     * ({@code count() OVER ()} counts every passing candidate before the LIMIT) when it has rows.
     * {@code range} and {@code filter} are the list's conditions on timestamp and the tested
     * columns; they apply after the newest version is picked.
     */
    CandidateKeys.Counted page(ProjectId project, TraceListRequest request, CandidateKeys.Lookup lookup, WhereClause range,
            WhereClause filter, String order) {
        WhereClause keys = CandidateKeys.keyRange(lookup, request.range());
        WhereClause conditions = range.and(filter);
        String candidates = "(day, id) IN (SELECT day, id FROM " + lookup.table().table() + " WHERE "
                + ProjectScopedSql.PROJECT_FILTER + " AND " + keys.text() + ")";
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT id, toString(day) AS page_day, count() OVER () AS total FROM "
                        + LiveRows.traceVersions("id, day, timestamp, user_id, session_id, is_deleted", candidates)
                        + " WHERE is_deleted = 0 AND " + conditions.text() + order
                        + " LIMIT {limit:UInt32} OFFSET {offset:UInt64}")
                .bind("limit", request.page().limit())
                .bind("offset", request.page().offset());
        List<ObjectNode> rows = clickHouse.query(conditions.bindTo(keys.bindTo(sql)).build()).rows();
        return CandidateKeys.counted(rows, "page_day", true);
    }
}
