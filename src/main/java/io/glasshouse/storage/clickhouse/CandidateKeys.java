package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.EventCatalogues;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.TimeRange;
import io.glasshouse.storage.query.TraceListRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The candidate traces of a userId or sessionId list: the keys that ever had that value, from
 * trace_user_keys or trace_session_keys (V010, ordered by the value), instead of reading the column
 * for every trace of the project. A candidate is only a key that had the value once (the tables
 * keep the keys of every version written), so callers take each candidate's newest version from
 * traces and test every condition on it: a trace moved to another user or deleted drops out there,
 * which keeps the list exact.
 *
 * <p>One statement counts the candidates and finds the day of the (offset + limit)-th newest
 * (7-8 ms on the 2M-trace bench data, against 35-160 ms for the same window read from traces).
 * Reading candidates from traces costs about one granule each (a user's traces are spread over
 * the whole sort key): 18-21 ms for 53 candidates, 30-43 ms for 105, 93-143 ms for 405, 263-447
 * ms for 2,034, against 57-86 ms for the exact `count() FINAL` over all 2M traces (load 5;
 * docs/query-performance-plan.md, "Session 4"). Hence: up to {@link #ONE_STATEMENT} candidates,
 * one statement reads them all and returns the page with the exact total; above, the page reads
 * the candidates of the newest days only and the total stays the FINAL count; above
 * {@link #MAX_CANDIDATES} the general path (NewestDays) is used. Lists whose conditions and sort
 * trace_versions holds read page and total from there instead (CandidateVersions, V014), which
 * costs a 64-row granule per candidate rather than a ~1,100-row one.
 */
final class CandidateKeys {
    /** A key table and the trace list condition it serves ({@code column = …}). */
    record KeyTable(String filterColumn, String table, String column) {
        static final KeyTable USER = new KeyTable("userId", "trace_user_keys", "user_id");
        static final KeyTable SESSION = new KeyTable("sessionId", "trace_session_keys", "session_id");
    }

    /** A condition with a key table: which table, and the value to look up. */
    record Lookup(KeyTable table, String value) {}

    /** Up to this many candidates, page and exact total come from one read of all of them. */
    static final long ONE_STATEMENT = 200;

    /** Above this many candidates the key set is no narrower than reading the column: the general path. */
    static final long MAX_CANDIDATES = 20_000;

    /**
     * A user's candidate keys in a time range: how many there are, and the condition selecting
     * them, also bounded to the newest days holding {@code rows} of them when there are that many.
     */
    record Candidates(long count, WhereClause all, Optional<WhereClause> newest) {}

    /** The page's ids with the days they lie in, and the exact total when the same statement counted it. */
    record Counted(List<String> ids, WhereClause days, Optional<Long> total) {}

    private final ClickHouse clickHouse;
    private final long oneStatement;
    private final long maxCandidates;
    private final boolean versions;

    CandidateKeys(ClickHouse clickHouse) {
        this(clickHouse, ONE_STATEMENT, MAX_CANDIDATES, true);
    }

    /**
     * With other bounds, so tests reach every path on a handful of traces; {@code versions} false
     * leaves out the trace_versions path (CandidateVersions), which otherwise serves every list it can.
     */
    CandidateKeys(ClickHouse clickHouse, long oneStatement, long maxCandidates, boolean versions) {
        this.clickHouse = clickHouse;
        this.oneStatement = oneStatement;
        this.maxCandidates = maxCandidates;
        this.versions = versions;
    }

    /** Whether page and total may come from trace_versions (CandidateVersions) when the list allows. */
    boolean versions() {
        return versions;
    }

    boolean tooMany(long count) {
        return count > maxCandidates;
    }

    // Rows, not distinct keys: only compared with the bound, where duplicates not merged yet do not matter.
    long count(ProjectId project, Lookup lookup, TimeRange range) {
        WhereClause keys = keyRange(lookup, range);
        return clickHouse.query(keys.bindTo(ProjectScopedSql.forProject(project, "SELECT count() AS n FROM " + lookup.table().table()
                        + " WHERE " + ProjectScopedSql.PROJECT_FILTER + " AND " + keys.text())).build())
                .scalar().asLong();
    }

    /** The first {@code userId = …}, else {@code sessionId = …} condition: the shapes this path serves. */
    static Optional<Lookup> lookup(List<FilterCondition> filters) {
        for (KeyTable table : List.of(KeyTable.USER, KeyTable.SESSION)) {
            Optional<Lookup> found = filters.stream()
                    .filter(c -> EventCatalogues.TRACES.require(c.column(), "filter").name().equals(table.filterColumn())
                            && c.type() == FilterType.STRING
                            && c.operator() == FilterOperator.EQUALS)
                    .map(c -> new Lookup(table, (String) c.value()))
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    boolean oneStatement(Candidates candidates) {
        return candidates.count() <= oneStatement;
    }

    boolean tooMany(Candidates candidates) {
        return tooMany(candidates.count());
    }

    // Per day the distinct keys (duplicates not merged yet count once), then the newest day from
    // which the days hold `rows` keys. Stale keys count too, so the newest days may hold fewer
    // live traces than that: the caller reads all candidates when the page comes out short.
    Candidates candidates(ProjectId project, Lookup lookup, TimeRange range, long rows) {
        WhereClause keys = keyRange(lookup, range);
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT sum(keys) AS candidates,"
                        + " toString(maxIf(day, newer >= {uk_rows:UInt64})) AS since FROM (SELECT day, keys,"
                        + " sum(keys) OVER (ORDER BY day DESC) AS newer FROM (SELECT day, uniqExact(id) AS keys FROM " + lookup.table().table() + " WHERE "
                        + ProjectScopedSql.PROJECT_FILTER + " AND " + keys.text() + " GROUP BY day))")
                .bind("uk_rows", rows);
        ObjectNode row = clickHouse.query(keys.bindTo(sql).build()).rows().getFirst();
        long count = row.get("candidates").asLong();
        JsonNode since = row.get("since");
        WhereClause all = keyed(lookup, keys);
        if (count < rows || since == null || since.isNull()) {
            return new Candidates(count, all, Optional.empty());
        }
        WhereClause newestKeys = keys.and(new WhereClause("day >= toDate({uk_since:String})", Map.of("uk_since", since.asText())));
        WhereClause newestDays = new WhereClause("toDate(timestamp) >= toDate({uk_days:String})", Map.of("uk_days", since.asText()));
        return new Candidates(count, all, Optional.of(keyed(lookup, newestKeys).and(newestDays)));
    }

    /**
     * The page among {@code keys} (a condition from {@link Candidates}), newest versions only, with
     * the exact total of the same statement when the page has rows ({@code count() OVER ()} counts
     * every passing candidate before the LIMIT).
     */
    Counted page(ProjectId project, TraceListRequest request, WhereClause range, WhereClause keys, WhereClause filter,
            String order, boolean withTotal) {
        WhereClause narrowed = range.and(keys);
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT id, toString(toDate(timestamp)) AS day"
                        + (withTotal ? ", count() OVER () AS total" : "") + " FROM "
                        + LiveRows.traces("*", narrowed.text()) + " WHERE is_deleted = 0 AND " + filter.text() + order
                        + " LIMIT {limit:UInt32} OFFSET {offset:UInt64}")
                .bind("limit", request.page().limit())
                .bind("offset", request.page().offset());
        List<ObjectNode> rows = clickHouse.query(filter.bindTo(narrowed.bindTo(sql)).build()).rows();
        return counted(rows, "day", withTotal);
    }

    /** A page's rows (id, the day in {@code dayField}, the total when counted) as ids, their days and the total. */
    static Counted counted(List<ObjectNode> rows, String dayField, boolean withTotal) {
        List<String> ids = new ArrayList<>(rows.size());
        String oldest = null;
        for (ObjectNode row : rows) {
            ids.add(row.get("id").asText());
            String day = row.get(dayField).asText();
            oldest = oldest == null || day.compareTo(oldest) < 0 ? day : oldest;
        }
        // The rows statement then skips the days before the page's oldest (sort-key prefix).
        WhereClause days = oldest == null ? WhereClause.NONE
                : new WhereClause("toDate(timestamp) >= toDate({page_since:String})", Map.of("page_since", oldest));
        Optional<Long> total = withTotal && !rows.isEmpty() ? Optional.of(rows.getFirst().get("total").asLong()) : Optional.empty();
        return new Counted(ids, days, total);
    }

    // The key's day is the trace's day (it is in the sort key), so bounding days is exact; the
    // timestamp range itself is tested on the newest version in traces.
    static WhereClause keyRange(Lookup lookup, TimeRange range) {
        Map<String, Object> values = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(lookup.table().column() + " = {uk_value:String}");
        values.put("uk_value", lookup.value());
        if (range.from() != null) {
            text.append(" AND day >= toDate({uk_from:DateTime64(6, 'UTC')})");
            values.put("uk_from", range.from());
        }
        if (range.to() != null) {
            text.append(" AND day <= toDate({uk_to:DateTime64(6, 'UTC')})");
            values.put("uk_to", range.to());
        }
        return new WhereClause(text.toString(), values);
    }

    private static WhereClause keyed(Lookup lookup, WhereClause keys) {
        return new WhereClause("(toDate(timestamp), id) IN (SELECT day, id FROM " + lookup.table().table() + " WHERE "
                + ProjectScopedSql.PROJECT_FILTER + " AND " + keys.text() + ")", keys.values());
    }
}
