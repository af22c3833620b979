package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A project's own model definition as the metadata store keeps it. The pricing is JSON text the
 * store does not interpret; {@code io.glasshouse.ingest.pricing.ProjectModels} writes and reads it.
 *
 * @param startDate null: valid since forever
 * @param unit Langfuse's usage unit (TOKENS, CHARACTERS, …); null when not given
 * @param prices the default tier: a JSON object of usage key to USD per one unit
 * @param pricingTiers the conditional tiers: a JSON array, {@code []} when there are none
 * @param tokenizerId {@code openai}, {@code claude} or null
 * @param tokenizerConfig the JSON object sent with the tokenizer id, or null
 */
public record ProjectModel(
        String id,
        ProjectId projectId,
        String modelName,
        String matchPattern,
        Instant startDate,
        String unit,
        String prices,
        String pricingTiers,
        String tokenizerId,
        String tokenizerConfig,
        Instant createdAt) {
    public ProjectModel {
        Ids.requireValid(id, "id");
        requireNonNull(projectId, "projectId is null");
        Checks.requireNonBlank(modelName, "modelName");
        Checks.requireNonBlank(matchPattern, "matchPattern");
        Checks.requireNonBlank(prices, "prices");
        Checks.requireNonBlank(pricingTiers, "pricingTiers");
        requireNonNull(createdAt, "createdAt is null");
    }
}
