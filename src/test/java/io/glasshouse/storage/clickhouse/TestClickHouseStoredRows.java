package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestClickHouseStoredRows {
    private static final ProjectId PROJECT = new ProjectId("stored-rows");
    private static final ProjectId OTHER = new ProjectId("stored-rows-other");

    private static EmbeddedClickHouse clickHouse;
    private static ClickHouseEventStore store;
    private static ClickHouseStoredRows storedRows;

    @BeforeAll
    static void open() {
        clickHouse = TestingClickHouse.newDatabase("storedrows");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        store = new ClickHouseEventStore(clickHouse);
        storedRows = new ClickHouseStoredRows(clickHouse);
    }

    @AfterAll
    static void close() {
        clickHouse.close();
    }

    @Test
    void readsBackEveryFieldOfTheNewestVersion() {
        ObservationRow older = observation(PROJECT, "full", "old name", 10, false);
        ObservationRow newer = observation(PROJECT, "full", "new name", 20, false);
        store.insert(new EventBatch(List.of(), List.of(newer, older), List.of()));

        Map<String, ObservationRow> found = storedRows.findObservations(PROJECT, List.of("full", "absent"));

        assertThat(found).containsOnlyKeys("full");
        assertThat(found.get("full")).isEqualTo(newer);
    }

    @Test
    void readsOnlyTheAskedProject() {
        store.insert(new EventBatch(List.of(), List.of(observation(OTHER, "theirs", "n", 1, false)), List.of()));
        assertThat(storedRows.findObservations(PROJECT, List.of("theirs"))).isEmpty();
        assertThat(storedRows.findObservations(OTHER, List.of("theirs"))).containsOnlyKeys("theirs");
    }

    @Test
    void leavesOutRowsWhoseNewestVersionIsDeleted() {
        store.insert(new EventBatch(List.of(), List.of(
                observation(PROJECT, "gone", "n", 1, false), observation(PROJECT, "gone", "n", 2, true)), List.of()));
        assertThat(storedRows.findObservations(PROJECT, List.of("gone"))).isEmpty();
    }

    @Test
    void answersManyIdsAcrossStatements() {
        List<ObservationRow> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ClickHouseStoredRows.IDS_PER_STATEMENT + 50; i++) {
            rows.add(observation(PROJECT, "many-" + i, "n", 1, false));
            ids.add("many-" + i);
        }
        store.insert(new EventBatch(List.of(), rows, List.of()));
        assertThat(storedRows.findObservations(PROJECT, ids)).hasSize(ids.size());
    }

    @Test
    void hostileIdsAreBoundNotSpliced() {
        String hostile = "x') OR 1=1 --\\'";
        store.insert(new EventBatch(List.of(), List.of(observation(PROJECT, hostile, "n", 1, false)), List.of()));
        assertThat(storedRows.findObservations(PROJECT, List.of(hostile))).containsOnlyKeys(hostile);
        assertThat(storedRows.findObservations(PROJECT, List.of("x"))).isEmpty();
    }

    @Test
    void readsBackTheNewestVersionOfATraceInTheAskedProjectUnlessDeleted() {
        TraceRow older = trace(PROJECT, "t-full", "old name", 10, false);
        TraceRow newer = trace(PROJECT, "t-full", "new name", 20, false);
        store.insert(new EventBatch(List.of(newer, older, trace(OTHER, "t-theirs", "n", 1, false),
                trace(PROJECT, "t-gone", "n", 1, false), trace(PROJECT, "t-gone", "n", 2, true)), List.of(), List.of()));

        Map<String, TraceRow> found = storedRows.findTraces(PROJECT, List.of("t-full", "t-theirs", "t-gone", "absent"));

        assertThat(found).containsOnlyKeys("t-full");
        assertThat(found.get("t-full")).isEqualTo(newer);
        assertThat(storedRows.findTraces(OTHER, List.of("t-theirs"))).containsOnlyKeys("t-theirs");
    }

    private static TraceRow trace(ProjectId project, String id, String name, long version, boolean deleted) {
        return new TraceRow(project, id, Instant.parse("2026-03-01T10:00:00.123456Z"), name, "user-1", "session-1",
                "production", "1.0", "v1", "question", "{\"answer\":true}", Map.of("k", "v"), List.of("a", "b"),
                true, false, version, deleted);
    }

    private static ObservationRow observation(ProjectId project, String id, String name, long version, boolean deleted) {
        return new ObservationRow(
                project, "trace-" + id, id, ObservationType.GENERATION, "parent", name, "production",
                Instant.parse("2026-03-01T10:00:00.123456Z"), Instant.parse("2026-03-01T10:00:02Z"),
                Instant.parse("2026-03-01T10:00:01Z"), ObservationLevel.WARNING, "status", "v1", "input text",
                "{\"output\":true}", Map.of("k", "v", "n", "{\"a\":1}"), "gpt-4o", "model-1", "{\"temperature\":0.2}",
                Map.of("input", 10L, "output", 5L), Map.of("input", 10L, "output", 5L, "total", 15L),
                Map.of("total", new BigDecimal("0.000123")), Map.of("total", new BigDecimal("0.000123")),
                new BigDecimal("0.000123"), "prompt-1", "prompt", 4, Map.of("service.name", "api"), "scope",
                version, deleted);
    }
}
