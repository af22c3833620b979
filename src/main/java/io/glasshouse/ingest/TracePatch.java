package io.glasshouse.ingest;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ProjectId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one event says about a trace. Every field but the ids may be null, meaning "not said";
 * {@link RowMerger} folds patches, in event order, into the stored {@code TraceRow}: a later
 * non-null field wins, metadata maps merge key by key, tags are united.
 *
 * @param eventTime when the event happened (envelope timestamp, span end); orders patches
 * @param update the patch adds to a trace that may already be stored rather than creating it: a
 *     Langfuse {@code trace-create} without a timestamp (the SDKs' {@code trace.update()}), or a
 *     span that is not its trace's root. When the merger no longer remembers the trace, it reads
 *     the stored row first, so the fields the patch does not carry are kept; and the patch's
 *     timestamp only dates a trace nothing is known of
 */
public record TracePatch(
        ProjectId projectId,
        String id,
        Instant eventTime,
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
        Boolean isPublic,
        boolean update) {
    public TracePatch {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(id, "id is null");
        requireNonNull(eventTime, "eventTime is null");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A patch that creates the trace, or lays its fields over the trace as it is. */
    public TracePatch(ProjectId projectId, String id, Instant eventTime, Instant timestamp, String name, String userId,
            String sessionId, String environment, String release, String version, String input, String output,
            Map<String, String> metadata, List<String> tags, Boolean isPublic) {
        this(projectId, id, eventTime, timestamp, name, userId, sessionId, environment, release, version, input, output,
                metadata, tags, isPublic, false);
    }

    /** This patch as an update: see {@link #update()}. */
    public TracePatch asUpdate() {
        return new TracePatch(projectId, id, eventTime, timestamp, name, userId, sessionId, environment, release, version,
                input, output, metadata, tags, isPublic, true);
    }
}
