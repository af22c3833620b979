package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Langfuse's page-based pagination: {@code page} from 1 (default 1), {@code limit} 1-100 (default
 * 50); answers carry {@code meta: {page, limit, totalItems, totalPages}}.
 */
record Pagination(int page, int limit) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    static Pagination of(Context ctx) {
        return new Pagination(
                parameter(ctx, "page", 1, Integer.MAX_VALUE, 1),
                parameter(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT));
    }

    int offset() {
        long offset = (long) (page - 1) * limit;
        return (int) Math.min(Integer.MAX_VALUE, offset);
    }

    /** {@code {data, meta}} as Langfuse's list endpoints answer. */
    Map<String, Object> response(Object data, long totalItems) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("page", page);
        meta.put("limit", limit);
        meta.put("totalItems", totalItems);
        meta.put("totalPages", (totalItems + limit - 1) / limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", data);
        json.put("meta", meta);
        return json;
    }

    private static int parameter(Context ctx, String name, int min, int max, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw GlasshouseException.invalid(name + " must be an integer from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", got '" + value + "'");
    }
}
