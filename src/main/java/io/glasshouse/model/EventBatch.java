package io.glasshouse.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows to store together: one insert per table.
 *
 * @param replacedObservations the stored, live versions that {@code observations} replace or
 *     delete, as they were stored (priced). They are not written again; the metrics rollup
 *     subtracts their contribution (docs/RATIONALE.md, "Metrics rollup").
 */
public record EventBatch(
        List<TraceRow> traces,
        List<ObservationRow> observations,
        List<ScoreRow> scores,
        List<ObservationRow> replacedObservations) {
    public EventBatch {
        traces = List.copyOf(traces);
        observations = List.copyOf(observations);
        scores = List.copyOf(scores);
        replacedObservations = List.copyOf(replacedObservations);
    }

    /** Rows that replace no stored observation. */
    public EventBatch(List<TraceRow> traces, List<ObservationRow> observations, List<ScoreRow> scores) {
        this(traces, observations, scores, List.of());
    }

    public static EventBatch empty() {
        return new EventBatch(List.of(), List.of(), List.of());
    }

    /** This batch with {@code scores} instead of its scores. */
    public EventBatch withScores(List<ScoreRow> scores) {
        return new EventBatch(traces, observations, scores, replacedObservations);
    }

    /** Rows to write; replaced versions are not counted (they are not written). */
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
        List<ObservationRow> replaced = new ArrayList<>();
        for (EventBatch batch : batches) {
            traces.addAll(batch.traces());
            observations.addAll(batch.observations());
            scores.addAll(batch.scores());
            replaced.addAll(batch.replacedObservations());
        }
        return new EventBatch(traces, observations, scores, replaced);
    }
}
