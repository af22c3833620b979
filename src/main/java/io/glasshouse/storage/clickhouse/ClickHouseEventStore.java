package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.TraceDetail;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The event store on ClickHouse, over either transport. */
public final class ClickHouseEventStore implements EventStore {
    private final ClickHouse clickHouse;
    private final ObservationRollup rollup;

    public ClickHouseEventStore(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
        this.rollup = new ObservationRollup(clickHouse);
    }

    // The rollup's signed rows go last: when an earlier insert fails, the writer stores each
    // request again alone, and rows written twice fold in ReplacingMergeTree but would add up twice
    // in the rollup. A crash between the observations and the rollup insert leaves the rollup
    // short until reconciled (docs/RATIONALE.md, "Metrics rollup").
    @Override
    public void insert(EventBatch batch) {
        insertRows("traces", batch.traces(), EventColumns.TRACE);
        insertRows("observations", batch.observations(), EventColumns.OBSERVATION);
        insertRows("scores", batch.scores(), EventColumns.SCORE);
        rollup.write(batch);
    }

    // RowBinary on both transports: the engine's cheapest input format (docs/benchmarks.md).
    private <T> void insertRows(String table, List<T> rows, RowBinaryEncoder.Columns<T> columns) {
        if (rows.isEmpty()) {
            return;
        }
        RowBinaryEncoder.Encoded encoded = RowBinaryEncoder.encode(rows, columns);
        clickHouse.insert(encoded.insertStatement(table), RowBinaryEncoder.FORMAT, encoded.chunks());
    }

    // Rows are replaced per sort key. An update that moved an entity to another key (a trace to
    // another day, an observation to another trace) leaves a tombstone under the old key, so
    // every read takes the newest row per KEY, drops deleted ones, and then the newest survivor.
    private static final String TRACE_KEY = "toDate(timestamp), id";
    private static final String OBSERVATION_KEY = "trace_id, id";
    private static final String SCORE_KEY = "toDate(timestamp), name, id";

    @Override
    public Optional<TraceRow> findTrace(ProjectId project, String traceId) {
        return newestLive(project, "traces", TRACE_KEY, "id = {id:String}", "id", traceId).stream()
                .findFirst()
                .map(row -> EventRows.trace(project, row));
    }

    @Override
    public List<ObservationRow> findObservations(ProjectId project, String traceId) {
        return newestLive(project, "observations", OBSERVATION_KEY, "trace_id = {id:String}", "id", traceId).stream()
                .map(row -> EventRows.observation(project, row))
                .sorted(Comparator.comparing(ObservationRow::startTime).thenComparing(ObservationRow::id))
                .toList();
    }

    // The three statements run at once (the embedded pool has several connections, the HTTP
    // transport several streams), so the detail takes about the slowest of them, not their sum.
    // When the trace does not exist the two side reads were wasted: cheap next to a found trace's.
    @Override
    public Optional<TraceDetail> findTraceDetail(ProjectId project, String traceId) {
        CompletableFuture<List<ObservationRow>> observations = SideReads.start(() -> findObservations(project, traceId));
        CompletableFuture<List<ScoreRow>> scores = SideReads.start(() -> findScores(project, traceId));
        Optional<TraceRow> trace;
        try {
            trace = findTrace(project, traceId);
        } catch (RuntimeException e) {
            SideReads.cancel(observations, scores);
            throw e;
        }
        return trace.map(row -> new TraceDetail(row, SideReads.join(observations), SideReads.join(scores)));
    }

    @Override
    public Optional<ObservationRow> findObservation(ProjectId project, String observationId) {
        return newestLive(project, "observations", OBSERVATION_KEY, "id = {id:String}", "id", observationId).stream()
                .findFirst()
                .map(row -> EventRows.observation(project, row));
    }

    @Override
    public List<ScoreRow> findScores(ProjectId project, String traceId) {
        return newestLive(project, "scores", SCORE_KEY, "trace_id = {id:String}", "id", traceId).stream()
                .map(row -> EventRows.score(project, row))
                .sorted(Comparator.comparing(ScoreRow::timestamp).thenComparing(ScoreRow::id))
                .toList();
    }

    @Override
    public Optional<ScoreRow> findScore(ProjectId project, String scoreId) {
        return newestLive(project, "scores", SCORE_KEY, "id = {id:String}", "id", scoreId).stream()
                .findFirst()
                .map(row -> EventRows.score(project, row));
    }

    /** The newest live row per key matching {@code condition}, newest first. */
    private List<ObjectNode> newestLive(
            ProjectId project, String table, String key, String condition, String parameter, String value) {
        return clickHouse.query(ProjectScopedSql.forProject(project, "SELECT * FROM " + table
                                + " WHERE project_id = {project_id:String} AND " + condition
                                + " ORDER BY event_version DESC LIMIT 1 BY " + key)
                        .bind(parameter, value)
                        .build())
                .rows().stream()
                .filter(row -> row.get("is_deleted").asInt() == 0)
                .toList();
    }

    @Override
    public long countTraces(ProjectId project) {
        return countLive(project, "traces", TRACE_KEY);
    }

    @Override
    public long countObservations(ProjectId project) {
        return countLive(project, "observations", OBSERVATION_KEY);
    }

    @Override
    public long countScores(ProjectId project) {
        return countLive(project, "scores", SCORE_KEY);
    }

    // Counts each entity once, by the newest version under each key, leaving out deleted ones:
    // what a merged ReplacingMergeTree would hold, without FINAL.
    private long countLive(ProjectId project, String table, String key) {
        return clickHouse.query(ProjectScopedSql.forProject(project, "SELECT count(DISTINCT id) AS n FROM (SELECT " + key
                                + ", argMax(is_deleted, event_version) AS deleted FROM " + table
                                + " WHERE project_id = {project_id:String} GROUP BY " + key + ") WHERE deleted = 0")
                        .build())
                .scalar()
                .asLong();
    }

    @Override
    public boolean isHealthy() {
        try {
            return clickHouse.query(Sql.plain("SELECT 1 AS ok")).scalar().asInt() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

}
