package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import io.glasshouse.ingest.ObservationPricing;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import java.util.Map;
import java.util.Optional;

/**
 * Prices observations at write time, as Langfuse's ingestion worker does:
 * <ol>
 *   <li>usage = the provided usage, normalised ({@link UsageNormalizer});
 *   <li>the model = the definition matching the provided model name ({@link ModelPrices});
 *   <li>no usage and no cost sent, a GENERATION or EMBEDDING not at level ERROR, and a model
 *       with an OpenAI tokenizer: usage = tokens counted in input and output;
 *   <li>cost = the cost the client sent, if any (it always wins); otherwise usage × the prices of
 *       the model's pricing tier for this usage and these model parameters.
 * </ol>
 * Counting only generations and embeddings is narrower than Langfuse, which counts any
 * observation with a model: an agent or chain span carrying a model name would otherwise be
 * charged again for what its child generations already cost.
 */
public final class ModelPricing implements ObservationPricing {
    private final ModelPrices prices;
    private final TokenCounter tokenCounter;
    private final PricingTierMatcher tierMatcher = new PricingTierMatcher();

    public ModelPricing(ModelPrices prices) {
        this(prices, new TokenCounter(TokenCounter.DEFAULT_MAX_CHARS));
    }

    ModelPricing(ModelPrices prices, TokenCounter tokenCounter) {
        this.prices = requireNonNull(prices, "prices is null");
        this.tokenCounter = requireNonNull(tokenCounter, "tokenCounter is null");
    }

    @Override
    public ObservationRow price(ObservationRow row) {
        Map<String, Long> usage = UsageNormalizer.normalize(row.providedUsageDetails());
        Costs sent = Costs.provided(row.providedCostDetails());
        Optional<ModelDefinition> model = prices.match(row.projectId(), row.providedModelName(), row.startTime());

        if (usage.isEmpty() && sent == Costs.NONE && model.isPresent() && countsTokens(row)) {
            usage = tokenCounter.count(model.get().tokenizer(), row.input(), row.output());
        }

        Costs costs = sent;
        if (sent == Costs.NONE && model.isPresent() && !usage.isEmpty()) {
            PricingTier tier = tierMatcher.match(model.get(), usage, row.modelParameters(), row.metadata());
            costs = Costs.computed(tier.prices(), usage);
        }
        return withPricing(row, usage, costs, model.map(ModelDefinition::id).orElse(null));
    }

    private static boolean countsTokens(ObservationRow row) {
        return (row.type() == ObservationType.GENERATION || row.type() == ObservationType.EMBEDDING)
                && row.level() != ObservationLevel.ERROR;
    }

    private static ObservationRow withPricing(ObservationRow row, Map<String, Long> usage, Costs costs, String modelId) {
        return new ObservationRow(
                row.projectId(),
                row.traceId(),
                row.id(),
                row.type(),
                row.parentObservationId(),
                row.name(),
                row.environment(),
                row.startTime(),
                row.endTime(),
                row.completionStartTime(),
                row.level(),
                row.statusMessage(),
                row.version(),
                row.input(),
                row.output(),
                row.metadata(),
                row.providedModelName(),
                modelId,
                row.modelParameters(),
                row.providedUsageDetails(),
                usage,
                // Kept as sent, except what the store cannot hold (it would fail the whole insert).
                Costs.storableOnly(row.providedCostDetails()),
                costs.details(),
                costs.total(),
                row.promptId(),
                row.promptName(),
                row.promptVersion(),
                row.resourceAttributes(),
                row.scopeName(),
                row.eventVersion(),
                row.deleted());
    }
}
