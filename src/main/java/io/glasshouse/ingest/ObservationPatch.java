package io.glasshouse.ingest;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * What one event says about an observation; null means "not said". {@code update} marks an
 * explicit *-update event, which may need the earlier state of the observation to merge with.
 * Usage and cost maps hold what the client sent; normalisation and pricing happen when the row
 * is built.
 */
public record ObservationPatch(
        ProjectId projectId,
        String id,
        String traceId,
        boolean update,
        Instant eventTime,
        ObservationType type,
        String parentObservationId,
        String name,
        String environment,
        Instant startTime,
        Instant endTime,
        Instant completionStartTime,
        ObservationLevel level,
        String statusMessage,
        String version,
        String input,
        String output,
        Map<String, String> metadata,
        String model,
        String modelParameters,
        Map<String, Long> usageDetails,
        Map<String, BigDecimal> costDetails,
        String promptName,
        Integer promptVersion,
        Map<String, String> resourceAttributes,
        String scopeName) {
    public ObservationPatch {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(id, "id is null");
        requireNonNull(eventTime, "eventTime is null");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        usageDetails = usageDetails == null ? Map.of() : Map.copyOf(usageDetails);
        costDetails = costDetails == null ? Map.of() : Map.copyOf(costDetails);
        resourceAttributes = resourceAttributes == null ? Map.of() : Map.copyOf(resourceAttributes);
    }
}
