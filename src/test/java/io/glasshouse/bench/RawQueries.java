package io.glasshouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.Sql;
import java.util.List;

/**
 * The hand-written SQL each query kind stands for, run straight on the engine: what someone who
 * knows the schema would type to get the same answer as the endpoint — the newest live version of
 * every row, the page's rows with their observation ids, cost, latency and score ids, and the total
 * count. The server's time over this time is the cost of everything the server adds.
 */
final class RawQueries {
    static final int LIMIT = 50;
    // Newest version per sort key, then only live rows: the schema's read rule (docs/schema.md).
    private static final String LIVE_TRACES = " ORDER BY event_version DESC LIMIT 1 BY toDate(timestamp), id";

    private final ClickHouse clickHouse;
    private final QueryDataset dataset;
    private final QueryWorkload workload;

    RawQueries(ClickHouse clickHouse, QueryDataset dataset, QueryWorkload workload) {
        this.clickHouse = clickHouse;
        this.dataset = dataset;
        this.workload = workload;
    }

    /** Runs request {@code i} of {@code kind}; returns the rows (or matches) it found, for the cross-check. */
    long run(QueryKind kind, int i) {
        return switch (kind) {
            case TRACE_LIST -> traceList("1 = 1", null, 1);
            case TRACE_LIST_USER -> userTraceList(workload.userIds().get(i));
            case TRACE_LIST_ENVIRONMENT -> traceList("environment = {filter:String}", workload.environments().get(i),
                    workload.pages().get(i));
            case TRACE_DETAIL -> traceDetail(workload.traceId(i));
            case METRICS_COST -> metricsCostFromRollup();
            case METRICS_COST_FINAL -> metricsCostFinal();
            case SEARCH -> search(workload.needles().get(i).word());
        };
    }

    private Sql.Builder sql(String text) {
        return Sql.of(text).bind("project_id", dataset.projectId());
    }

    // A page by timestamp needs only the newest days: count rows per day (a cheap read of one
    // column), start at the day where the newest days hold enough rows, and fall back to all days
    // when versions or deletions left too few live ones there.
    private long traceList(String condition, String filter, int page) {
        int need = page * LIMIT;
        Sql.Builder cutoff = sql("SELECT toString(d) AS d FROM (SELECT d, sum(c) OVER (ORDER BY d DESC) AS cum FROM ("
                + "SELECT toDate(timestamp) AS d, count() AS c FROM traces WHERE project_id = {project_id:String} AND " + condition
                + " GROUP BY d)) WHERE cum >= {need:UInt32} ORDER BY d DESC LIMIT 1").bind("need", need);
        bindFilter(cutoff, filter);
        List<ObjectNode> days = clickHouse.query(cutoff.build()).rows();
        String since = days.isEmpty() ? "1970-01-01" : days.getFirst().get("d").asText();
        List<String> ids = pageIds(condition, filter, page, since);
        if (ids.size() < LIMIT && !since.equals("1970-01-01")) {
            ids = pageIds(condition, filter, page, "1970-01-01");
        }
        // FINAL merges versions by the sort key and drops deleted rows; the filter applies after it.
        Sql.Builder count = sql("SELECT count() AS n FROM traces FINAL WHERE project_id = {project_id:String} AND " + condition);
        bindFilter(count, filter);
        long total = clickHouse.query(count.build()).scalar().asLong();
        pageRows(ids);
        return total;
    }

    // What the server does for a userId (V010, V014): the number of the user's keys in
    // trace_user_keys (against the bound for the general path), then the newest version of every
    // such key from trace_versions, tested for the user again, giving the page and the exact total
    // in one statement (CandidateVersions).
    private long userTraceList(String user) {
        clickHouse.query(sql("SELECT count() AS n FROM trace_user_keys WHERE project_id = {project_id:String}"
                + " AND user_id = {filter:String}").bind("filter", user).build());
        List<ObjectNode> page = clickHouse.query(sql("SELECT id, toString(day) AS page_day, count() OVER () AS total FROM ("
                        + "SELECT id, day, timestamp, user_id, session_id, is_deleted FROM trace_versions"
                        + " WHERE project_id = {project_id:String} AND (day, id) IN (SELECT day, id FROM trace_user_keys"
                        + " WHERE project_id = {project_id:String} AND user_id = {filter:String})"
                        + " ORDER BY event_version DESC LIMIT 1 BY day, id) WHERE is_deleted = 0 AND user_id = {filter:String}"
                        + " ORDER BY timestamp DESC, id DESC LIMIT {limit:UInt32}")
                        .bind("limit", LIMIT).bind("filter", user).build())
                .rows();
        pageRows(page.stream().map(row -> row.get("id").asText()).toList());
        return page.isEmpty() ? 0 : page.getFirst().get("total").asLong();
    }

    private List<String> pageIds(String condition, String filter, int page, String since) {
        Sql.Builder ids = sql("SELECT id FROM (SELECT id, timestamp, is_deleted FROM traces WHERE project_id = {project_id:String}"
                + " AND toDate(timestamp) >= {since:Date} AND " + condition + LIVE_TRACES + ") WHERE is_deleted = 0"
                + " ORDER BY timestamp DESC, id DESC LIMIT {limit:UInt32} OFFSET {offset:UInt32}")
                .bind("since", since).bind("limit", LIMIT).bind("offset", (page - 1) * LIMIT);
        bindFilter(ids, filter);
        return clickHouse.query(ids.build()).rows().stream().map(row -> row.get("id").asText()).toList();
    }

    private static void bindFilter(Sql.Builder sql, String filter) {
        if (filter != null) {
            sql.bind("filter", filter);
        }
    }

    /** The page's full rows, their observations' ids, cost and latency, and their scores' ids. */
    private void pageRows(List<String> ids) {
        pageRows(ids, true);
    }

    /** {@code traceRows}: false when the page statement already returned the traces' rows. */
    private void pageRows(List<String> ids, boolean traceRows) {
        if (ids.isEmpty()) {
            return;
        }
        if (traceRows) {
            clickHouse.query(sql("SELECT * FROM traces WHERE project_id = {project_id:String} AND id IN {ids:Array(String)}"
                    + LIVE_TRACES).bindStrings("ids", ids).build());
        }
        // As the server (V016): the narrow observation_versions, every version of each observation's key.
        clickHouse.query(sql("SELECT trace_id, groupArray(id) AS ids, sum(total_cost) AS cost,"
                + " dateDiff('millisecond', min(start_time), max(ifNull(end_time, start_time))) AS latency FROM ("
                + "SELECT trace_id, id, total_cost, start_time, end_time, is_deleted FROM observation_versions"
                + " WHERE project_id = {project_id:String} AND trace_id IN {ids:Array(String)}"
                + " ORDER BY event_version DESC LIMIT 1 BY trace_id, id) WHERE is_deleted = 0 GROUP BY trace_id")
                .bindStrings("ids", ids).build());
        // As the server: candidate keys from the V009 key table, trace_id tested on the newest version.
        clickHouse.query(sql("SELECT trace_id, groupArray(id) AS ids FROM (SELECT trace_id, id, is_deleted FROM scores"
                + " WHERE project_id = {project_id:String} AND (toDate(timestamp), name, id) IN (SELECT day, name, id"
                + " FROM score_trace_keys WHERE project_id = {project_id:String} AND trace_id IN {ids:Array(String)})"
                + " ORDER BY event_version DESC LIMIT 1 BY toDate(timestamp), name, id)"
                + " WHERE is_deleted = 0 AND trace_id IN {ids:Array(String)} GROUP BY trace_id")
                .bindStrings("ids", ids).build());
    }

    // As the server (ClickHouseEventStore, NewestVersions): every version of the trace's rows, the
    // newest per sort key picked here rather than by ORDER BY ... LIMIT 1 BY in the engine.
    private long traceDetail(String traceId) {
        long traces = newestLive(clickHouse.query(sql("SELECT *, toDate(timestamp) AS key_day FROM traces"
                + " WHERE project_id = {project_id:String} AND id = {id:String}").bind("id", traceId).build()).rows(),
                "key_day", "id").size();
        newestLive(clickHouse.query(sql("SELECT * FROM observations WHERE project_id = {project_id:String}"
                + " AND trace_id = {id:String}").bind("id", traceId).build()).rows(), "trace_id", "id");
        // The scores by the exact sort keys the V009 key table holds for the trace; a newest version
        // that names another trace (a moved score) is left out after picking, as the server does.
        newestLive(clickHouse.query(sql("SELECT *, toDate(timestamp) AS key_day FROM scores WHERE project_id = {project_id:String}"
                + " AND (toDate(timestamp), name, id) IN (SELECT day, name, id FROM score_trace_keys"
                + " WHERE project_id = {project_id:String} AND trace_id = {id:String})").bind("id", traceId).build()).rows(),
                "key_day", "name", "id").stream()
                .filter(row -> traceId.equals(row.path("trace_id").asText(null)))
                .count();
        return traces;
    }

    private static List<ObjectNode> newestLive(List<ObjectNode> versions, String... key) {
        java.util.Map<List<String>, ObjectNode> newest = new java.util.HashMap<>();
        for (ObjectNode row : versions) {
            List<String> k = java.util.Arrays.stream(key).map(column -> row.get(column).asText()).toList();
            newest.merge(k, row, (a, b) -> b.get("event_version").asLong() > a.get("event_version").asLong() ? b : a);
        }
        return newest.values().stream().filter(row -> row.get("is_deleted").asInt() == 0).toList();
    }

    // What the server does for this question: the hourly rollup (V005), whose signed rows already
    // cancel replaced versions, summed by day; groups whose rows all cancelled are left out.
    private long metricsCostFromRollup() {
        return costByModelByDay("observation_hourly", " HAVING sum(observations) > 0");
    }

    // The same question over the observations themselves, FINAL picking each row's newest version.
    private long metricsCostFinal() {
        return costByModelByDay("observations FINAL", "");
    }

    private long costByModelByDay(String from, String having) {
        return clickHouse.query(sql("SELECT provided_model_name AS model, toStartOfDay(start_time) AS day,"
                        + " sum(total_cost) AS cost FROM " + from + " WHERE project_id = {project_id:String}"
                        + " AND start_time >= {from:DateTime64(6)} AND start_time < {to:DateTime64(6)}"
                        + " GROUP BY model, day" + having + " ORDER BY day, model")
                        .bind("from", QueryDataset.START).bind("to", QueryDataset.END).build())
                .rows().size();
    }

    // Candidates from the V004 text indexes alone (every 3-gram of the needle; the bench needles all
    // have 3 or more characters and no Greek sigma) plus an id/name scan, read once, newest first,
    // with their keys, versions and deletion flags. Only the newest 70 candidate rows (a page and a
    // quarter, plus 8) are looked up by key and tested exactly on their newest versions, above the
    // window's last row (every match above it is in the window). When all candidates fit, all are
    // tested and the same statement counts the matches; otherwise the total counts the candidate
    // traces whose newest candidate row is not a deletion, from the rows already read.
    private long search(String text) {
        String range = " AND timestamp >= {from:DateTime64(6)} AND timestamp <= {to:DateTime64(6)}";
        String select = "SELECT toDate(timestamp) AS day, id, timestamp, event_version, is_deleted FROM traces"
                + " WHERE project_id = {project_id:String}" + range;
        String candidates = select + " AND (hasAllTokens(input, {q:String}) OR hasAllTokens(output, {q:String})"
                + " OR hasAllTokens(mapValues(metadata), {q:String})) UNION ALL " + select + " AND ("
                + String.join(" OR ", matches("id"), matches("ifNull(name, '')")) + ")";
        String match = "(" + String.join(" OR ",
                matches("id"), matches("ifNull(name, '')"), matches("ifNull(input, '')"), matches("ifNull(output, '')"),
                "arrayExists(v -> positionCaseInsensitiveUTF8(v, {q:String}) > 0, mapValues(metadata))") + ")";
        List<ObjectNode> rows = clickHouse.query(searchSql("SELECT toString(day) AS d, id, toUnixTimestamp64Micro(timestamp) AS ts,"
                + " event_version AS v, is_deleted AS x FROM (" + candidates + ") ORDER BY timestamp DESC, id DESC LIMIT 10001", text)
                .build()).rows();
        int window = LIMIT + LIMIT / 4 + 8;
        boolean all = rows.size() <= window;
        List<ObjectNode> tested = all ? rows : rows.subList(0, window);
        List<String> days = tested.stream().map(row -> row.get("d").asText()).toList();
        List<String> keys = tested.stream().map(row -> row.get("id").asText()).toList();
        ObjectNode last = tested.isEmpty() ? null : tested.getLast();
        String line = all ? "" : " AND (timestamp, id) >= (fromUnixTimestamp64Micro({w_ts:Int64}, 'UTC'), {w_id:String})";
        Sql.Builder page = searchSql("SELECT *, count() OVER () AS matches FROM (SELECT * FROM traces WHERE project_id = {project_id:String}"
                + range + " AND (toDate(timestamp), id) IN arrayZip(CAST({days:Array(String)} AS Array(Date)), {ids:Array(String)})"
                + LIVE_TRACES + ") WHERE is_deleted = 0 AND " + match + line + " ORDER BY timestamp DESC, id DESC LIMIT {limit:UInt32}", text)
                .bindStrings("days", days).bindStrings("ids", keys).bind("limit", LIMIT);
        if (!all) {
            page.bind("w_ts", last.get("ts").asLong()).bind("w_id", last.get("id").asText());
        }
        List<ObjectNode> found = clickHouse.query(page.build()).rows();
        pageRows(found.stream().map(row -> row.get("id").asText()).toList(), false);
        if (all) {
            return found.isEmpty() ? 0 : found.getFirst().get("matches").asLong();
        }
        java.util.Map<String, ObjectNode> newest = new java.util.HashMap<>();
        for (ObjectNode row : rows) {
            newest.merge(row.get("d").asText() + " " + row.get("id").asText(), row,
                    (a, b) -> a.get("v").asLong() >= b.get("v").asLong() ? a : b);
        }
        return newest.values().stream().filter(row -> row.get("x").asInt() == 0).count();
    }

    private Sql.Builder searchSql(String text, String needle) {
        return sql(text).bind("q", needle).bind("from", QueryDataset.START).bind("to", QueryDataset.END);
    }

    private static String matches(String value) {
        return "positionCaseInsensitiveUTF8(" + value + ", {q:String}) > 0";
    }
}
