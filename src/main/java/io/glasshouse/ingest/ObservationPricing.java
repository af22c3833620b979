package io.glasshouse.ingest;

import io.glasshouse.model.ObservationRow;

/**
 * Normalises usage and prices an observation at write time. Given a merged row whose
 * {@code providedUsageDetails}, {@code providedCostDetails} and {@code providedModelName} hold
 * what clients sent, returns the row with {@code usageDetails} (input, output, total and detail
 * keys), {@code costDetails}, {@code totalCost} and {@code internalModelId} filled in. A cost the
 * client sent always wins over a computed one.
 */
@FunctionalInterface
public interface ObservationPricing {
    ObservationRow price(ObservationRow row);

    /** Keeps what was sent and computes nothing; for tests and for stores that price elsewhere. */
    static ObservationPricing asSent() {
        return row -> row;
    }
}
