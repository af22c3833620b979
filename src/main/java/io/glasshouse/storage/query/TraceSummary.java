package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.TraceRow;
import java.math.BigDecimal;
import java.util.List;

/**
 * A trace of a list with what is derived from its observations and scores. Without the IO group
 * the row's input and output are null and its metadata empty; the derived parts are empty or null
 * when their group was not asked for.
 */
public record TraceSummary(
        TraceRow trace, Double latencySeconds, BigDecimal totalCost, List<String> observationIds, List<String> scoreIds) {
    public TraceSummary {
        requireNonNull(trace, "trace is null");
        observationIds = observationIds == null ? null : List.copyOf(observationIds);
        scoreIds = scoreIds == null ? null : List.copyOf(scoreIds);
    }
}
