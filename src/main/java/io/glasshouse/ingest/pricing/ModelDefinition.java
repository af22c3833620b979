package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ProjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A model and its prices, as Langfuse defines one: a name, a regex that provided model names are
 * matched against, an optional date from which it is valid, an optional tokenizer, and pricing
 * tiers (exactly one default).
 *
 * @param projectId the project that defined it; null for a built-in definition
 * @param matchPattern a Java regex searched in the provided model name (built-ins start with
 *     {@code (?i)} and anchor with {@code ^…$}); written as-is, like Langfuse's Postgres {@code ~}
 * @param startDate null: valid since forever
 * @param tokenizer null: usage is never counted for this model
 * @param pricingTiers sorted by priority; the first is the default tier
 */
public record ModelDefinition(
        String id,
        ProjectId projectId,
        String modelName,
        String matchPattern,
        Instant startDate,
        TokenizerConfig tokenizer,
        List<PricingTier> pricingTiers) {
    public ModelDefinition {
        requireNonNull(id, "id is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(matchPattern, "matchPattern is null");
        if (id.isBlank() || modelName.isBlank() || matchPattern.isBlank()) {
            throw new IllegalArgumentException("model id, name and match pattern must not be blank");
        }
        try {
            Pattern.compile(matchPattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "match pattern of model '" + modelName + "' is not a valid regex: " + e.getDescription());
        }
        pricingTiers = pricingTiers.stream().sorted(Comparator.comparingInt(PricingTier::priority)).toList();
        if (pricingTiers.stream().filter(PricingTier::isDefault).count() != 1) {
            throw new IllegalArgumentException("model '" + modelName + "' needs exactly one default pricing tier");
        }
        var priorities = new HashSet<Integer>();
        var names = new HashSet<String>();
        for (PricingTier tier : pricingTiers) {
            if (!priorities.add(tier.priority()) || !names.add(tier.name())) {
                throw new IllegalArgumentException(
                        "pricing tiers of model '" + modelName + "' need distinct priorities and names");
            }
        }
    }

    /** A definition with one default tier; prices are USD per unit of each usage key. */
    public static ModelDefinition of(
            String id,
            ProjectId projectId,
            String modelName,
            String matchPattern,
            Instant startDate,
            TokenizerConfig tokenizer,
            Map<String, BigDecimal> prices) {
        return new ModelDefinition(
                id, projectId, modelName, matchPattern, startDate, tokenizer, List.of(PricingTier.standard(id, prices)));
    }

    public PricingTier defaultTier() {
        return pricingTiers.getFirst();
    }

    public boolean isBuiltIn() {
        return projectId == null;
    }

    /** Whether this definition applies to an observation that started at {@code time}. */
    public boolean validAt(Instant time) {
        return startDate == null || !startDate.isAfter(time);
    }
}
