package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** The project every event row belongs to; every event query is bound to one. */
public record ProjectId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ProjectId {
        requireNonNull(value, "value is null");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("project id must be 1-64 letters, digits, '-' or '_'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
