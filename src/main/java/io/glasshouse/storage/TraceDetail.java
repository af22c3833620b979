package io.glasshouse.storage;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import java.util.List;

/** A trace with its observations (oldest start first) and its scores (oldest first), as GET /traces/{id} shows it. */
public record TraceDetail(TraceRow trace, List<ObservationRow> observations, List<ScoreRow> scores) {
    public TraceDetail {
        requireNonNull(trace, "trace is null");
        observations = List.copyOf(observations);
        scores = List.copyOf(scores);
    }
}
