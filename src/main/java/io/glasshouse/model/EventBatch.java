package io.glasshouse.model;

import java.util.ArrayList;
import java.util.List;

/** Rows to store together: one insert per table. */
public record EventBatch(List<TraceRow> traces, List<ObservationRow> observations, List<ScoreRow> scores) {
    public EventBatch {
        traces = List.copyOf(traces);
        observations = List.copyOf(observations);
        scores = List.copyOf(scores);
    }

    public static EventBatch empty() {
        return new EventBatch(List.of(), List.of(), List.of());
    }

    public int size() {
        return traces.size() + observations.size() + scores.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** All rows of {@code batches}, in order. */
    public static EventBatch concat(List<EventBatch> batches) {
        List<TraceRow> traces = new ArrayList<>();
        List<ObservationRow> observations = new ArrayList<>();
        List<ScoreRow> scores = new ArrayList<>();
        for (EventBatch batch : batches) {
            traces.addAll(batch.traces());
            observations.addAll(batch.observations());
            scores.addAll(batch.scores());
        }
        return new EventBatch(traces, observations, scores);
    }
}
