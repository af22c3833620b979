package io.glasshouse.storage.clickhouse;

import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.TraceListRequest;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A list's total: recently counted, or counted beside the page query once the window shows
 * the page will be full ({@link #countBeside}), or counted after it. The count does not depend
 * on the page and it is the slowest statement of a filtered list (for one userId, FINAL reads
 * the user_id column of every trace in range: 153-535 ms at load 13 on 2M traces, more than
 * the window and the page ids together), so beside the page query it costs no wait of its own.
 */
final class TraceListTotal {
    private final ClickHouse clickHouse;
    private final TraceTotals totals;
    private final TraceTotals.Key key;
    private final OptionalLong cached;
    private CompletableFuture<Long> counting;

    TraceListTotal(ClickHouse clickHouse, TraceTotals totals, TraceTotals.Key key) {
        this.clickHouse = clickHouse;
        this.totals = totals;
        this.key = key;
        this.cached = totals.get(key);
    }

    // Counted by the page's own statement (CandidateKeys): remembered like a count.
    void known(long counted, long startedNanos) {
        totals.put(key, counted, startedNanos);
        counting = CompletableFuture.completedFuture(counted);
    }

    // Only when the newest days hold a full page: a list shorter than a page needs no count.
    void countBeside() {
        if (cached.isEmpty() && counting == null) {
            counting = SideReads.start(this::count);
        }
    }

    // Waits for a count started beside a page query that failed, its outcome unused.
    void abandon() {
        if (counting != null) {
            counting.exceptionally(e -> null).join();
        }
    }

    // A page with some rows but fewer than asked for is the last one: the total is known (a
    // count already started is still waited for, so no statement outlives its request).
    // Otherwise the count made for this request (beside it, or by the page's own statement), the
    // recent count (unless this page already shows either is too small), or a new one.
    long of(TraceListRequest request, int pageRows) {
        Long counted = counting == null ? null : SideReads.join(counting);
        long offset = request.page().offset();
        if (pageRows < request.page().limit() && (pageRows > 0 || offset == 0)) {
            return offset + pageRows;
        }
        if (counted != null && counted >= offset + pageRows) {
            return counted;
        }
        if (cached.isPresent() && cached.getAsLong() >= offset + pageRows) {
            return cached.getAsLong();
        }
        return count();
    }

    // FINAL: the engine merges versions by the sort key itself and leaves out deleted rows, and
    // the filter still applies after the merge (optimize_move_to_prewhere_if_final stays off).
    // Where parts do not overlap (merged older days) it reads without merging; on 2M traces in
    // time-local parts it took a tenth of LIMIT 1 BY (docs/query-performance-plan.md). Partitions
    // are months of the sort key's own day, so a key never spans two and each can be merged
    // on its own (do_not_merge_across_partitions_select_final).
    private long count() {
        long started = totals.now();
        WhereClause condition = key.condition();
        long total = clickHouse.query(condition.bindTo(ProjectScopedSql.forProject(key.project(),
                        "SELECT count() AS n FROM traces FINAL WHERE " + ProjectScopedSql.PROJECT_FILTER + " AND " + condition.text()
                                + " SETTINGS do_not_merge_across_partitions_select_final = 1")).build())
                .scalar().asLong();
        totals.put(key, total, started);
        return total;
    }
}
