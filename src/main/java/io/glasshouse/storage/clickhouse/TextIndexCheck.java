package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether the V004 text indexes may answer a search: all three exist on {@code traces} and no
 * mutation on it is unfinished (a MATERIALIZE still running, or one that failed, leaves parts
 * without the index, where hasAllTokens finds almost nothing). Otherwise search scans, which is
 * slow but right. Checked at most once a minute: a ClickHouse server migrated by another
 * Glasshouse, or an index an operator dropped, are seen within that time.
 */
final class TextIndexCheck {
    private static final long RECHECK_NANOS = 60_000_000_000L;
    private static final String SQL = "SELECT"
            + " (SELECT count() FROM system.data_skipping_indices WHERE database = currentDatabase() AND table = 'traces'"
            + " AND type = 'text' AND name IN ('idx_input_text', 'idx_output_text', 'idx_metadata_text')) AS indexes,"
            + " (SELECT count() FROM system.mutations WHERE database = currentDatabase() AND table = 'traces' AND NOT is_done) AS pending";

    private record State(boolean ready, long checkedAt) {}

    private final ClickHouse clickHouse;
    private volatile State state;

    TextIndexCheck(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    boolean ready() {
        State current = state;
        long now = System.nanoTime();
        if (current != null && now - current.checkedAt() < RECHECK_NANOS) {
            return current.ready();
        }
        boolean ready;
        try {
            ObjectNode row = clickHouse.query(Sql.plain(SQL)).rows().getFirst();
            ready = row.get("indexes").asLong() == 3 && row.get("pending").asLong() == 0;
        } catch (ClickHouseException e) {
            ready = false; // e.g. a ClickHouse user without access to system tables: scan, never fail the search
        }
        state = new State(ready, now);
        return ready;
    }
}
