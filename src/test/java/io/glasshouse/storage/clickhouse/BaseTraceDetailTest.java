package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingRows.generation;
import static io.glasshouse.storage.clickhouse.TestingRows.score;
import static io.glasshouse.storage.clickhouse.TestingRows.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.TraceDetail;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trace detail stays exact with the V009 score key table: every key row only says where to
 * look, the scores table's newest version decides. Run against every ClickHouse transport.
 */
abstract class BaseTraceDetailTest {
    private static final ProjectId ALPHA = new ProjectId("alpha");
    private static final ProjectId BETA = new ProjectId("beta");

    private ClickHouse clickHouse;
    private ClickHouseEventStore store;

    protected abstract ClickHouse newClickHouse(String databasePrefix);

    @BeforeEach
    void createSchema() {
        clickHouse = newClickHouse("detail");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        store = new ClickHouseEventStore(clickHouse);
    }

    @AfterEach
    void close() {
        clickHouse.close();
    }

    @Test
    void aTraceMovedToAnotherDayKeepsItsObservationsAndScores() {
        TraceRow first = trace(ALPHA, "t", "before", 1);
        TraceRow moved = new TraceRow(ALPHA, "t", first.timestamp().plusSeconds(3 * 86_400), "after",
                first.userId(), first.sessionId(), first.environment(), first.release(), first.version(), first.input(),
                first.output(), first.metadata(), first.tags(), false, false, 2, false);
        store.insert(new EventBatch(List.of(first), List.of(generation(ALPHA, "t", "g1", 1)), List.of(score(ALPHA, "s1", "t", 1))));
        store.insert(new EventBatch(List.of(moved, TestingRows.deleted(first, 2)), List.of(), List.of()));

        TraceDetail detail = store.findTraceDetail(ALPHA, "t").orElseThrow();
        assertThat(detail.trace()).isEqualTo(moved);
        assertThat(detail.observations()).extracting(o -> o.id()).containsExactly("g1");
        assertThat(detail.scores()).extracting(ScoreRow::id).containsExactly("s1");
    }

    @Test
    void aDeletedTraceHasNoDetail() {
        TraceRow row = trace(ALPHA, "t", "n", 1);
        store.insert(new EventBatch(List.of(row), List.of(generation(ALPHA, "t", "g1", 1)), List.of(score(ALPHA, "s1", "t", 1))));
        store.insert(new EventBatch(List.of(TestingRows.deleted(row, 2)), List.of(), List.of()));
        assertThat(store.findTraceDetail(ALPHA, "t")).isEmpty();
    }

    @Test
    void aScoreMovedToAnotherTraceIsOnlyOnItsNewTrace() {
        ScoreRow onFirst = score(ALPHA, "s1", "t1", 1);
        ScoreRow onSecond = score(ALPHA, "s1", "t2", 2);
        store.insert(new EventBatch(List.of(trace(ALPHA, "t1", "n", 1), trace(ALPHA, "t2", "n", 1)), List.of(),
                List.of(onFirst, score(ALPHA, "s2", "t1", 1))));
        store.insert(new EventBatch(List.of(), List.of(), List.of(onSecond)));

        assertThat(store.findTraceDetail(ALPHA, "t1").orElseThrow().scores()).extracting(ScoreRow::id).containsExactly("s2");
        assertThat(store.findTraceDetail(ALPHA, "t2").orElseThrow().scores()).containsExactly(onSecond);

        // And back: the newest version names t1 again, although both traces have a key row for it.
        ScoreRow back = score(ALPHA, "s1", "t1", 3);
        store.insert(new EventBatch(List.of(), List.of(), List.of(back)));
        assertThat(store.findScores(ALPHA, "t1")).extracting(ScoreRow::id).containsExactly("s1", "s2");
        assertThat(store.findScores(ALPHA, "t1").getFirst()).isEqualTo(back);
        assertThat(store.findScores(ALPHA, "t2")).isEmpty();
    }

    @Test
    void aDeletedScoreIsGoneAndAReVersionedOneShowsItsNewestVersion() {
        ScoreRow kept = score(ALPHA, "kept", "t", 1);
        ScoreRow gone = score(ALPHA, "gone", "t", 1);
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "n", 1)), List.of(), List.of(kept, gone)));
        ScoreRow newest = new ScoreRow(ALPHA, "kept", kept.timestamp(), "t", null, null, null, kept.name(), 0.25, null,
                kept.dataType(), kept.source(), "changed my mind", null, null, null, kept.environment(), kept.metadata(), 3, false);
        store.insert(new EventBatch(List.of(), List.of(), List.of(newest, TestingRows.deleted(gone, 2))));
        store.insert(new EventBatch(List.of(), List.of(), List.of(kept.versioned(2, false))));

        assertThat(store.findTraceDetail(ALPHA, "t").orElseThrow().scores()).containsExactly(newest);
    }

    @Test
    void projectsWithTheSameTraceAndScoreIdsSeeOnlyTheirOwn() {
        ScoreRow alphaScore = score(ALPHA, "s1", "t", 1);
        ScoreRow betaScore = score(BETA, "s1", "t", 1);
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "alpha's", 1), trace(BETA, "t", "beta's", 1)),
                List.of(generation(BETA, "t", "g-beta", 1)), List.of(alphaScore, betaScore)));
        // Beta moves its score away and deletes nothing of alpha's.
        store.insert(new EventBatch(List.of(), List.of(), List.of(score(BETA, "s1", "elsewhere", 2))));

        TraceDetail alpha = store.findTraceDetail(ALPHA, "t").orElseThrow();
        assertThat(alpha.trace().name()).isEqualTo("alpha's");
        assertThat(alpha.observations()).isEmpty();
        assertThat(alpha.scores()).containsExactly(alphaScore);
        TraceDetail beta = store.findTraceDetail(BETA, "t").orElseThrow();
        assertThat(beta.observations()).extracting(o -> o.id()).containsExactly("g-beta");
        assertThat(beta.scores()).isEmpty();
        assertThat(store.findTraceDetail(ALPHA, "elsewhere")).isEmpty();
        assertThat(store.findScores(ALPHA, "elsewhere")).isEmpty();
    }

    // The newest version per key is picked in Java (NewestVersions): versions written out of
    // order, a deleted observation and one moved to another trace must come out as the engine's
    // own merge would leave them.
    @Test
    void anObservationsNewestVersionDecidesEvenWhenAnOlderOneArrivesLater() {
        ObservationRow newest = generation(ALPHA, "t", "g1", 3);
        ObservationRow gone = generation(ALPHA, "t", "g2", 1);
        ObservationRow moving = generation(ALPHA, "t", "g3", 1);
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "n", 1), trace(ALPHA, "t-other", "n", 1)),
                List.of(generation(ALPHA, "t", "g1", 1), gone, moving), List.of()));
        store.insert(new EventBatch(List.of(), List.of(newest, gone.versioned(2, true)), List.of()));
        store.insert(new EventBatch(List.of(), List.of(generation(ALPHA, "t", "g1", 2)), List.of()));
        // A move to another trace: the new row under its new key, a tombstone under the old one.
        ObservationRow moved = generation(ALPHA, "t-other", "g3", 2);
        store.insert(new EventBatch(List.of(), List.of(moved, moving.versioned(2, true)), List.of()));
        // The same ids in another project, newer and alive there.
        store.insert(new EventBatch(List.of(trace(BETA, "t", "n", 1)),
                List.of(generation(BETA, "t", "g2", 7), generation(BETA, "t", "g3", 7)), List.of()));

        assertThat(store.findTraceDetail(ALPHA, "t").orElseThrow().observations()).containsExactly(newest);
        assertThat(store.findTraceDetail(ALPHA, "t-other").orElseThrow().observations()).containsExactly(moved);
        assertThat(store.findObservation(ALPHA, "g3")).contains(moved);
        assertThat(store.findObservation(ALPHA, "g2")).isEmpty();
        assertThat(store.findTraceDetail(BETA, "t").orElseThrow().observations()).extracting(ObservationRow::id)
                .containsExactly("g2", "g3");
    }

    @Test
    void aTraceReVersionedOutOfOrderShowsItsNewestVersion() {
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "first", 1), trace(BETA, "t", "beta's", 9)), List.of(), List.of()));
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "third", 3)), List.of(), List.of()));
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "second", 2)), List.of(), List.of()));

        TraceDetail detail = store.findTraceDetail(ALPHA, "t").orElseThrow();
        assertThat(detail.trace()).isEqualTo(trace(ALPHA, "t", "third", 3));
        assertThat(store.findTraceDetail(BETA, "t").orElseThrow().trace().name()).isEqualTo("beta's");
    }

    // toDate() wraps outside the Date range (1950-05-01 and 2129-10-05 are the same day to the
    // engine), so the day of the sort key comes from the engine, not from the timestamp in Java:
    // a tombstone under that key hides the trace, as it does for FINAL and the lists' LIMIT 1 BY.
    @Test
    void theSortKeysDayIsTheEnginesEvenWhereToDateWrapsAround() {
        TraceRow old = trace(ALPHA, "t", "n", 1);
        TraceRow in1950 = new TraceRow(ALPHA, "t", Instant.parse("1950-05-01T10:00:00Z"), "n", old.userId(),
                old.sessionId(), old.environment(), old.release(), old.version(), old.input(), old.output(), old.metadata(),
                old.tags(), false, false, 1, false);
        TraceRow sameKeyIn2129 = new TraceRow(ALPHA, "t", Instant.parse("2129-10-05T10:00:00Z"), "n", old.userId(),
                old.sessionId(), old.environment(), old.release(), old.version(), old.input(), old.output(), old.metadata(),
                old.tags(), false, false, 2, true);
        store.insert(new EventBatch(List.of(in1950), List.of(), List.of()));
        store.insert(new EventBatch(List.of(sameKeyIn2129), List.of(), List.of()));

        long liveByFinal = clickHouse.query(ProjectScopedSql.forProject(ALPHA,
                "SELECT count() AS n FROM traces FINAL WHERE project_id = {project_id:String} AND id = 't'").build()).scalar().asLong();
        assertThat(liveByFinal).isZero();
        assertThat(store.findTrace(ALPHA, "t")).isEmpty();
        assertThat(store.findTraceDetail(ALPHA, "t")).isEmpty();
    }

    // V009 on a database that already holds scores: the migration's INSERT ... SELECT fills the key
    // table, so scores written before it are found.
    @Test
    void theMigrationBackfillsTheKeysOfExistingScores() {
        ScoreRow before = score(ALPHA, "s1", "t", 1);
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "n", 1)), List.of(),
                List.of(before, score(ALPHA, "s2", "t", 1), TestingRows.deleted(score(ALPHA, "s2", "t", 1), 2))));
        clickHouse.execute(Sql.plain("DROP VIEW score_trace_keys_feed"));
        clickHouse.execute(Sql.plain("DROP TABLE score_trace_keys"));
        clickHouse.execute(Sql.plain("ALTER TABLE " + ClickHouseSchema.HISTORY_TABLE + " DELETE WHERE version = 9 SETTINGS mutations_sync = 2"));
        ScoreRow whileMissing = score(ALPHA, "s3", "t", 1);
        store.insert(new EventBatch(List.of(), List.of(), List.of(whileMissing)));

        assertThat(new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate()).containsExactly(9);

        assertThat(store.findScores(ALPHA, "t")).containsExactly(before, whileMissing);
        long keys = clickHouse.query(ProjectScopedSql.forProject(ALPHA, "SELECT count() AS n FROM (SELECT DISTINCT id"
                        + " FROM score_trace_keys WHERE project_id = {project_id:String})").build())
                .scalar().asLong();
        assertThat(keys).isEqualTo(3);
        // Written after the migration: found through the view.
        ScoreRow after = score(ALPHA, "s4", "t", 1);
        store.insert(new EventBatch(List.of(), List.of(), List.of(after)));
        assertThat(store.findScores(ALPHA, "t")).containsExactly(before, whileMissing, after);
    }
}
