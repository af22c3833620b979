package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Typed reads of query-string parameters; a value of the wrong shape is a 400 naming the parameter. */
final class QueryParameters {
    private static final int MAX_VALUE_CHARS = 800;
    private static final int MAX_VALUES = 100;

    private QueryParameters() {}

    static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw GlasshouseException.invalid(name + " must be at most " + MAX_VALUE_CHARS + " characters");
        }
        return value;
    }

    static Instant instant(Context ctx, String name) {
        String value = text(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw GlasshouseException.invalid(name + " must be an ISO 8601 date-time such as 2026-11-01T00:00:00Z, got '" + value + "'");
        }
    }

    static Double number(Context ctx, String name) {
        String value = text(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw GlasshouseException.invalid(name + " must be a number, got '" + value + "'");
    }

    static <E extends Enum<E>> E enumValue(Context ctx, String name, Class<E> type) {
        String value = text(ctx, name);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value.toUpperCase(Locale.ROOT))) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        throw GlasshouseException.invalid(name + " must be one of " + String.join(", ", names) + ", got '" + value + "'");
    }

    /** Every value of a repeatable parameter ({@code ?tag=a&tag=b}). */
    static List<String> repeated(Context ctx, String name) {
        List<String> values = new ArrayList<>();
        for (String value : ctx.queryParams(name)) {
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return checked(name, values);
    }

    /** The values of a comma-separated parameter ({@code ?ids=a,b}). */
    static List<String> commaSeparated(Context ctx, String name) {
        String value = ctx.queryParam(name);
        List<String> values = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return checked(name, values);
    }

    private static List<String> checked(String name, List<String> values) {
        if (values.size() > MAX_VALUES) {
            throw GlasshouseException.invalid(name + " may hold at most " + MAX_VALUES + " values");
        }
        for (String value : values) {
            if (value.length() > MAX_VALUE_CHARS) {
                throw GlasshouseException.invalid(name + " values must be at most " + MAX_VALUE_CHARS + " characters");
            }
        }
        return values;
    }
}
