package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/** A score on a trace, observation, session or dataset run. */
public record ScoreRow(
        ProjectId projectId,
        String id,
        Instant timestamp,
        String traceId,
        String observationId,
        String sessionId,
        String datasetRunId,
        String name,
        double value,
        String stringValue,
        ScoreDataType dataType,
        ScoreSource source,
        String comment,
        String authorUserId,
        String configId,
        String queueId,
        String environment,
        Map<String, String> metadata,
        long eventVersion,
        boolean deleted) {
    public ScoreRow {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(id, "id is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(name, "name is null");
        requireNonNull(dataType, "dataType is null");
        requireNonNull(source, "source is null");
        requireNonNull(environment, "environment is null");
        metadata = Map.copyOf(metadata);
    }

    /** This score as version {@code eventVersion}; with {@code deleted}, its tombstone. */
    public ScoreRow versioned(long eventVersion, boolean deleted) {
        return new ScoreRow(projectId, id, timestamp, traceId, observationId, sessionId, datasetRunId, name, value,
                stringValue, dataType, source, comment, authorUserId, configId, queueId, environment, metadata,
                eventVersion, deleted);
    }
}
