package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The sort key of the last observation of a page: the next page starts strictly after it. */
public record ObservationCursor(Instant startTime, String id) {
    public ObservationCursor {
        requireNonNull(startTime, "startTime is null");
        requireNonNull(id, "id is null");
    }
}
