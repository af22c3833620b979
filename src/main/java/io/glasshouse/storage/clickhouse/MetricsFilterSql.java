package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.metrics.MetricsQuery;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.ColumnType;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.Dimension;
import io.glasshouse.storage.clickhouse.MetricsCatalogue.View;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Langfuse's filter objects ({column, operator, value, type, key}) as SQL conditions over a
 * metrics view, each value bound as a parameter. Columns resolve through the view's catalogue;
 * an unknown column, an operator the type does not have, or a value of the wrong shape is a 400
 * naming the filter.
 *
 * <p>Kept behind {@link #condition} so it can be replaced by the shared filter builder over the
 * column catalogue once that lands (see docs/metrics-api.md).
 */
final class MetricsFilterSql {
    private static final Set<String> STRING_OPERATORS = Set.of("=", "!=", "contains", "does not contain", "starts with", "ends with");
    private static final Set<String> COMPARISONS = Set.of("=", "!=", ">", "<", ">=", "<=");

    /** The SQL of one condition, and the bindings its placeholders need. */
    record Condition(String sql, List<Consumer<Sql.Builder>> bindings, MetricsCatalogue.Join join) {}

    private MetricsFilterSql() {}

    static Condition condition(View view, MetricsQuery.Filter filter, int index) {
        String path = "query.filters[" + index + "]";
        String name = "f" + index;
        String type = filter.type();
        String operator = filter.operator().toLowerCase(Locale.ROOT).strip();
        List<Consumer<Sql.Builder>> bindings = new ArrayList<>();

        if (filter.column().equals("metadata")) {
            if (!type.equals("stringObject") && !type.equals("numberObject")) {
                throw GlasshouseException.invalid(path + ": metadata filters need type stringObject or numberObject with a key, not " + type);
            }
            if (filter.key() == null || filter.key().isBlank()) {
                throw GlasshouseException.invalid(path + ".key is required for a metadata filter");
            }
            String key = filter.key();
            bindings.add(sql -> sql.bind(name + "k", key));
            String column = view.metadataColumn() + "[{" + name + "k:String}]";
            String sql = type.equals("stringObject")
                    ? stringCondition(column, operator, text(filter, path), name, bindings, path)
                    : comparison("toFloat64OrNull(" + column + ")", operator, number(filter, path), name, bindings, path);
            return new Condition(sql, bindings, null);
        }
        if (filter.column().equals(view.timeFilterName()) || filter.column().equals("timestamp") && view.timeFilterName().equals("timestamp")) {
            if (!type.equals("datetime")) {
                throw GlasshouseException.invalid(path + ": column " + filter.column() + " needs type datetime, not " + type);
            }
            if (!Set.of(">", "<", ">=", "<=").contains(operator)) {
                throw GlasshouseException.invalid(path + ".operator '" + filter.operator() + "' is not a datetime operator; use >, <, >= or <=");
            }
            Instant value = instant(filter, path);
            bindings.add(sql -> sql.bind(name, value));
            return new Condition(view.timeColumn() + " " + operator + " {" + name + ":DateTime64(6)}", bindings, null);
        }
        Dimension dimension = resolve(view, filter.column(), path);
        String column = dimension.sql();
        String sql = switch (type) {
            case "string" -> {
                requireNotArray(dimension, filter, path);
                yield stringCondition(dimension.type() == ColumnType.NUMBER ? "toString(" + column + ")" : column,
                        operator, text(filter, path), name, bindings, path);
            }
            case "stringOptions", "categoryOptions" -> {
                requireNotArray(dimension, filter, path);
                List<String> values = strings(filter, path);
                bindings.add(builder -> builder.bindStrings(name, values));
                String in = "ifNull(toString(" + column + ") IN {" + name + ":Array(String)}, false)";
                yield switch (operator) {
                    case "any of" -> in;
                    case "none of" -> "NOT " + in;
                    default -> throw GlasshouseException.invalid(path + ".operator '" + filter.operator() + "' is not an option operator; use 'any of' or 'none of'");
                };
            }
            case "arrayOptions" -> {
                if (dimension.type() != ColumnType.ARRAY) {
                    throw GlasshouseException.invalid(path + ": column " + filter.column() + " is not an array; arrayOptions applies to tags");
                }
                List<String> values = strings(filter, path);
                bindings.add(builder -> builder.bindStrings(name, values));
                String placeholder = "{" + name + ":Array(String)}";
                yield switch (operator) {
                    case "any of" -> "hasAny(ifNull(" + column + ", []), " + placeholder + ")";
                    case "all of" -> "hasAll(ifNull(" + column + ", []), " + placeholder + ")";
                    case "none of" -> "NOT hasAny(ifNull(" + column + ", []), " + placeholder + ")";
                    default -> throw GlasshouseException.invalid(path + ".operator '" + filter.operator() + "' is not an array operator; use 'any of', 'all of' or 'none of'");
                };
            }
            case "number" -> {
                requireNotArray(dimension, filter, path);
                yield comparison("toFloat64OrNull(toString(" + column + "))", operator, number(filter, path), name, bindings, path);
            }
            case "boolean" -> {
                if (filter.value() == null || !filter.value().isBoolean()) {
                    throw GlasshouseException.invalid(path + ".value must be true or false for type boolean");
                }
                String truth = "(toString(" + column + ") IN ('1', 'true'))";
                String value = filter.value().asBoolean() ? "true" : "false";
                yield switch (operator) {
                    case "=" -> truth + " = " + value;
                    case "<>", "!=" -> truth + " != " + value;
                    default -> throw GlasshouseException.invalid(path + ".operator '" + filter.operator() + "' is not a boolean operator; use = or <>");
                };
            }
            case "null" -> switch (operator) {
                case "is null" -> dimension.type() == ColumnType.ARRAY ? "empty(ifNull(" + column + ", []))" : "(" + column + " IS NULL OR toString(" + column + ") = '')";
                case "is not null" -> dimension.type() == ColumnType.ARRAY ? "notEmpty(ifNull(" + column + ", []))" : "(" + column + " IS NOT NULL AND toString(" + column + ") != '')";
                default -> throw GlasshouseException.invalid(path + ".operator '" + filter.operator() + "' is not a null operator; use 'is null' or 'is not null'");
            };
            case "datetime" -> throw GlasshouseException.invalid(path + ": type datetime applies to the time column " + view.timeFilterName() + " only");
            default -> throw GlasshouseException.invalid(path + ".type '" + type + "' is not known; use one of string, stringOptions, "
                    + "categoryOptions, arrayOptions, number, datetime, stringObject, numberObject, boolean, null");
        };
        return new Condition(sql, bindings, dimension.join());
    }

    private static Dimension resolve(View view, String column, String path) {
        Dimension dimension = view.dimensions().get(column);
        // Langfuse's UI sometimes sends scoreName/traceName for a view's own name column.
        if (dimension == null && column.endsWith("Name")) {
            dimension = view.dimensions().get("name");
        }
        if (dimension == null) {
            throw GlasshouseException.invalid(path + ".column '" + column + "' is not a column of view " + view.name()
                    + "; use one of " + String.join(", ", view.dimensions().keySet()) + ", " + view.timeFilterName() + ", metadata");
        }
        return dimension;
    }

    private static void requireNotArray(Dimension dimension, MetricsQuery.Filter filter, String path) {
        if (dimension.type() == ColumnType.ARRAY) {
            throw GlasshouseException.invalid(path + ": column " + filter.column() + " is an array; use type arrayOptions with 'any of', 'all of' or 'none of'");
        }
    }

    private static String stringCondition(String column, String operator, String value, String name,
            List<Consumer<Sql.Builder>> bindings, String path) {
        if (!STRING_OPERATORS.contains(operator)) {
            throw GlasshouseException.invalid(path + ".operator '" + operator + "' is not a string operator; use one of =, !=, contains, "
                    + "does not contain, starts with, ends with");
        }
        bindings.add(sql -> sql.bind(name, value));
        String placeholder = "{" + name + ":String}";
        return switch (operator) {
            case "=" -> "ifNull(" + column + " = " + placeholder + ", false)";
            case "!=" -> "NOT ifNull(" + column + " = " + placeholder + ", false)";
            case "contains" -> "ifNull(position(" + column + ", " + placeholder + ") > 0, false)";
            case "does not contain" -> "NOT ifNull(position(" + column + ", " + placeholder + ") > 0, false)";
            case "starts with" -> "ifNull(startsWith(" + column + ", " + placeholder + "), false)";
            default -> "ifNull(endsWith(" + column + ", " + placeholder + "), false)";
        };
    }

    private static String comparison(String column, String operator, double value, String name,
            List<Consumer<Sql.Builder>> bindings, String path) {
        if (!COMPARISONS.contains(operator)) {
            throw GlasshouseException.invalid(path + ".operator '" + operator + "' is not a number operator; use one of =, !=, >, <, >=, <=");
        }
        bindings.add(sql -> sql.bind(name, value));
        return "ifNull(" + column + " " + operator + " {" + name + ":Float64}, false)";
    }

    private static String text(MetricsQuery.Filter filter, String path) {
        JsonNode value = filter.value();
        if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
            throw GlasshouseException.invalid(path + ".value must be a string for type " + filter.type());
        }
        return value.asText();
    }

    private static double number(MetricsQuery.Filter filter, String path) {
        JsonNode value = filter.value();
        if (value == null || !value.isNumber()) {
            throw GlasshouseException.invalid(path + ".value must be a number for type " + filter.type());
        }
        return value.doubleValue();
    }

    private static List<String> strings(MetricsQuery.Filter filter, String path) {
        JsonNode value = filter.value();
        if (value == null || !value.isArray()) {
            throw GlasshouseException.invalid(path + ".value must be an array of strings for type " + filter.type());
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw GlasshouseException.invalid(path + ".value must be an array of strings for type " + filter.type());
            }
            values.add(item.asText());
        }
        return values;
    }

    private static Instant instant(MetricsQuery.Filter filter, String path) {
        JsonNode value = filter.value();
        if (value == null || !value.isTextual()) {
            throw GlasshouseException.invalid(path + ".value must be an ISO 8601 date-time string");
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw GlasshouseException.invalid(path + ".value must be an ISO 8601 date-time such as 2026-11-01T00:00:00Z, got '" + value.asText() + "'");
        }
    }
}
