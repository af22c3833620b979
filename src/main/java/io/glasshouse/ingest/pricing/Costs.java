package io.glasshouse.ingest.pricing;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cost per usage key and in total, in USD, at scale 12 or finer (the store keeps Decimal64(12)).
 * Only amounts the store can hold are kept: Decimal64(12) has six integer digits, and one amount
 * it cannot hold fails the whole insert, with it every request sharing the group commit. So an
 * amount of a million dollars or more, sent or computed from absurd usage, is left out.
 *
 * @param total null when there is no cost at all
 */
record Costs(Map<String, BigDecimal> details, BigDecimal total) {
    static final int MIN_SCALE = 12;
    /** The first amount Decimal64(12) cannot hold. */
    static final BigDecimal LIMIT = new BigDecimal("1000000");

    static final Costs NONE = new Costs(Map.of(), null);

    Costs {
        details = Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /**
     * What the client sent wins over anything computed: its keys as sent, and {@code total} as
     * sent or, when absent, the sum of its keys. Negative amounts, and amounts the store cannot
     * hold, are dropped.
     */
    static Costs provided(Map<String, BigDecimal> provided) {
        var details = new TreeMap<String, BigDecimal>();
        provided.forEach((key, cost) -> {
            if (key != null && storable(cost)) {
                details.put(key, atLeastMinScale(cost));
            }
        });
        return withTotal(details);
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
                BigDecimal cost = price.multiply(BigDecimal.valueOf(units));
                if (storable(cost)) {
                    details.put(key, atLeastMinScale(cost));
                }
            }
        });
        return withTotal(details);
    }

    /** The entries of {@code amounts} the store can hold (negative ones too), as they are. */
    static Map<String, BigDecimal> storableOnly(Map<String, BigDecimal> amounts) {
        if (amounts.values().stream().allMatch(Costs::fits)) {
            return amounts;
        }
        var kept = new TreeMap<String, BigDecimal>();
        amounts.forEach((key, amount) -> {
            if (fits(amount)) {
                kept.put(key, amount);
            }
        });
        return kept;
    }

    /** True for a cost to keep: not negative, and small enough for the store. */
    static boolean storable(BigDecimal amount) {
        return amount != null && amount.signum() >= 0 && fits(amount);
    }

    private static boolean fits(BigDecimal amount) {
        return amount != null && amount.abs().compareTo(LIMIT) < 0;
    }

    // The sent or computed total, else the sum of the keys; left out when the store cannot hold it.
    private static Costs withTotal(TreeMap<String, BigDecimal> details) {
        if (details.isEmpty()) {
            return NONE;
        }
        if (!details.containsKey("total")) {
            BigDecimal sum = sum(details);
            if (storable(sum)) {
                details.put("total", atLeastMinScale(sum));
            }
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
