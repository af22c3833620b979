package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingRows.generation;
import static io.glasshouse.storage.clickhouse.TestingRows.score;
import static io.glasshouse.storage.clickhouse.TestingRows.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.TraceDetail;
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
