package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** An observation (span, generation, tool call, …) as stored, merged from every event about it. */
public record ObservationRow(
        ProjectId projectId,
        String traceId,
        String id,
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
        String providedModelName,
        String internalModelId,
        String modelParameters,
        Map<String, Long> providedUsageDetails,
        Map<String, Long> usageDetails,
        Map<String, BigDecimal> providedCostDetails,
        Map<String, BigDecimal> costDetails,
        BigDecimal totalCost,
        String promptId,
        String promptName,
        Integer promptVersion,
        Map<String, String> resourceAttributes,
        String scopeName,
        long eventVersion,
        boolean deleted) {
    public ObservationRow {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(traceId, "traceId is null");
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(startTime, "startTime is null");
        requireNonNull(level, "level is null");
        metadata = Map.copyOf(metadata);
        providedUsageDetails = Map.copyOf(providedUsageDetails);
        usageDetails = Map.copyOf(usageDetails);
        providedCostDetails = Map.copyOf(providedCostDetails);
        costDetails = Map.copyOf(costDetails);
        resourceAttributes = Map.copyOf(resourceAttributes);
    }

    /** This observation as version {@code eventVersion}; with {@code deleted}, its tombstone. */
    public ObservationRow versioned(long eventVersion, boolean deleted) {
        return new ObservationRow(projectId, traceId, id, type, parentObservationId, name, environment, startTime,
                endTime, completionStartTime, level, statusMessage, version, input, output, metadata, providedModelName,
                internalModelId, modelParameters, providedUsageDetails, usageDetails, providedCostDetails, costDetails,
                totalCost, promptId, promptName, promptVersion, resourceAttributes, scopeName, eventVersion, deleted);
    }
}
