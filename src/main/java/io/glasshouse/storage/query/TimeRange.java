package io.glasshouse.storage.query;

import java.time.Instant;

/** A time window, {@code from} inclusive and {@code to} exclusive; either end may be open (null). */
public record TimeRange(Instant from, Instant to) {
    public static final TimeRange ALL = new TimeRange(null, null);

    public TimeRange {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("the end of a time range lies before its start");
        }
    }
}
