package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Recently counted trace-list totals, so pages 2, 3, … of one list (and a refresh of page 1) do
 * not count the same traces again: the exact count merges every version of every trace in range,
 * the most expensive statement of a list. A total is reused for at most {@link #TTL}, so a list
 * shows new or deleted traces in its total within that time (docs/query-api.md); the page rows
 * themselves are always read fresh. Keyed by the project and the exact condition (text and bound
 * values), so two projects never share an entry. Bounded to {@link #MAX_ENTRIES}, least recently
 * used out first.
 */
final class TraceTotals {
    static final Duration TTL = Duration.ofSeconds(10);
    static final int MAX_ENTRIES = 1_000;

    /** What a total is counted for; the condition holds the time range, filters and search. */
    record Key(ProjectId project, WhereClause condition) {
        Key {
            requireNonNull(project, "project is null");
            requireNonNull(condition, "condition is null");
        }
    }

    private record Counted(long total, long countedAtNanos) {}

    private final LongSupplier nanoTime;
    private final Map<Key, Counted> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Counted> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    TraceTotals() {
        this(System::nanoTime);
    }

    /** With a clock to move in tests. */
    TraceTotals(LongSupplier nanoTime) {
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    synchronized OptionalLong get(Key key) {
        Counted entry = entries.get(key);
        if (entry == null) {
            return OptionalLong.empty();
        }
        if (nanoTime.getAsLong() - entry.countedAtNanos() >= TTL.toNanos()) {
            entries.remove(key);
            return OptionalLong.empty();
        }
        return OptionalLong.of(entry.total());
    }

    /** The clock reading to pass to {@link #put}, taken before counting starts. */
    long now() {
        return nanoTime.getAsLong();
    }

    /** Remembers a total counted by a statement that started at {@code startedNanos}: its age counts from then. */
    synchronized void put(Key key, long total, long startedNanos) {
        entries.put(key, new Counted(total, startedNanos));
    }
}
