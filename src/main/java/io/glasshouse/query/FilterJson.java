package io.glasshouse.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Langfuse's filter state — a JSON array of {@code {type, column, operator, value, key?}} — read
 * into {@link FilterCondition}s. Every mistake is a 400 that names the parameter, the position
 * and what is wrong ({@code filter[1].operator: 'like' is not one of …}).
 */
public final class FilterJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONDITIONS = 50;

    private FilterJson() {}

    /** Parses the text of a {@code filter} request parameter; null or blank is no filter. */
    public static List<FilterCondition> parse(String text, String parameter) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw GlasshouseException.invalid(parameter + " is not valid JSON: " + e.getOriginalMessage());
        }
        return parse(array, parameter);
    }

    /** Reads an already parsed filter array (metrics queries carry it inside their body). */
    public static List<FilterCondition> parse(JsonNode array, String parameter) {
        if (array == null || array.isNull() || array.isMissingNode()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw GlasshouseException.invalid(parameter + " must be a JSON array of {type, column, operator, value} objects");
        }
        if (array.size() > MAX_CONDITIONS) {
            throw GlasshouseException.invalid(parameter + " has " + array.size() + " conditions; at most " + MAX_CONDITIONS);
        }
        List<FilterCondition> conditions = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            conditions.add(condition(array.get(i), parameter + "[" + i + "]"));
        }
        return List.copyOf(conditions);
    }

    private static FilterCondition condition(JsonNode node, String at) {
        if (!node.isObject()) {
            throw GlasshouseException.invalid(at + " must be an object {type, column, operator, value}");
        }
        String typeName = text(node, "type", at);
        FilterType type = FilterType.fromWireName(typeName).orElseThrow(() -> GlasshouseException.invalid(at + ".type: '"
                + typeName + "' is not one of " + String.join(", ", Arrays.stream(FilterType.values()).map(FilterType::wireName).toList())));
        String column = text(node, "column", at);
        String operatorName = text(node, "operator", at);
        FilterOperator operator = FilterOperator.fromWireName(operatorName)
                .filter(type.operators()::contains)
                .orElseThrow(() -> GlasshouseException.invalid(at + ".operator: '" + operatorName + "' does not apply to type "
                        + type.wireName() + "; use one of " + String.join(", ",
                                type.operators().stream().sorted().map(FilterOperator::wireName).toList())));
        String key = null;
        if (type.needsKey()) {
            key = text(node, "key", at);
        }
        Object value = value(type, node.get("value"), at + ".value");
        try {
            return new FilterCondition(column, type, operator, value, key);
        } catch (IllegalArgumentException e) {
            throw GlasshouseException.invalid(at + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw GlasshouseException.invalid(at + "." + field + " is required and must be a non-empty string");
        }
        return value.asText();
    }

    private static Object value(FilterType type, JsonNode value, String at) {
        if (type == FilterType.NULL) {
            return null;
        }
        if (value == null || value.isNull()) {
            throw GlasshouseException.invalid(at + " is required for type " + type.wireName());
        }
        return switch (type) {
            case DATETIME -> instant(value, at);
            case STRING, STRING_OBJECT -> {
                if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                    throw GlasshouseException.invalid(at + " must be a string");
                }
                yield value.asText();
            }
            case NUMBER, NUMBER_OBJECT -> number(value, at);
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    yield value.booleanValue();
                }
                if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
                    yield Boolean.parseBoolean(value.asText());
                }
                throw GlasshouseException.invalid(at + " must be true or false");
            }
            case STRING_OPTIONS, CATEGORY_OPTIONS, ARRAY_OPTIONS -> {
                if (!value.isArray() || value.isEmpty()) {
                    throw GlasshouseException.invalid(at + " must be a non-empty array of strings");
                }
                List<String> options = new ArrayList<>(value.size());
                for (JsonNode option : value) {
                    if (!option.isTextual()) {
                        throw GlasshouseException.invalid(at + " must be a non-empty array of strings");
                    }
                    options.add(option.asText());
                }
                yield options;
            }
            case NULL -> null;
        };
    }

    private static Instant instant(JsonNode value, String at) {
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return OffsetDateTime.parse(value.asText()).toInstant();
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw GlasshouseException.invalid(at + " must be an ISO 8601 date-time with offset, e.g. 2025-01-31T12:00:00Z");
    }

    private static Double number(JsonNode value, String at) {
        double number;
        if (value.isNumber()) {
            number = value.asDouble();
        } else if (value.isTextual()) {
            try {
                number = Double.parseDouble(value.asText().strip());
            } catch (NumberFormatException e) {
                throw GlasshouseException.invalid(at + " must be a number");
            }
        } else {
            throw GlasshouseException.invalid(at + " must be a number");
        }
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw GlasshouseException.invalid(at + " must be a finite number");
        }
        return number;
    }
}
