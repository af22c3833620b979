package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.Sort;
import io.glasshouse.storage.query.TextSearch;
import io.glasshouse.storage.query.TimeRange;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** The query parameters list endpoints share, each read with a 400 that names it when it is wrong. */
final class ListParameters {
    private static final int MAX_VALUE_CHARS = 1000;

    private ListParameters() {}

    static TimeRange range(Context ctx, String fromName, String toName) {
        Instant from = instant(ctx, fromName);
        Instant to = instant(ctx, toName);
        if (from != null && to != null && to.isBefore(from)) {
            throw GlasshouseException.invalid(toName + " lies before " + fromName);
        }
        return new TimeRange(from, to);
    }

    static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw GlasshouseException.invalid(name + " must be an ISO 8601 date-time with offset, e.g. 2025-01-31T12:00:00Z; got '"
                    + shortened(value) + "'");
        }
    }

    /** {@code name=value} as an equality condition on {@code column}, when the parameter is present. */
    static void equality(Context ctx, String name, String column, List<FilterCondition> conditions) {
        String value = ctx.queryParam(name);
        if (value != null && !value.isEmpty()) {
            conditions.add(FilterCondition.of(column, FilterType.STRING, FilterOperator.EQUALS, checked(name, value)));
        }
    }

    /** Every value of a repeated parameter ({@code tags=a&tags=b}); a single value may also list them with commas. */
    static List<String> values(Context ctx, String name) {
        List<String> values = new ArrayList<>();
        for (String value : ctx.queryParams(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(checked(name, part.strip()));
                }
            }
        }
        return values;
    }

    /** {@code search} and {@code searchType}; null when there is no search. */
    static TextSearch search(Context ctx) {
        String text = ctx.queryParam("search");
        String type = ctx.queryParam("searchType");
        if (text == null || text.isBlank()) {
            if (type != null && !type.isEmpty()) {
                throw GlasshouseException.invalid("searchType needs a search parameter");
            }
            return null;
        }
        if (text.length() > TextSearch.MAX_CHARS) {
            throw GlasshouseException.invalid("search must be at most " + TextSearch.MAX_CHARS + " characters");
        }
        TextSearch.Type searchType = TextSearch.Type.SUBSTRING;
        if (type != null && !type.isEmpty()) {
            searchType = switch (type.strip().toLowerCase(Locale.ROOT)) {
                case "substring" -> TextSearch.Type.SUBSTRING;
                case "word" -> TextSearch.Type.WORD;
                default -> throw GlasshouseException.invalid("searchType must be 'substring' or 'word', got '" + shortened(type) + "'");
            };
        }
        return new TextSearch(text.strip(), searchType);
    }

    /** {@code orderBy=column.asc|desc}; the column is checked against the view's catalogue later. */
    static Sort sort(Context ctx, Sort fallback) {
        String value = ctx.queryParam("orderBy");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int dot = value.lastIndexOf('.');
        String column = dot < 0 ? value.strip() : value.substring(0, dot).strip();
        String direction = dot < 0 ? "desc" : value.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
        if (column.isEmpty() || !(direction.equals("asc") || direction.equals("desc"))) {
            throw GlasshouseException.invalid("orderBy must be column.asc or column.desc (e.g. timestamp.desc), got '"
                    + shortened(value) + "'");
        }
        return new Sort(column, direction.equals("desc"));
    }

    /** A comma-separated list of field groups, each the lower-case name of a constant of {@code type}. */
    static <E extends Enum<E>> Set<E> fieldGroups(Context ctx, Class<E> type, Set<E> fallback, Function<String, String> toConstant) {
        String value = ctx.queryParam("fields");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Set<E> groups = EnumSet.noneOf(type);
        for (String part : value.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            try {
                groups.add(Enum.valueOf(type, toConstant.apply(name)));
            } catch (IllegalArgumentException e) {
                throw GlasshouseException.invalid("fields: unknown field group '" + shortened(name) + "'; use any of "
                        + String.join(", ", EnumSet.allOf(type).stream().map(g -> g.name().toLowerCase(Locale.ROOT)).toList()));
            }
        }
        return groups;
    }

    private static String checked(String name, String value) {
        if (value.length() > MAX_VALUE_CHARS) {
            throw GlasshouseException.invalid(name + " must be at most " + MAX_VALUE_CHARS + " characters");
        }
        return value;
    }

    private static String shortened(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }
}
