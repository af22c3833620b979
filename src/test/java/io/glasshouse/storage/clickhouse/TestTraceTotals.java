package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TestTraceTotals {
    private static final ProjectId ALPHA = new ProjectId("alpha");
    private static final ProjectId BETA = new ProjectId("beta");
    private static final WhereClause PRODUCTION = new WhereClause("environment = {f0:String}", Map.of("f0", "production"));

    private final AtomicLong clock = new AtomicLong(1_000);
    private final TraceTotals totals = new TraceTotals(clock::get);

    @Test
    void aTotalIsReusedForLessThanTheTtlCountedFromWhenCountingStarted() {
        TraceTotals.Key key = new TraceTotals.Key(ALPHA, PRODUCTION);
        long started = totals.now();
        clock.addAndGet(Duration.ofSeconds(2).toNanos()); // the count itself took 2 s
        totals.put(key, 42, started);
        clock.addAndGet(Duration.ofSeconds(7).toNanos());
        assertThat(totals.get(key)).hasValue(42);
        clock.addAndGet(Duration.ofSeconds(1).toNanos()); // 10 s after the count started
        assertThat(totals.get(key)).isEmpty();
    }

    @Test
    void projectsAndConditionsNeverShareATotal() {
        totals.put(new TraceTotals.Key(ALPHA, PRODUCTION), 42, totals.now());
        assertThat(totals.get(new TraceTotals.Key(BETA, PRODUCTION))).isEmpty();
        assertThat(totals.get(new TraceTotals.Key(ALPHA, new WhereClause("environment = {f0:String}", Map.of("f0", "staging")))))
                .isEmpty();
        assertThat(totals.get(new TraceTotals.Key(ALPHA, WhereClause.NONE))).isEmpty();
        // An equal condition built again is the same key.
        assertThat(totals.get(new TraceTotals.Key(ALPHA, new WhereClause("environment = {f0:String}", Map.of("f0", "production")))))
                .hasValue(42);
    }

    @Test
    void holdsAtMostMaxEntriesDroppingTheLeastRecentlyUsed() {
        TraceTotals.Key first = new TraceTotals.Key(ALPHA, WhereClause.NONE);
        TraceTotals.Key second = new TraceTotals.Key(BETA, WhereClause.NONE);
        totals.put(first, 1, totals.now());
        totals.put(second, 2, totals.now());
        totals.get(first);
        for (int i = 0; i < TraceTotals.MAX_ENTRIES - 1; i++) {
            totals.put(new TraceTotals.Key(new ProjectId("p" + i), WhereClause.NONE), i, totals.now());
        }
        assertThat(totals.get(first)).hasValue(1);
        assertThat(totals.get(second)).isEmpty();
    }
}
