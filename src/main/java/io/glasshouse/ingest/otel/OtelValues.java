package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversions between OTLP attribute values and JSON. The two textual forms used everywhere:
 * <ul>
 *   <li>{@link #text}: a string stays as it is, anything else becomes its JSON text (metadata
 *       values, ids, names);
 *   <li>{@link #jsonText}: always valid JSON (input, output): a string holding valid JSON is kept
 *       verbatim, any other string becomes a JSON string literal.
 * </ul>
 */
final class OtelValues {
    static final int MAX_NUMBER_CHARS = 1000;

    // Decimals stay exact: costs and parameters are read from JSON text.
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OtelValues() {}

    static JsonNode toJson(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> NODES.textNode(value.getStringValue());
            case BOOL_VALUE -> NODES.booleanNode(value.getBoolValue());
            case INT_VALUE -> NODES.numberNode(value.getIntValue());
            case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue())
                    ? NODES.numberNode(value.getDoubleValue())
                    : NODES.textNode(Double.toString(value.getDoubleValue()));
            case ARRAY_VALUE -> {
                ArrayNode array = NODES.arrayNode();
                value.getArrayValue().getValuesList().forEach(v -> array.add(toJson(v)));
                yield array;
            }
            case KVLIST_VALUE -> toJson(value.getKvlistValue().getValuesList());
            case BYTES_VALUE -> NODES.textNode(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
            // A dictionary index (profiles signal); traces never use it, keep the number.
            case STRING_VALUE_STRINDEX -> NODES.numberNode(value.getStringValueStrindex());
            case VALUE_NOT_SET -> NODES.nullNode();
        };
    }

    static ObjectNode toJson(List<KeyValue> attributes) {
        ObjectNode object = NODES.objectNode();
        attributes.forEach(kv -> object.set(kv.getKey(), toJson(kv.getValue())));
        return object;
    }

    /** Not set, an empty string, or an empty array or key-value list. */
    static boolean isMeaningful(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> !value.getStringValue().isEmpty();
            case ARRAY_VALUE -> value.getArrayValue().getValuesCount() > 0;
            case KVLIST_VALUE -> value.getKvlistValue().getValuesCount() > 0;
            case BYTES_VALUE -> !value.getBytesValue().isEmpty();
            case BOOL_VALUE, INT_VALUE, DOUBLE_VALUE, STRING_VALUE_STRINDEX -> true;
            case VALUE_NOT_SET -> false;
        };
    }

    /** Strings as they are, everything else as JSON text; null when not set. */
    static String text(AnyValue value) {
        if (value.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
            return value.getStringValue();
        }
        return text(toJson(value));
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    static Map<String, String> textMap(List<KeyValue> attributes) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            String text = text(kv.getValue());
            if (text != null) {
                map.put(kv.getKey(), text);
            }
        }
        return map;
    }

    /** Valid JSON text for a payload; see the class comment. Null stays null. */
    static String jsonText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return isValidJson(text) ? text : node.toString();
        }
        return node.toString();
    }

    /** A string becomes a JSON string literal even when it happens to be valid JSON. */
    static String jsonStringLiteral(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    /** The parsed value of a string holding JSON, the node itself otherwise; null if unparsable. */
    static JsonNode parsed(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return node;
        }
        return parse(node.textValue());
    }

    static JsonNode parse(String text) {
        if (text == null || !looksLikeJson(text)) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    static ObjectNode parseObject(String text) {
        return parse(text) instanceof ObjectNode object ? object : null;
    }

    /** Checks one complete JSON value without building a tree. */
    static boolean isValidJson(String text) {
        if (!looksLikeJson(text)) {
            return false;
        }
        if (JsonScan.certainlyValid(text)) {
            return true;
        }
        return jacksonSaysValid(text);
    }

    /** Jackson's verdict, the rule {@link JsonScan} follows: one complete value, nothing after it. */
    static boolean jacksonSaysValid(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    // Cheap first-character test so plain prose never reaches the parser.
    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9')
                    || c == 't' || c == 'f' || c == 'n';
        }
        return false;
    }

    /** A non-negative whole number from an int, an integral double or a numeric string. */
    static Long wholeNumber(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue() >= 0 ? node.longValue() : null;
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            return d >= 0 && d == Math.rint(d) && d < Long.MAX_VALUE ? (long) d : null;
        }
        if (node.isTextual()) {
            try {
                long parsed = Long.parseLong(node.textValue().trim());
                return parsed >= 0 ? parsed : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * A number, or a string holding one of at most {@link #MAX_NUMBER_CHARS} characters (the limit
     * Jackson puts on JSON numbers): parsing digits takes time quadratic in their count, and a
     * request may carry a string of millions of them (a minute of CPU per million).
     */
    static BigDecimal decimal(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            // NaN and infinities have no decimal value.
            return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) ? null : node.decimalValue();
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            if (text.length() > MAX_NUMBER_CHARS) {
                return null;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
