package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One condition of a list filter, as Langfuse's filter JSON states it:
 * {@code {type, column, operator, value, key?}}. The value's Java type follows the filter type —
 * {@link Instant} for datetime, {@link String} for string and stringObject, {@link Double} for
 * number and numberObject, {@code List<String>} for the options types, {@link Boolean} for
 * boolean, null for null — and the constructor refuses any other pairing, so a condition that
 * exists is well formed. Whether the column exists and takes the type is the catalogue's call.
 */
public record FilterCondition(String column, FilterType type, FilterOperator operator, Object value, String key) {
    public FilterCondition {
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
        requireNonNull(operator, "operator is null");
        if (!type.operators().contains(operator)) {
            throw new IllegalArgumentException("operator '" + operator.wireName() + "' does not apply to type " + type.wireName());
        }
        if (type.needsKey() && (key == null || key.isEmpty())) {
            throw new IllegalArgumentException("type " + type.wireName() + " needs a key");
        }
        if (type.needsKey() == false) {
            key = null;
        }
        value = checked(type, value);
    }

    /** A condition without a key. */
    public static FilterCondition of(String column, FilterType type, FilterOperator operator, Object value) {
        return new FilterCondition(column, type, operator, value, null);
    }

    private static Object checked(FilterType type, Object value) {
        return switch (type) {
            case DATETIME -> require(value, Instant.class, type);
            case STRING, STRING_OBJECT -> require(value, String.class, type);
            case NUMBER, NUMBER_OBJECT -> {
                Double number = require(value, Double.class, type);
                if (number.isNaN() || number.isInfinite()) {
                    throw new IllegalArgumentException("type " + type.wireName() + " needs a finite number");
                }
                yield number;
            }
            case BOOLEAN -> require(value, Boolean.class, type);
            case STRING_OPTIONS, CATEGORY_OPTIONS, ARRAY_OPTIONS -> {
                List<?> list = require(value, List.class, type);
                if (list.isEmpty()) {
                    throw new IllegalArgumentException("type " + type.wireName() + " needs at least one value");
                }
                for (Object element : list) {
                    if (!(element instanceof String)) {
                        throw new IllegalArgumentException("type " + type.wireName() + " needs a list of strings");
                    }
                }
                yield List.copyOf(list);
            }
            case NULL -> null;
        };
    }

    private static <T> T require(Object value, Class<T> kind, FilterType type) {
        if (!kind.isInstance(value)) {
            throw new IllegalArgumentException("type " + type.wireName() + " needs a " + kind.getSimpleName().toLowerCase()
                    + " value");
        }
        return kind.cast(value);
    }

    /** The options of an options filter. */
    @SuppressWarnings("unchecked")
    public List<String> options() {
        return (List<String>) value;
    }
}
