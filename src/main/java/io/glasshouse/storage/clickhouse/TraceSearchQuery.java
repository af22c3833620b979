package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.clickhouse.query.TextSearchSql;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.TextSearch;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceListRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page ids and total of a trace list with a text search, in three steps
 * (docs/RATIONALE.md, "Full-text search"):
 * <ol>
 *   <li><em>Candidates</em>: rows whose input, output or a metadata value holds every 3-gram of
 *       the needle, from the text indexes alone, plus those whose id or name holds it (a scan of
 *       two short columns). A superset of the matches; see {@link TextSearchSql#traceIndexCandidates}.
 *       Read once, newest first, up to {@link #CANDIDATE_CAP} rows ({@link SearchCandidates}); the
 *       steps below look those rows up by key instead of asking the index again.
 *   <li><em>Page</em>: newest first, only the newest {@code window} candidates are read and tested
 *       exactly on their newest version. Every match at least as new as the window's oldest row is
 *       in the window (a match's newest version is itself a candidate row), so a full page from
 *       above that line is the exact page; else the window grows.
 *   <li><em>Total</em>: exact when every candidate was tested (they fit in the window; counted
 *       in the same statement as the page); otherwise an upper bound: without other filters, the
 *       traces whose newest candidate row is not a deletion (from the candidate rows alone); with
 *       other filters, the live traces passing them of which some version is a candidate. It equals
 *       the exact count unless a trace holds every 3-gram of the needle but not the needle (none
 *       did in any needle measured), an edit removed the needle, or the search is for whole words
 *       (a word is counted wherever it appears inside a longer word).
 * </ol>
 * Needles the index cannot answer (fewer than 3 characters, Greek sigma), tables whose index is
 * missing or still being built ({@link TextIndexCheck}), and sorts other than newest first, verify
 * every candidate, as before the index: exact, and as slow as a scan.
 */
final class TraceSearchQuery {
    // A user types a trace's name or id into the search box as often as words of its input.
    static final List<String> SEARCHED_COLUMNS = List.of("id", "name", "input", "output");
    // The first window: the rows asked for and a quarter more, plus a few, for candidates that fail
    // the exact test (deleted, edited, 3-grams without the needle). Verifying reads one granule per
    // candidate row, so it costs in proportion to the window: on 2M traces a window of 70 instead of
    // 200 read 68 instead of 107 MiB for a word in 1 trace of 10,000 (QueryProbe, load 13).
    private static final int WINDOW_SLACK = 8;
    private static final int WINDOW_GROWTH = 8;
    // Candidate rows read into memory at most; beyond it the steps ask the index again.
    private static final int CANDIDATE_CAP = 10_000;

    private final ClickHouse clickHouse;
    private final TextIndexCheck indexCheck;

    private final int candidateCap;

    TraceSearchQuery(ClickHouse clickHouse) {
        this(clickHouse, CANDIDATE_CAP);
    }

    /** {@code candidateCap}: candidate rows read into memory at most (tests use a few, to reach the steps beyond it). */
    TraceSearchQuery(ClickHouse clickHouse, int candidateCap) {
        this.clickHouse = clickHouse;
        this.indexCheck = new TextIndexCheck(clickHouse);
        this.candidateCap = candidateCap;
    }

    /** {@code rows}: the page's newest rows when the search read them whole (else null: the list reads them). */
    record Result(List<String> ids, long total, Map<String, TraceRow> rows) {
        Result(List<String> ids, long total) {
            this(ids, total, null);
        }
    }

    /** {@code filter} holds the request's other filters; {@code newestFirst} the default sort. */
    Result page(ProjectId project, TraceListRequest request, WhereClause range, WhereClause filter, String order, boolean newestFirst) {
        TextSearch search = request.search();
        WhereClause verified = filter.and(TextSearchSql.matching(search, SEARCHED_COLUMNS, List.of("metadata"), "s"));
        Optional<WhereClause> index = TextSearchSql.traceIndexCandidates(search, "ki").filter(x -> indexCheck.ready());
        // Without the index the candidates are the keys with any version matching exactly, found
        // by a scan of the raw rows (no skip index serves it since V017).
        WhereClause text = index.orElseGet(() -> TextSearchSql.matching(search, List.of("input", "output"), List.of("metadata"), "ki"));
        WhereClause names = TextSearchSql.matching(search, List.of("id", "name"), List.of(), "kn");
        String select = "SELECT toDate(timestamp) AS day, id, timestamp, event_version, is_deleted FROM traces WHERE " + ProjectScopedSql.PROJECT_FILTER
                + " AND " + range.text() + " AND ";
        // Placeholders of `range` appear here again; their values are bound once, with `range`.
        WhereClause candidates = new WhereClause(select + text.text() + " UNION ALL " + select + names.text(), text.and(names).values());

        if (index.isEmpty() || !newestFirst) {
            WhereClause all = range.and(keysIn("SELECT day, id FROM (" + candidates.text() + ")", candidates.values()));
            return new Result(pageIds(project, request, all, verified, order), exactTotal(project, all, verified));
        }
        SearchCandidates found = SearchCandidates.read(clickHouse, project, range, candidates, candidateCap);
        if (found.rows().isEmpty()) {
            return new Result(List.of(), 0);
        }
        long wanted = request.page().offset() + request.page().limit();
        for (long window = wanted + wanted / 4 + WINDOW_SLACK; ; window *= WINDOW_GROWTH) {
            if (found.complete() && window >= found.rows().size()) {
                // Every candidate fits: test them all, and count exactly in the same pass.
                return allTested(project, request, range.and(found.keys(found.rows().size(), "c")), verified, order);
            }
            WhereClause inWindow;
            SearchCandidates.Row oldest;
            if (window <= found.rows().size()) {
                oldest = found.rows().get((int) window - 1);
                inWindow = range.and(found.keys((int) window, "w"));
            } else {
                // More candidates than were read (a word in most traces) and a window beyond them.
                Optional<ObjectNode> line = oldestOfWindow(project, range, candidates, window);
                if (line.isEmpty()) {
                    // Fewer candidate rows than the window: test them all, and count exactly.
                    WhereClause all = range.and(keysIn("SELECT day, id FROM (" + candidates.text() + ")", candidates.values()));
                    return new Result(pageIds(project, request, all, verified, order), exactTotal(project, all, verified));
                }
                oldest = new SearchCandidates.Row("", line.get().get("id").asText(), line.get().get("ts").asLong(), 0, false);
                Map<String, Object> windowValues = new LinkedHashMap<>(candidates.values());
                windowValues.put("w_limit", window);
                inWindow = range.and(keysIn("SELECT day, id FROM (" + candidates.text() + ")"
                        + " ORDER BY timestamp DESC, id DESC LIMIT {w_limit:UInt64}", windowValues));
            }
            WhereClause aboveLine = new WhereClause(
                    "(timestamp, id) >= (fromUnixTimestamp64Micro({w_ts:Int64}, 'UTC'), {w_id:String})",
                    Map.of("w_ts", oldest.micros(), "w_id", oldest.id()));
            Verified page = verify(project, request, inWindow, verified.and(aboveLine), order, false);
            if (page.ids().size() == request.page().limit()) {
                return new Result(page.ids(), candidateTotal(project, range, candidates, found, filter), page.rows());
            }
        }
    }

    // The page and the exact total from one read: every candidate is tested on its newest version.
    private Result allTested(ProjectId project, TraceListRequest request, WhereClause keys, WhereClause verified, String order) {
        Verified page = verify(project, request, keys, verified, order, true);
        if (page.ids().isEmpty()) {
            // A page past the last match says nothing about how many there are.
            return new Result(List.of(), request.page().offset() == 0 ? 0 : exactTotal(project, keys, verified));
        }
        return new Result(page.ids(), page.matches(), page.rows());
    }

    private record Verified(List<String> ids, Map<String, TraceRow> rows, long matches) {}

    // The page among the newest live versions of `narrowing`'s keys. When the request shows input
    // and output, the rows come back whole: the window's granules are read for the exact test
    // anyway, and the list then skips its own look-up of the page's rows (another granule each).
    // `count`: also the number of matches, before the LIMIT.
    private Verified verify(ProjectId project, TraceListRequest request, WhereClause narrowing, WhereClause filter, String order,
            boolean count) {
        boolean whole = request.fields().contains(TraceFieldGroup.IO);
        String live = LiveRows.traces("*", narrowing.text()) + " WHERE is_deleted = 0 AND " + filter.text();
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT " + (whole ? "*" : "id")
                        + (count ? ", count() OVER () AS search_matches" : "") + " FROM " + live + order
                        + " LIMIT {limit:UInt32} OFFSET {offset:UInt64}")
                .bind("limit", request.page().limit())
                .bind("offset", request.page().offset());
        List<ObjectNode> found = clickHouse.query(filter.bindTo(narrowing.bindTo(sql)).build()).rows();
        List<String> ids = found.stream().map(row -> row.get("id").asText()).toList();
        Map<String, TraceRow> rows = null;
        if (whole) {
            rows = new HashMap<>();
            for (ObjectNode row : found) {
                TraceRow trace = EventRows.trace(project, row);
                rows.merge(trace.id(), trace, (a, b) -> a.eventVersion() >= b.eventVersion() ? a : b);
            }
        }
        return new Verified(ids, rows, count && !found.isEmpty() ? found.getFirst().get("search_matches").asLong() : 0);
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

    // Without other filters, the traces whose newest candidate row is not a tombstone, counted from
    // the candidate rows alone; FINAL over their keys would read the light columns of every granule
    // holding one, which for a word in 1 trace of 1,000 is the whole table. With other filters,
    // the live traces passing them of which some version is a candidate (the filters need the
    // newest version). Both are upper bounds of the matches (see the class comment).
    private long candidateTotal(ProjectId project, WhereClause range, WhereClause candidates, SearchCandidates found, WhereClause filter) {
        if (filter.isEmpty() && found.complete()) {
            return found.liveTraces();
        }
        if (filter.isEmpty()) {
            return clickHouse.query(candidates.bindTo(range.bindTo(ProjectScopedSql.forProject(project,
                            "SELECT count() AS n FROM (SELECT argMax(is_deleted, event_version) AS deleted FROM ("
                                    + candidates.text() + ") GROUP BY day, id) WHERE deleted = 0"))).build())
                    .scalar().asLong();
        }
        WhereClause keys = range.and(found.complete() ? found.keys(found.rows().size(), "t")
                : keysIn("SELECT day, id FROM (" + candidates.text() + ")", candidates.values()));
        return TraceListQuery.finalCount(clickHouse, project, keys, filter);
    }
}
