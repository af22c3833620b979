package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

/** {@code orderBy=timestamp.desc}: a catalogue column and a direction. */
public record Sort(String column, boolean descending) {
    public Sort {
        requireNonNull(column, "column is null");
    }
}
