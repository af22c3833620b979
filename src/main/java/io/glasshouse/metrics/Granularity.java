package io.glasshouse.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The width of a time bucket; {@code auto} picks one giving roughly 50 buckets over the range. */
public enum Granularity {
    MINUTE,
    HOUR,
    DAY,
    WEEK,
    MONTH,
    AUTO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This granularity, with AUTO resolved for the range (Langfuse's thresholds). */
    public Granularity resolve(Instant from, Instant to) {
        if (this != AUTO) {
            return this;
        }
        long hours = Duration.between(from, to).toHours();
        if (hours < 2) {
            return MINUTE;
        }
        if (hours < 72) {
            return HOUR;
        }
        if (hours < 1440) {
            return DAY;
        }
        return hours < 8760 ? WEEK : MONTH;
    }
}
