package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.TextSearchSql;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.TextSearch;
import io.glasshouse.storage.query.TraceListRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page ids and total of a trace list with a text search, in three steps
 * (docs/RATIONALE.md, "Full-text search"):
 * <ol>
 *   <li><em>Candidates</em>: traces whose input, output or a metadata value holds every 3-gram of
 *       the needle, from the text indexes alone, plus those whose id or name holds it (a scan of
 *       two short columns). A superset of the matches; see {@link TextSearchSql#traceIndexCandidates}.
 *   <li><em>Page</em>: newest first, only the newest {@code window} candidates are read and tested
 *       exactly on their newest version. Every match at least as new as the window's oldest row is
 *       in the window (a match's newest version is itself a candidate row), so a full page from
 *       above that line is the exact page; else the window grows.
 *   <li><em>Total</em>: exact when every candidate was tested (they fit in the first window);
 *       otherwise the live traces passing the other filters of which some version is a candidate:
 *       an upper bound, equal to the exact count unless a trace holds every 3-gram of the needle
 *       but not the needle (none did in any needle measured), an edit removed the needle, or the
 *       search is for whole words (a word is counted wherever it appears inside a longer word).
 * </ol>
 * Needles the index cannot answer (fewer than 3 characters, Greek sigma), tables whose index is
 * missing or still being built ({@link TextIndexCheck}), and sorts other than newest first, verify
 * every candidate, as before the index: exact, and as slow as a scan.
 */
final class TraceSearchQuery {
    // A user types a trace's name or id into the search box as often as words of its input.
    static final List<String> SEARCHED_COLUMNS = List.of("id", "name", "input", "output");
    private static final int FIRST_WINDOW_PAGES = 4;
    private static final int WINDOW_GROWTH = 8;

    private final ClickHouse clickHouse;
    private final TextIndexCheck indexCheck;

    TraceSearchQuery(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
        this.indexCheck = new TextIndexCheck(clickHouse);
    }

    record Result(List<String> ids, long total) {}

    /** {@code filter} holds the request's other filters; {@code newestFirst} the default sort. */
    Result page(ProjectId project, TraceListRequest request, WhereClause range, WhereClause filter, String order, boolean newestFirst) {
        TextSearch search = request.search();
        WhereClause verified = filter.and(TextSearchSql.matching(search, SEARCHED_COLUMNS, List.of("metadata"), "s"));
        Optional<WhereClause> index = TextSearchSql.traceIndexCandidates(search, "ki").filter(x -> indexCheck.ready());
        // Without the index the candidates are the keys with any version matching exactly, found
        // on the raw rows, where the V002 n-gram bloom filters can skip granules.
        WhereClause text = index.orElseGet(() -> TextSearchSql.matching(search, List.of("input", "output"), List.of("metadata"), "ki"));
        WhereClause names = TextSearchSql.matching(search, List.of("id", "name"), List.of(), "kn");
        String select = "SELECT toDate(timestamp) AS day, id, timestamp FROM traces WHERE " + ProjectScopedSql.PROJECT_FILTER
                + " AND " + range.text() + " AND ";
        // Placeholders of `range` appear here again; their values are bound once, with `range`.
        WhereClause candidates = new WhereClause(select + text.text() + " UNION ALL " + select + names.text(), text.and(names).values());

        if (index.isEmpty() || !newestFirst) {
            WhereClause all = range.and(keysIn("SELECT day, id FROM (" + candidates.text() + ")", candidates.values()));
            return new Result(pageIds(project, request, all, verified, order), exactTotal(project, all, verified));
        }
        long wanted = request.page().offset() + request.page().limit();
        for (long window = FIRST_WINDOW_PAGES * wanted; ; window *= WINDOW_GROWTH) {
            Optional<ObjectNode> oldest = oldestOfWindow(project, range, candidates, window);
            if (oldest.isEmpty()) {
                // Fewer candidate rows than the window: test them all, and count exactly.
                WhereClause all = range.and(keysIn("SELECT day, id FROM (" + candidates.text() + ")", candidates.values()));
                return new Result(pageIds(project, request, all, verified, order), exactTotal(project, all, verified));
            }
            Map<String, Object> windowValues = new LinkedHashMap<>(candidates.values());
            windowValues.put("w_limit", window);
            WhereClause inWindow = range.and(keysIn("SELECT day, id FROM (" + candidates.text() + ")"
                    + " ORDER BY timestamp DESC, id DESC LIMIT {w_limit:UInt64}", windowValues));
            WhereClause aboveLine = new WhereClause(
                    "(timestamp, id) >= (fromUnixTimestamp64Micro({w_ts:Int64}, 'UTC'), {w_id:String})",
                    Map.of("w_ts", oldest.get().get("ts").asLong(), "w_id", oldest.get().get("id").asText()));
            List<String> ids = pageIds(project, request, inWindow, verified.and(aboveLine), order);
            if (ids.size() == request.page().limit()) {
                return new Result(ids, candidateTotal(project, range, candidates, filter));
            }
        }
    }

    private static WhereClause keysIn(String keys, Map<String, Object> values) {
        return new WhereClause("(toDate(timestamp), id) IN (" + keys + ")", values);
    }

    // The window's last candidate row, newest first: the line above which the window is complete.
    private Optional<ObjectNode> oldestOfWindow(ProjectId project, WhereClause range, WhereClause candidates, long window) {
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT toUnixTimestamp64Micro(timestamp) AS ts, id FROM ("
                        + candidates.text() + ") ORDER BY timestamp DESC, id DESC LIMIT 1 OFFSET {w_offset:UInt64}")
                .bind("w_offset", window - 1);
        return clickHouse.query(candidates.bindTo(range.bindTo(sql)).build()).rows().stream().findFirst();
    }

    private List<String> pageIds(ProjectId project, TraceListRequest request, WhereClause narrowing, WhereClause filter, String order) {
        String live = LiveRows.traces("*", narrowing.text()) + " WHERE is_deleted = 0 AND " + filter.text();
        return TraceListQuery.pageIds(clickHouse, project, live, order, request, narrowing, filter);
    }

    private long exactTotal(ProjectId project, WhereClause narrowing, WhereClause verified) {
        return TraceListQuery.finalCount(clickHouse, project, narrowing, verified);
    }

    // Live traces passing the other filters whose some version is a candidate.
    private long candidateTotal(ProjectId project, WhereClause range, WhereClause candidates, WhereClause filter) {
        WhereClause keys = range.and(keysIn("SELECT day, id FROM (" + candidates.text() + ")", candidates.values()));
        return TraceListQuery.finalCount(clickHouse, project, keys, filter);
    }
}
