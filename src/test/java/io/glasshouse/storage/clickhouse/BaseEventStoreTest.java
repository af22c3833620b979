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
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.TraceDetail;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        assertThat(new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate()).containsExactly(1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 14, 16, 17);
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
                .containsExactly(ClickHouseSchema.HISTORY_TABLE, "observation_hourly", "observation_rollup_feed",
                        "observation_rollup_input", "observation_versions", "observation_versions_feed", "observations", "score_trace_keys", "score_trace_keys_feed", "scores",
                        "trace_session_keys", "trace_session_keys_feed", "trace_user_keys", "trace_user_keys_feed", "trace_versions",
                        "trace_versions_feed", "traces");
    }

    @Test
    void largeTextColumnsCompressWithZstdLevelOne() {
        var codecs = clickHouse.query(Sql.of("SELECT table, name, compression_codec FROM system.columns WHERE database = {db:String}"
                        + " AND table IN ('traces', 'observations') AND name IN ('input', 'output', 'metadata') ORDER BY table, name")
                .bind("db", clickHouse.database()).build());
        assertThat(codecs.rows()).hasSize(6).allSatisfy(row -> assertThat(row.get("compression_codec").asText())
                .as("%s.%s", row.get("table").asText(), row.get("name").asText()).isEqualTo("CODEC(ZSTD(1))"));
        // A metadata change only: the columns keep their types.
        var types = clickHouse.query(Sql.of("SELECT type FROM system.columns WHERE database = {db:String}"
                        + " AND table = 'observations' AND name = 'input'").bind("db", clickHouse.database()).build());
        assertThat(types.scalar().asText()).isEqualTo("Nullable(String)");
    }

    @Test
    void freshTraceAndObservationPartsAreCompact() {
        // 12 MB of text: above the engine's default threshold (10 MiB), so a wide part without V006
        String large = "x".repeat(12 << 20);
        ObservationRow g = generation(ALPHA, "t", "g1", 1);
        ObservationRow big = new ObservationRow(g.projectId(), g.traceId(), g.id(), g.type(), g.parentObservationId(),
                g.name(), g.environment(), g.startTime(), g.endTime(), g.completionStartTime(), g.level(), g.statusMessage(),
                g.version(), "\"" + large + "\"", g.output(), g.metadata(), g.providedModelName(), g.internalModelId(),
                g.modelParameters(), g.providedUsageDetails(), g.usageDetails(), g.providedCostDetails(), g.costDetails(),
                g.totalCost(), g.promptId(), g.promptName(), g.promptVersion(), g.resourceAttributes(), g.scopeName(),
                g.eventVersion(), g.deleted());
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "n", 1)), List.of(big), List.of()));
        var parts = clickHouse.query(Sql.of("SELECT table, part_type FROM system.parts WHERE database = {db:String} "
                        + "AND active AND table IN ('traces', 'observations') ORDER BY table")
                .bind("db", clickHouse.database()).build());
        assertThat(parts.rows()).extracting(row -> row.get("table").asText() + " " + row.get("part_type").asText())
                .containsExactly("observations Compact", "traces Compact");
        var tables = clickHouse.query(Sql.of("SELECT name, create_table_query FROM system.tables WHERE database = {db:String} "
                        + "AND name IN ('traces', 'observations')")
                .bind("db", clickHouse.database()).build());
        assertThat(tables.rows()).hasSize(2).allSatisfy(row ->
                assertThat(row.get("create_table_query").asText()).contains("min_bytes_for_wide_part = 134217728"));
    }

    // V007 rewrites the parts that exist when it is applied; running its statements again on parts
    // holding replaced versions and tombstones must leave every read as it was. (Stored row counts
    // are not compared: background merges may fold versions at any time, with or without V007.)
    @Test
    void smallCompressBlocksAreSetAndRewritingThePartsKeepsEveryVersion() {
        ObservationRow kept = generation(ALPHA, "t", "g1", 1);
        ObservationRow gone = generation(ALPHA, "t", "g2", 1);
        ScoreRow score = score(ALPHA, "s1", "t", 1);
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "first", 1), trace(ALPHA, "gone", "n", 1)),
                List.of(kept, gone), List.of(score, score(ALPHA, "s2", "t", 1))));
        // Re-versions and tombstones, both in the same insert (one part) and in later ones.
        store.insert(new EventBatch(List.of(trace(ALPHA, "t", "second", 2), trace(ALPHA, "t", "third", 3)),
                List.of(generation(ALPHA, "t", "g1", 2)), List.of(score.versioned(2, false))));
        store.insert(new EventBatch(List.of(TestingRows.deleted(trace(ALPHA, "gone", "n", 1), 2)),
                List.of(deleted(gone, 2)), List.of(TestingRows.deleted(score(ALPHA, "s2", "t", 1), 2))));
        TraceDetail before = store.findTraceDetail(ALPHA, "t").orElseThrow();
        assertThat(before.trace().name()).isEqualTo("third");
        assertThat(before.observations()).extracting(o -> o.id() + " v" + o.eventVersion()).containsExactly("g1 v2");
        assertThat(before.scores()).extracting(s -> s.id() + " v" + s.eventVersion()).containsExactly("s1 v2");

        ClickHouseSchema.Migration v007 = ClickHouseSchema.migrations().stream()
                .filter(migration -> migration.version() == 7).findFirst().orElseThrow();
        ClickHouseSchema.render(v007, SchemaDialect.singleNode()).forEach(statement -> clickHouse.execute(Sql.plain(statement)));

        assertThat(store.findTraceDetail(ALPHA, "t")).contains(before);
        assertThat(store.findTrace(ALPHA, "gone")).isEmpty();
        assertThat(store.countTraces(ALPHA)).isEqualTo(1);
        assertThat(store.countObservations(ALPHA)).isEqualTo(1);
        assertThat(store.countScores(ALPHA)).isEqualTo(1);
        var tables = clickHouse.query(Sql.of("SELECT name, create_table_query FROM system.tables WHERE database = {db:String} "
                        + "AND name IN ('traces', 'observations', 'scores')")
                .bind("db", clickHouse.database()).build());
        assertThat(tables.rows()).hasSize(3).allSatisfy(row ->
                assertThat(row.get("create_table_query").asText()).contains("min_compress_block_size = 8192"));
    }

    private static ObservationRow deleted(ObservationRow o, long version) {
        return o.versioned(version, true);
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
        assertThat(RowBinaryEncoder.encode(rows, EventColumns.OBSERVATION).chunks()).hasSizeGreaterThan(1);
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
    void theTraceDetailIsTheThreeReadsTogetherAlsoWhenManyRunAtOnce() throws Exception {
        store.insert(new EventBatch(
                List.of(trace(ALPHA, "t", "alpha's", 1), trace(BETA, "t", "beta's", 1)),
                List.of(generation(ALPHA, "t", "g1", 1), generation(ALPHA, "t", "g2", 1), generation(BETA, "t", "g-beta", 1)),
                List.of(score(ALPHA, "s1", "t", 1), score(BETA, "s-beta", "t", 1))));
        TraceDetail alpha = store.findTraceDetail(ALPHA, "t").orElseThrow();
        assertThat(alpha.trace()).isEqualTo(store.findTrace(ALPHA, "t").orElseThrow());
        assertThat(alpha.observations()).extracting(ObservationRow::id).containsExactly("g1", "g2");
        assertThat(alpha.observations()).isEqualTo(store.findObservations(ALPHA, "t"));
        assertThat(alpha.scores()).extracting(ScoreRow::id).containsExactly("s1");
        TraceDetail beta = store.findTraceDetail(BETA, "t").orElseThrow();
        assertThat(beta.observations()).extracting(ObservationRow::id).containsExactly("g-beta");
        assertThat(store.findTraceDetail(ALPHA, "missing")).isEmpty();

        // More callers than pooled connections, each asking for its project's detail: every answer
        // whole, and never a row of the other project.
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<TraceDetail>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ProjectId project = i % 2 == 0 ? ALPHA : BETA;
                answers.add(callers.submit(() -> store.findTraceDetail(project, "t").orElseThrow()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo(i % 2 == 0 ? alpha : beta);
            }
        } finally {
            callers.shutdownNow();
        }

        store.insert(new EventBatch(List.of(TestingRows.deleted(alpha.trace(), 99)), List.of(), List.of()));
        assertThat(store.findTraceDetail(ALPHA, "t")).isEmpty();
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

    // RowBinary carries no types: every edge of every column type must come back as sent.
    @Test
    void trickyValuesSurviveTheRoundTrip() {
        String huge = "<ß€😀日本語>\n\t\"\\\u0000".repeat(150_000);
        TraceRow trace = new TraceRow(ALPHA, "t-🚀 \"'\\", Instant.parse("1900-01-01T00:00:00Z"), "", null, null,
                "prod ü", null, null, huge, null, Map.of(), List.of(), true, true, Long.MAX_VALUE, false);
        TraceRow bare = new TraceRow(ALPHA, "t-bare", Instant.parse("2299-12-31T23:59:59.999999Z"), null, null, null,
                "default", null, null, null, null, Map.of("", "", "ключ", "значение 😀"), List.of("", "ü", "x".repeat(70_000)),
                false, false, 0, false);
        ObservationRow tricky = new ObservationRow(ALPHA, trace.id(), "o-1", ObservationType.GUARDRAIL, "", "名前",
                "prod ü", Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.parse("1970-01-01T00:00:00.999999Z"),
                Instant.parse("1970-01-01T00:00:00Z"), ObservationLevel.ERROR, "", "", "", "\u0000", Map.of("k", ""),
                "", "", "", Map.of("input", 0L, "huge", Long.MAX_VALUE), Map.of(), Map.of(),
                Map.of("input", new BigDecimal("12.5")), new BigDecimal("0.25"), "", "", 0,
                Map.of("service.name", "日本"), "", 1, false);
        ScoreRow score = new ScoreRow(ALPHA, "s-1", Instant.parse("2026-01-01T00:00:00.000001Z"), null, null, null, null,
                "", -1.0e-300, "", ScoreDataType.CATEGORICAL, ScoreSource.ANNOTATION,
                null, null, null, null, "default", Map.of("😀", "😀"), 3, false);

        store.insert(new EventBatch(List.of(trace, bare), List.of(tricky), List.of(score)));

        assertThat(store.findTrace(ALPHA, trace.id())).contains(trace);
        assertThat(store.findTrace(ALPHA, "t-bare")).contains(bare);
        assertThat(store.findObservation(ALPHA, "o-1")).contains(tricky);
        assertThat(store.findScore(ALPHA, "s-1")).contains(score);
    }

    // Read back as text by the engine: the JSON read path goes through double (EventRows).
    @Test
    void decimalsKeepAllTwelveDigits() {
        ObservationRow sent = withCosts(generation(ALPHA, "t", "o-dec", 1), Map.of("max", new BigDecimal("999999.999999999999"),
                        "min", new BigDecimal("-999999.999999999999"), "tiny", new BigDecimal("0.000000000001"),
                        "zero", BigDecimal.ZERO), new BigDecimal("123456.789012345678"), T0);
        store.insert(new EventBatch(List.of(), List.of(sent), List.of()));
        var row = clickHouse.query(Sql.plain("SELECT toString(total_cost) AS total, toString(provided_cost_details['max']) AS max,"
                + " toString(provided_cost_details['min']) AS min, toString(provided_cost_details['tiny']) AS tiny,"
                + " toString(provided_cost_details['zero']) AS zero FROM observations")).rows().getFirst();
        assertThat(row.get("total").asText()).isEqualTo("123456.789012345678");
        assertThat(row.get("max").asText()).isEqualTo("999999.999999999999");
        assertThat(row.get("min").asText()).isEqualTo("-999999.999999999999");
        assertThat(row.get("tiny").asText()).isEqualTo("0.000000000001");
        assertThat(row.get("zero").asText()).isEqualTo("0");
    }

    @Test
    void digitsBeyondTheColumnsPrecisionAreCutLikeTheEngineCutsThem() {
        ObservationRow sent = withCosts(generation(ALPHA, "t", "o-cut", 1), Map.of("input", new BigDecimal("0.1234567890129")),
                new BigDecimal("-1.0000000000019"), Instant.parse("2026-11-20T09:30:00.123456789Z"));
        store.insert(new EventBatch(List.of(), List.of(sent), List.of()));
        ObservationRow stored = store.findObservation(ALPHA, "o-cut").orElseThrow();
        assertThat(stored.startTime()).isEqualTo(Instant.parse("2026-11-20T09:30:00.123456Z"));
        var row = clickHouse.query(Sql.plain("SELECT toString(total_cost) AS total, toString(provided_cost_details['input']) AS input,"
                + " toString(toDecimal64('-1.0000000000019', 12)) AS engine FROM observations")).rows().getFirst();
        assertThat(row.get("total").asText()).isEqualTo("-1.000000000001").isEqualTo(row.get("engine").asText());
        assertThat(row.get("input").asText()).isEqualTo("0.123456789012");
    }

    @Test
    void valuesTheColumnsCannotHoldAreRefusedAndNothingIsStored() {
        ObservationRow g = generation(ALPHA, "t", "o-bad", 1);
        assertThatThrownBy(() -> store.insert(new EventBatch(List.of(), List.of(
                        withCosts(g, Map.of(), new BigDecimal("1000000"), g.startTime())), List.of())))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.clickHouseCode()).isEqualTo(407))
                .hasMessageContaining("total_cost");
        assertThatThrownBy(() -> store.insert(new EventBatch(List.of(), List.of(
                        withCosts(g, Map.of(), null, Instant.parse("2300-01-01T00:00:00Z"))), List.of())))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.clickHouseCode()).isEqualTo(321))
                .hasMessageContaining("start_time");
        assertThat(store.countObservations(ALPHA)).isZero();
    }

    private static ObservationRow withCosts(ObservationRow g, Map<String, BigDecimal> provided, BigDecimal total, Instant start) {
        return new ObservationRow(g.projectId(), g.traceId(), g.id(), g.type(), g.parentObservationId(), g.name(),
                g.environment(), start, null, null, g.level(), g.statusMessage(), g.version(), g.input(), g.output(),
                g.metadata(), g.providedModelName(), g.internalModelId(), g.modelParameters(), g.providedUsageDetails(),
                g.usageDetails(), provided, g.costDetails(), total, g.promptId(), g.promptName(), g.promptVersion(),
                g.resourceAttributes(), g.scopeName(), g.eventVersion(), g.deleted());
    }

    @Test
    void healthAnswersWhileTheStoreWorks() {
        assertThat(store.isHealthy()).isTrue();
    }
}
