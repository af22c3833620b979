package io.glasshouse.storage;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import java.util.Collection;
import java.util.Map;

/**
 * Look-ups of stored rows for the ingest path, which needs them only when an update arrives for an
 * observation it no longer remembers. Callers batch every miss of a request into one call.
 */
public interface StoredRows {
    /**
     * The newest stored version of each observation among {@code ids} that exists in the project and
     * is not deleted, keyed by id. Ids without a stored row are absent from the answer.
     */
    Map<String, ObservationRow> findObservations(ProjectId project, Collection<String> ids);

    /**
     * As {@link #findObservations}, for traces: read when an update arrives for a trace the merger
     * no longer remembers. A store that keeps no traces (tests, tools) finds none.
     */
    default Map<String, TraceRow> findTraces(ProjectId project, Collection<String> ids) {
        return Map.of();
    }

    /** Finds nothing; for merging without a store (tests, tools). */
    static StoredRows none() {
        return (project, ids) -> Map.of();
    }
}
