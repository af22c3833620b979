package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

final class Checks {
    private Checks() {}

    static String requireNonBlank(String value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }
}
