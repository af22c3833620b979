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
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The event store on ClickHouse, over either transport. */
public final class ClickHouseEventStore implements EventStore {
    private final ClickHouse clickHouse;
    private final ObservationRollup rollup;

    public ClickHouseEventStore(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
        this.rollup = new ObservationRollup(clickHouse);
    }

    @Override
    public void insert(EventBatch batch) {
        Prepared prepared = prepare(batch);
        try {
            insertPrepared(List.of(prepared));
        } finally {
            prepared.release();
        }
    }

    /**
     * Encodes the batch as RowBinary, table by table, on the caller's thread: the writer that
     * stores it later only concatenates chunks (RowBinary rows are self-delimiting, so the chunks
     * of many batches make one insert). A value no column can hold fails here, for this batch alone.
     */
    @Override
    public Prepared prepare(EventBatch batch) {
        // The rows wait for their insert in native memory (most of a request's bytes, held for a
        // group commit: on the heap every young collection in between would copy them), freed by
        // release() once the writer is done with them, when the transport reads them there. The
        // rollup's few rows stay on the heap.
        MallocArena nativeMemory = clickHouse.readsNativeSegmentsInPlace() ? new MallocArena() : null;
        try {
            return new Encoded(batch.size(),
                    encode(batch.traces(), EventColumns.TRACE, nativeMemory),
                    encode(batch.observations(), EventColumns.OBSERVATION, nativeMemory),
                    encode(batch.scores(), EventColumns.SCORE, nativeMemory),
                    ObservationRollup.encode(batch),
                    nativeMemory);
        } catch (RuntimeException | Error e) {
            if (nativeMemory != null) {
                nativeMemory.close();
            }
            throw e;
        }
    }

    // The rollup's rows go last: when an earlier insert fails, the writer stores each request
    // again alone, and rows written twice fold in ReplacingMergeTree but would add up twice in the
    // rollup. A crash between the observations and the rollup insert leaves the rollup short until
    // reconciled (docs/RATIONALE.md, "Metrics rollup"). The rows for V005's view (start times
    // outside 1970-2105) are a second, normally empty insert; a failure between the two is the
    // same kind of drift, repaired the same way.
    @Override
    public void insertPrepared(List<Prepared> batches) {
        List<Encoded> encoded = batches.stream().map(Encoded.class::cast).toList();
        insertRows("traces", encoded, Encoded::traces);
        insertRows("observations", encoded, Encoded::observations);
        insertRows("scores", encoded, Encoded::scores);
        insertRows(HourlyRollupRows.TABLE, encoded, batch -> batch.rollup().hourly());
        insertRows(ObservationRollup.INPUT_TABLE, encoded, batch -> batch.rollup().viaView());
    }

    /** A batch's rows per table as RowBinary; null where the batch has no rows for the table. */
    private record Encoded(
            int rows,
            RowBinaryEncoder.Encoded traces,
            RowBinaryEncoder.Encoded observations,
            RowBinaryEncoder.Encoded scores,
            ObservationRollup.Encoded rollup,
            MallocArena nativeMemory) implements Prepared {
        @Override
        public void release() {
            if (nativeMemory != null) {
                nativeMemory.close();
            }
        }

        boolean released() {
            return nativeMemory != null && nativeMemory.isClosed();
        }
    }

    private static <T> RowBinaryEncoder.Encoded encode(List<T> rows, RowBinaryEncoder.Columns<T> columns, MallocArena nativeMemory) {
        return rows.isEmpty() ? null : RowBinaryEncoder.encode(rows, columns, nativeMemory);
    }

    // RowBinary on both transports: the engine's cheapest input format (docs/benchmarks.md). One
    // insert per table for all batches: each insert makes a part, whatever its size.
    private void insertRows(String table, List<Encoded> batches, Function<Encoded, RowBinaryEncoder.Encoded> part) {
        RowBinaryEncoder.Encoded first = null;
        List<MemorySegment> chunks = new ArrayList<>();
        for (Encoded batch : batches) {
            if (batch.released()) {
                throw new IllegalStateException("a released batch cannot be stored");
            }
            RowBinaryEncoder.Encoded rows = part.apply(batch);
            if (rows == null) {
                continue;
            }
            if (first == null) {
                first = rows;
            } else if (!first.columns().equals(rows.columns())) {
                throw new IllegalStateException("batches for " + table + " were encoded with different columns");
            }
            chunks.addAll(rows.chunks());
        }
        if (first != null) {
            clickHouse.insertSegments(first.insertStatement(table), RowBinaryEncoder.FORMAT, chunks);
        }
    }

    // Rows are replaced per sort key (LiveRows holds the keys). An update that moved an entity to
    // another key (a trace to another day, an observation to another trace) leaves a tombstone
    // under the old key, so every read takes the newest row per KEY, drops deleted ones, and then
    // the newest survivor.

    @Override
    public Optional<TraceRow> findTrace(ProjectId project, String traceId) {
        return newestLive(project, "traces", NewestVersions.Key.TRACE, "id = {id:String}", "id", traceId).stream()
                .findFirst()
                .map(row -> EventRows.trace(project, row));
    }

    @Override
    public List<ObservationRow> findObservations(ProjectId project, String traceId) {
        return newestLive(project, "observations", NewestVersions.Key.OBSERVATION, "trace_id = {id:String}", "id", traceId).stream()
                .map(row -> EventRows.observation(project, row))
                .sorted(Comparator.comparing(ObservationRow::startTime).thenComparing(ObservationRow::id))
                .toList();
    }

    // The three statements run at once (the embedded pool has several connections, the HTTP
    // transport several streams), so the detail takes about the slowest of them, not their sum.
    // The slowest is the observations read: it runs on the caller's thread, so the critical path
    // has no hand-over to another thread, and by the time it ends the trace and the scores are
    // usually there (docs/query-performance-plan.md, "Session 5"). When the trace does not exist
    // the two other reads were wasted: cheap next to a found trace's.
    @Override
    public Optional<TraceDetail> findTraceDetail(ProjectId project, String traceId) {
        CompletableFuture<Optional<TraceRow>> trace = SideReads.start(() -> findTrace(project, traceId));
        CompletableFuture<List<ScoreRow>> scores = SideReads.start(() -> findScores(project, traceId));
        List<ObservationRow> observations;
        try {
            observations = findObservations(project, traceId);
        } catch (RuntimeException e) {
            SideReads.cancel(trace, scores);
            throw e;
        }
        Optional<TraceRow> found;
        try {
            found = SideReads.join(trace);
        } catch (RuntimeException e) {
            SideReads.cancel(scores);
            throw e;
        }
        List<ScoreRow> traceScores = SideReads.join(scores);
        return found.map(row -> new TraceDetail(row, observations, traceScores));
    }

    @Override
    public Optional<ObservationRow> findObservation(ProjectId project, String observationId) {
        return newestLive(project, "observations", NewestVersions.Key.OBSERVATION, "id = {id:String}", "id", observationId).stream()
                .findFirst()
                .map(row -> EventRows.observation(project, row));
    }

    // By the V009 key table, trace_id tested on the newest version (LiveRows.scoreKeysOfTraces).
    private static final String SCORE_KEYS_OF_TRACE = LiveRows.scoreKeysOfTraces("trace_id = {id:String}");

    @Override
    public List<ScoreRow> findScores(ProjectId project, String traceId) {
        return newestLive(project, "scores", NewestVersions.Key.SCORE, SCORE_KEYS_OF_TRACE, "id", traceId).stream()
                .filter(row -> traceId.equals(EventRows.text(row, "trace_id")))
                .map(row -> EventRows.score(project, row))
                .sorted(Comparator.comparing(ScoreRow::timestamp).thenComparing(ScoreRow::id))
                .toList();
    }

    @Override
    public Optional<ScoreRow> findScore(ProjectId project, String scoreId) {
        return newestLive(project, "scores", NewestVersions.Key.SCORE, "id = {id:String}", "id", scoreId).stream()
                .findFirst()
                .map(row -> EventRows.score(project, row));
    }

    /**
     * The newest live row per key matching {@code condition}, newest first. Every version comes
     * back and the newest per key is picked in Java (NewestVersions): these look-ups find a few
     * rows, and the engine's sort and LIMIT 1 BY cost more than the extra versions.
     */
    private List<ObjectNode> newestLive(
            ProjectId project, String table, NewestVersions.Key key, String condition, String parameter, String value) {
        return NewestVersions.live(key, clickHouse.query(ProjectScopedSql.forProject(project, "SELECT " + key.columns()
                                + " FROM " + table + " WHERE project_id = {project_id:String} AND " + condition)
                        .bind(parameter, value)
                        .build())
                .rows());
    }

    @Override
    public long countTraces(ProjectId project) {
        return countLive(project, "traces", LiveRows.TRACE_KEY);
    }

    @Override
    public long countObservations(ProjectId project) {
        return countLive(project, "observations", LiveRows.OBSERVATION_KEY);
    }

    @Override
    public long countScores(ProjectId project) {
        return countLive(project, "scores", LiveRows.SCORE_KEY);
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
