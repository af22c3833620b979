package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingRows.generation;
import static io.glasshouse.storage.clickhouse.TestingRows.T0;
import static io.glasshouse.storage.clickhouse.TestingRows.score;
import static io.glasshouse.storage.clickhouse.TestingRows.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event store and its schema, run against every ClickHouse transport. */
abstract class BaseEventStoreTest {
    private static final ProjectId ALPHA = new ProjectId("alpha");
    private static final ProjectId BETA = new ProjectId("beta");

    private ClickHouse clickHouse;
    private ClickHouseEventStore store;

    protected abstract ClickHouse newClickHouse(String databasePrefix);

    @BeforeEach
    void createSchema() {
        clickHouse = newClickHouse("events");
        assertThat(new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate()).containsExactly(1);
        store = new ClickHouseEventStore(clickHouse);
    }

    @AfterEach
    void close() {
        clickHouse.close();
    }

    @Test
    void migrationsAreRecordedAndNotAppliedTwice() {
        assertThat(new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate()).isEmpty();
        var tables = clickHouse.query(Sql.of("SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name")
                .bind("db", clickHouse.database()).build());
        assertThat(tables.rows()).extracting(row -> row.get("name").asText())
                .containsExactly(ClickHouseSchema.HISTORY_TABLE, "observations", "scores", "traces");
    }

    @Test
    void anAppliedMigrationWhoseTextChangedStopsStartUp() {
        clickHouse.execute(Sql.plain("INSERT INTO " + ClickHouseSchema.HISTORY_TABLE
                + " (version, name, checksum, applied_at) VALUES (1, 'events', 'edited', now64(3) + 1)"));
        assertThatThrownBy(() -> new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate())
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining("V1 was applied with different text");
    }

    @Test
    void storesAndReadsBackEveryTraceField() {
        TraceRow sent = trace(ALPHA, "trace-1", "checkout", 1);
        store.insert(new EventBatch(List.of(sent), List.of(), List.of()));
        assertThat(store.findTrace(ALPHA, "trace-1")).contains(sent);
    }

    @Test
    void storesObservationsAndScores() {
        store.insert(new EventBatch(
                List.of(trace(ALPHA, "t", "n", 1)),
                List.of(generation(ALPHA, "t", "g1", 1), generation(ALPHA, "t", "g2", 1)),
                List.of(score(ALPHA, "s1", "t", 1))));
        assertThat(store.countObservations(ALPHA)).isEqualTo(2);
        assertThat(store.countScores(ALPHA)).isEqualTo(1);
        var row = clickHouse.query(ProjectScopedSql.forProject(ALPHA,
                        "SELECT usage_details, total_cost, input, prompt_version FROM observations "
                                + "WHERE project_id = {project_id:String} AND id = 'g1'").build())
                .rows().getFirst();
        assertThat(row.get("usage_details").get("total").asLong()).isEqualTo(15);
        assertThat(row.get("total_cost").asDouble()).isEqualTo(0.0000036);
        assertThat(row.get("prompt_version").asInt()).isEqualTo(4);
        assertThat(row.get("input").asText()).isEqualTo("[{\"role\":\"user\",\"content\":\"hi\"}]");
    }

    @Test
    void storesAndReadsBackEveryObservationAndScoreField() {
        ObservationRow full = generation(ALPHA, "t", "g-full", 1);
        ObservationRow sparse = new ObservationRow(ALPHA, "t", "s-sparse", ObservationType.SPAN, "g-full", null,
                "default", T0.minusSeconds(86_400L * 365 * 60), null, null, ObservationLevel.WARNING, "line 1\nline \"2\"",
                null, null, null, Map.of(), null, null, null, Map.of(), Map.of(), Map.of("input", new BigDecimal("0.5")),
                Map.of(), null, null, null, null, Map.of(), null, 7, false);
        ScoreRow score = score(ALPHA, "s1", "t", 1);
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "n", 1)), List.of(full, sparse), List.of(score)));
        assertThat(store.findObservation(ALPHA, "g-full")).contains(full);
        assertThat(store.findObservation(ALPHA, "s-sparse")).contains(sparse);
        assertThat(store.findScores(ALPHA, "t")).containsExactly(score);
    }

    @Test
    void storesABatchLargerThanOneEncodedChunk() {
        String input = "[{\"role\":\"system\",\"content\":\"" + "You are helpful. ".repeat(300) + "\"}]";
        List<ObservationRow> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ObservationRow g = generation(ALPHA, "big", "g-" + i, 1);
            rows.add(new ObservationRow(g.projectId(), g.traceId(), g.id(), g.type(), g.parentObservationId(), g.name(),
                    g.environment(), g.startTime(), g.endTime(), g.completionStartTime(), g.level(), g.statusMessage(),
                    g.version(), input, g.output(), g.metadata(), g.providedModelName(), g.internalModelId(),
                    g.modelParameters(), g.providedUsageDetails(), g.usageDetails(), g.providedCostDetails(),
                    g.costDetails(), g.totalCost(), g.promptId(), g.promptName(), g.promptVersion(),
                    g.resourceAttributes(), g.scopeName(), g.eventVersion(), g.deleted()));
        }
        assertThat(JsonRowEncoder.encode(rows, EventColumns.OBSERVATION).chunks()).hasSizeGreaterThan(1);
        store.insert(new EventBatch(List.of(), rows, List.of()));
        assertThat(store.countObservations(ALPHA)).isEqualTo(500);
        assertThat(store.findObservation(ALPHA, "g-499")).contains(rows.getLast());
    }

    @Test
    void theNewestVersionOfARowWins() {
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "first", 1)), List.of(), List.of()));
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "third", 3)), List.of(), List.of()));
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "second", 2)), List.of(), List.of()));
        assertThat(store.findTrace(ALPHA, "t")).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("third"));
        assertThat(store.countTraces(ALPHA)).isEqualTo(1);
    }

    @Test
    void aDeletedTraceIsGoneFromReads() {
        TraceRow row = trace(ALPHA, "t", "n", 1);
        store.insert(new EventBatch(List.of(row, trace(ALPHA, "kept", "n", 1)), List.of(), List.of()));
        store.insert(new EventBatch(List.of(TestingRows.deleted(row, 2)), List.of(), List.of()));
        assertThat(store.findTrace(ALPHA, "t")).isEmpty();
        assertThat(store.countTraces(ALPHA)).isEqualTo(1);
    }

    @Test
    void aTraceMovedToAnotherDayIsFoundOnceUnderItsNewKey() {
        TraceRow first = trace(ALPHA, "moved", "before", 1);
        TraceRow moved = new TraceRow(ALPHA, "moved", first.timestamp().plusSeconds(3 * 86_400), "after",
                first.userId(), first.sessionId(), first.environment(), first.release(), first.version(), first.input(),
                first.output(), first.metadata(), first.tags(), false, false, 2, false);
        store.insert(new EventBatch(List.of(first), List.of(), List.of()));
        // What the merger writes for a move: the new row, and a tombstone of the same version under the old key.
        store.insert(new EventBatch(List.of(moved, TestingRows.deleted(first, 2)), List.of(), List.of()));
        assertThat(store.findTrace(ALPHA, "moved")).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("after"));
        assertThat(store.countTraces(ALPHA)).isEqualTo(1);
    }

    @Test
    void aScoreIsFoundByIdUntilItsTombstoneArrives() {
        var row = score(ALPHA, "s1", "t", 1);
        store.insert(new EventBatch(List.of(), List.of(), List.of(row, score(ALPHA, "s2", "t", 1))));
        assertThat(store.findScore(ALPHA, "s1")).contains(row);
        assertThat(store.findScore(BETA, "s1")).isEmpty();
        assertThat(store.findScore(ALPHA, "no-such-score")).isEmpty();

        store.insert(new EventBatch(List.of(), List.of(), List.of(TestingRows.deleted(row, 2))));

        assertThat(store.findScore(ALPHA, "s1")).isEmpty();
        assertThat(store.findScores(ALPHA, "t")).extracting(s -> s.id()).containsExactly("s2");
        assertThat(store.countScores(ALPHA)).isEqualTo(1);
    }

    @Test
    void projectsNeverSeeEachOthersRowsEvenWithTheSameIds() {
        store.insert(new EventBatch(
                List.of(trace(ALPHA, "shared-id", "alpha's", 1), trace(BETA, "shared-id", "beta's", 1),
                        trace(BETA, "beta-only", "beta's", 1)),
                List.of(generation(BETA, "beta-only", "g", 1)),
                List.of(score(BETA, "s", "beta-only", 1))));
        assertThat(store.findTrace(ALPHA, "shared-id")).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("alpha's"));
        assertThat(store.findTrace(ALPHA, "beta-only")).isEmpty();
        assertThat(store.countTraces(ALPHA)).isEqualTo(1);
        assertThat(store.countObservations(ALPHA)).isZero();
        assertThat(store.countScores(ALPHA)).isZero();
        assertThat(store.countTraces(BETA)).isEqualTo(2);
    }

    @Test
    void hostileIdsAreJustIds() {
        String hostile = "x' OR project_id != 'alpha";
        store.insert(new EventBatch(List.of(trace(BETA, "b", "n", 1)), List.of(), List.of()));
        assertThat(store.findTrace(ALPHA, hostile)).isEmpty();
    }

    @Test
    void eventQueriesWithoutTheProjectFilterAreRefused() {
        assertThatThrownBy(() -> ProjectScopedSql.forProject(ALPHA, "SELECT * FROM traces WHERE id = {id:String}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("project_id = {project_id:String}");
    }

    @Test
    void healthAnswersWhileTheStoreWorks() {
        assertThat(store.isHealthy()).isTrue();
    }
}
