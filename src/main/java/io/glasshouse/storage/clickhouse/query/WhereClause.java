package io.glasshouse.storage.clickhouse.query;

import static java.util.Objects.requireNonNull;

import io.glasshouse.storage.clickhouse.Sql;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A boolean SQL condition and the values of the placeholders it uses, kept together so they
 * cannot drift apart. Values are String, Double, Long, Boolean, Instant or {@code List<String>},
 * matching the placeholder types {@link FilterSql} writes. {@link #text()} is {@code 1} when there
 * is no condition, so it can always follow an {@code AND}.
 */
public record WhereClause(String text, Map<String, Object> values) {
    public static final WhereClause NONE = new WhereClause("1", Map.of());

    public WhereClause {
        requireNonNull(text, "text is null");
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean isEmpty() {
        return values.isEmpty() && text.equals("1");
    }

    /** Both conditions; their placeholder names must differ. */
    public WhereClause and(WhereClause other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Map<String, Object> merged = new LinkedHashMap<>(values);
        other.values.forEach((name, value) -> {
            if (merged.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("placeholder bound twice: " + name);
            }
        });
        return new WhereClause(text + " AND " + other.text, merged);
    }

    /** Binds every value of this clause on {@code sql}. */
    @SuppressWarnings("unchecked")
    public Sql.Builder bindTo(Sql.Builder sql) {
        values.forEach((name, value) -> {
            switch (value) {
                case String text -> sql.bind(name, text);
                case Double number -> sql.bind(name, number);
                case Long number -> sql.bind(name, number);
                case Boolean bool -> sql.bind(name, bool ? "true" : "false");
                case Instant instant -> sql.bind(name, instant);
                case List<?> list -> sql.bindStrings(name, (List<String>) list);
                default -> throw new IllegalStateException("unsupported value type for " + name);
            }
        });
        return sql;
    }
}
