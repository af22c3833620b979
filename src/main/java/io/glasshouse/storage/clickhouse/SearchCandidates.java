package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The candidate rows of a trace search (every version that holds each 3-gram of the needle, or
 * whose id or name matches), newest first, read once from the text indexes and kept here so the
 * steps after it look rows up by key instead of asking the index again: the candidate step is the
 * slow part for a needle in many granules (a word in 1 trace of 1,000 is in every one), and
 * before this it ran three times per request (window line, page, total).
 *
 * <p>At most {@code cap + 1} rows are read; {@link #complete()} says whether that was all of them.
 */
record SearchCandidates(List<Row> rows, boolean complete) {
    /** One candidate row: its sort key, its time (µs) and whether it is a tombstone. */
    record Row(String day, String id, long micros, long version, boolean deleted) {}

    SearchCandidates {
        rows = List.copyOf(rows);
    }

    static SearchCandidates read(ClickHouse clickHouse, ProjectId project, WhereClause range, WhereClause candidates, int cap) {
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT toString(day) AS c_day, id AS c_id, toUnixTimestamp64Micro(timestamp) AS ts,"
                        + " event_version AS v, is_deleted AS d FROM (" + candidates.text() + ")"
                        + " ORDER BY timestamp DESC, id DESC LIMIT {c_limit:UInt64}")
                .bind("c_limit", cap + 1L);
        List<ObjectNode> found = clickHouse.query(candidates.bindTo(range.bindTo(sql)).build()).rows();
        List<Row> rows = new ArrayList<>(Math.min(found.size(), cap));
        for (ObjectNode row : found.subList(0, Math.min(found.size(), cap))) {
            rows.add(new Row(row.get("c_day").asText(), row.get("c_id").asText(), row.get("ts").asLong(),
                    row.get("v").asLong(), row.get("d").asInt() == 1));
        }
        return new SearchCandidates(rows, found.size() <= cap);
    }

    /**
     * The keys of the newest {@code n} candidate rows as a condition the primary key answers
     * ({@code (toDate(timestamp), id) IN arrayZip(days, ids)}, values bound).
     */
    WhereClause keys(int n, String prefix) {
        Map<String, String> distinct = new LinkedHashMap<>();
        for (Row row : rows.subList(0, Math.min(n, rows.size()))) {
            distinct.put(row.day() + "\u0000" + row.id(), row.day());
        }
        List<String> days = new ArrayList<>(distinct.size());
        List<String> ids = new ArrayList<>(distinct.size());
        distinct.forEach((key, day) -> {
            days.add(day);
            ids.add(key.substring(key.indexOf('\u0000') + 1));
        });
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(prefix + "days", days);
        values.put(prefix + "ids", ids);
        return new WhereClause("(toDate(timestamp), id) IN arrayZip(CAST({" + prefix + "days:Array(String)} AS Array(Date)), {"
                + prefix + "ids:Array(String)})", values);
    }

    /**
     * Traces with a candidate row whose newest candidate row is not a tombstone. A tombstone copies
     * the row it hides (TraceDeletion), so a deleted trace whose last text held the needle has a
     * tombstone candidate. An upper bound of the matches: a trace whose newer version (or a later
     * tombstone of it) lost the needle still counts.
     */
    long liveTraces() {
        Map<String, Row> newest = new HashMap<>();
        for (Row row : rows) {
            newest.merge(row.day() + "\u0000" + row.id(), row, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return newest.values().stream().filter(row -> !row.deleted()).count();
    }
}
