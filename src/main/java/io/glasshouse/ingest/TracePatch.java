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
        Boolean isPublic) {
    public TracePatch {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(id, "id is null");
        requireNonNull(eventTime, "eventTime is null");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
