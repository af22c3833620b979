package io.glasshouse.storage;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import java.util.List;
import java.util.Optional;

/**
 * Where traces, observations and scores live. Every read takes the project it reads for; there
 * is no way to read event rows without one.
 */
public interface EventStore {
    /** Stores the rows; returns once they are committed and visible to reads. */
    void insert(EventBatch batch);

    /**
     * A batch made ready for {@link #insertPrepared}: whatever can be done without the storage
     * (encoding), so a caller with many threads does it in parallel and a single writer only
     * stores. The default prepares nothing.
     */
    default Prepared prepare(EventBatch batch) {
        return new Unprepared(batch);
    }

    /**
     * Stores the prepared batches together, in order (one insert per table where the store can);
     * returns once all are committed and visible to reads. Each must come from this store's
     * {@link #prepare}.
     */
    default void insertPrepared(List<Prepared> batches) {
        insert(EventBatch.concat(batches.stream().map(p -> ((Unprepared) p).batch()).toList()));
    }

    /** A batch as {@link #prepare} left it; {@link #rows()} is what {@link EventBatch#size()} was. */
    interface Prepared {
        int rows();

        /**
         * Frees what the batch holds outside the heap. Call it once, when the batch is stored or
         * has failed for good (its insert is not tried again); the batch is unusable afterwards.
         */
        default void release() {}
    }

    /** What the default {@link #prepare} returns: the batch itself. */
    record Unprepared(EventBatch batch) implements Prepared {
        @Override
        public int rows() {
            return batch.size();
        }
    }

    /** The newest version of a trace, unless it is deleted or belongs to another project. */
    Optional<TraceRow> findTrace(ProjectId project, String traceId);

    /** The observations of a trace, newest version of each, oldest start first. */
    List<ObservationRow> findObservations(ProjectId project, String traceId);

    Optional<ObservationRow> findObservation(ProjectId project, String observationId);

    /**
     * The trace with its observations and scores (the three reads above together), unless the trace
     * is deleted or belongs to another project. Implementations may read the three concurrently.
     */
    Optional<TraceDetail> findTraceDetail(ProjectId project, String traceId);

    /** The scores attached to a trace (or to its observations), oldest first. */
    List<ScoreRow> findScores(ProjectId project, String traceId);

    /** The newest version of a score, unless it is deleted or belongs to another project. */
    Optional<ScoreRow> findScore(ProjectId project, String scoreId);

    /** Traces of the project, counting each id once and skipping deleted ones. */
    long countTraces(ProjectId project);

    long countObservations(ProjectId project);

    long countScores(ProjectId project);

    /** True when the store answers a trivial query now. */
    boolean isHealthy();
}
