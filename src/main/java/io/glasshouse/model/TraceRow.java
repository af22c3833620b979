package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A trace as stored: the merged result of every event about it. Nullable fields were never sent.
 * {@code eventVersion} orders rows of the same trace; the highest wins.
 */
public record TraceRow(
        ProjectId projectId,
        String id,
        Instant timestamp,
        String name,
        String userId,
        String sessionId,
        String environment,
        String release,
        String version,
        String input,
        String output,
        Map<String, String> metadata,
        List<String> tags,
        boolean isPublic,
        boolean bookmarked,
        long eventVersion,
        boolean deleted) {
    public TraceRow {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(id, "id is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(environment, "environment is null");
        metadata = Map.copyOf(metadata);
        tags = List.copyOf(tags);
    }

    /** This trace as version {@code eventVersion}; with {@code deleted}, its tombstone. */
    public TraceRow versioned(long eventVersion, boolean deleted) {
        return new TraceRow(projectId, id, timestamp, name, userId, sessionId, environment, release, version, input,
                output, metadata, tags, isPublic, bookmarked, eventVersion, deleted);
    }
}
