package io.glasshouse.ingest.pricing;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cost per usage key and in total, in USD, at scale 12 or finer (the store keeps Decimal64(12)).
 *
 * @param total null when there is no cost at all
 */
record Costs(Map<String, BigDecimal> details, BigDecimal total) {
    static final int MIN_SCALE = 12;

    static final Costs NONE = new Costs(Map.of(), null);

    Costs {
        details = Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /**
     * What the client sent wins over anything computed: its keys as sent, and {@code total} as
     * sent or, when absent, the sum of its keys. Negative amounts are dropped.
     */
    static Costs provided(Map<String, BigDecimal> provided) {
        var details = new TreeMap<String, BigDecimal>();
        provided.forEach((key, cost) -> {
            if (key != null && cost != null && cost.signum() >= 0) {
                details.put(key, atLeastMinScale(cost));
            }
        });
        if (details.isEmpty()) {
            return NONE;
        }
        if (!details.containsKey("total")) {
            details.put("total", atLeastMinScale(sum(details)));
        }
        return new Costs(details, details.get("total"));
    }

    /**
     * Langfuse's computation: each usage key that has a price costs units × price; the total is the
     * cost of the {@code total} key when the model prices it (embedding models do), otherwise the
     * sum of the per-key costs.
     */
    static Costs computed(Map<String, BigDecimal> prices, Map<String, Long> usage) {
        var details = new TreeMap<String, BigDecimal>();
        usage.forEach((key, units) -> {
            BigDecimal price = prices.get(key);
            if (price != null && units != null) {
                details.put(key, atLeastMinScale(price.multiply(BigDecimal.valueOf(units))));
            }
        });
        if (details.isEmpty()) {
            return NONE;
        }
        if (!details.containsKey("total")) {
            details.put("total", atLeastMinScale(sum(details)));
        }
        return new Costs(details, details.get("total"));
    }

    private static BigDecimal sum(Map<String, BigDecimal> details) {
        return details.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal atLeastMinScale(BigDecimal value) {
        return value.scale() >= MIN_SCALE ? value : value.setScale(MIN_SCALE);
    }
}
