package io.glasshouse.ingest;

import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;

/**
 * The hook where scores that name a score config ({@code configId}) are checked against it: data
 * type, range, categories, name. Ingestion calls it for each such score before storing it.
 * Return the score as it should be stored (a config may, for example, map a category label to its
 * numeric value); throw {@link io.glasshouse.error.GlasshouseException} to reject that one event:
 * INVALID_REQUEST (400) when the score does not fit its config, NOT_FOUND (404) when the config does
 * not exist in the project. The exception's message goes to the client.
 */
@FunctionalInterface
public interface ScoreConfigCheck {
    /**
     * @param sentDataType the data type the client named; null when the score's data type was
     *     inferred from its value (a number: NUMERIC, a string: CATEGORICAL), which the config may
     *     then decide otherwise (a number for a BOOLEAN config is a BOOLEAN score)
     */
    ScoreRow check(ScoreRow score, ScoreDataType sentDataType);

    /** Accepts every score as sent; for running without score configs (tests, tools). */
    static ScoreConfigCheck acceptAll() {
        return (score, sentDataType) -> score;
    }
}
