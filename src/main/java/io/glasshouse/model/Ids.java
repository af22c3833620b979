package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Ids of metadata objects. They are restricted to letters, digits, '-' and '_' so that they can be
 * bound anywhere (URLs, ClickHouse parameters, file names, log lines) without escaping.
 */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {}

    /** A new random id (a version 4 UUID, 122 random bits). */
    public static String random() {
        return UUID.randomUUID().toString();
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String requireValid(String id, String name) {
        requireNonNull(id, name + " is null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to 64 letters, digits, '-' or '_'");
        }
        return id;
    }
}
