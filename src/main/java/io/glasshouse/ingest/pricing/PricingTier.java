package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of prices of a model. Every model has exactly one default tier (priority 0, no
 * conditions); other tiers apply when all their conditions hold, lowest priority first.
 *
 * @param prices USD per ONE unit of each usage key (e.g. {@code input: 0.0000025}); the price
 *     file writes them per million, this record never does
 */
public record PricingTier(
        String id, String name, boolean isDefault, int priority, List<PricingCondition> conditions, Map<String, BigDecimal> prices) {
    public PricingTier {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        conditions = List.copyOf(conditions);
        requireNonNull(prices, "prices is null");
        if (id.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("pricing tier id and name must not be blank");
        }
        if (priority < 0 || priority > 999) {
            throw new IllegalArgumentException("pricing tier priority must be 0-999");
        }
        if (isDefault && (priority != 0 || !conditions.isEmpty())) {
            throw new IllegalArgumentException("the default pricing tier has priority 0 and no conditions");
        }
        if (!isDefault && conditions.isEmpty()) {
            throw new IllegalArgumentException("pricing tier '" + name + "' has no conditions and could never apply");
        }
        var copy = new LinkedHashMap<String, BigDecimal>();
        prices.forEach((key, price) -> {
            requireNonNull(key, "usage key is null");
            requireNonNull(price, "price is null");
            if (key.isBlank()) {
                throw new IllegalArgumentException("usage key must not be blank");
            }
            if (price.signum() < 0) {
                throw new IllegalArgumentException("price of '" + key + "' must not be negative");
            }
            copy.put(key, price);
        });
        // Insertion order is kept so listings show prices as they were written.
        prices = Collections.unmodifiableMap(copy);
    }

    /** A default tier with these per-unit prices. */
    public static PricingTier standard(String modelId, Map<String, BigDecimal> prices) {
        return new PricingTier(modelId + "-tier-0", "Standard", true, 0, List.of(), prices);
    }
}
