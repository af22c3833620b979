package io.glasshouse.ingest;

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
    ScoreRow check(ScoreRow score);

    /** Accepts every score as sent; until score configs exist. */
    static ScoreConfigCheck acceptAll() {
        return score -> score;
    }
}
