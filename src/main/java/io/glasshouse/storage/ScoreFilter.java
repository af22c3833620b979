package io.glasshouse.storage;

import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreSource;
import java.time.Instant;
import java.util.List;

/**
 * The filters of Langfuse's score list; null (or empty) parts do not filter. {@code operator}
 * and {@code value} go together: one of {@code < > <= >= = !=} against the numeric value.
 */
public record ScoreFilter(
        String userId,
        String name,
        Instant fromTimestamp,
        Instant toTimestamp,
        List<String> environments,
        ScoreSource source,
        String operator,
        Double value,
        List<String> scoreIds,
        String configId,
        String queueId,
        ScoreDataType dataType,
        List<String> traceTags,
        String sessionId,
        String datasetRunId,
        List<String> observationIds,
        String traceId) {
    public ScoreFilter {
        environments = List.copyOf(environments);
        scoreIds = List.copyOf(scoreIds);
        traceTags = List.copyOf(traceTags);
        observationIds = List.copyOf(observationIds);
    }

    public static ScoreFilter none() {
        return new ScoreFilter(null, null, null, null, List.of(), null, null, null, List.of(), null, null, null,
                List.of(), null, null, List.of(), null);
    }
}
