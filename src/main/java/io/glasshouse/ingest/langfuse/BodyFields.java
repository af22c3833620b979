package io.glasshouse.ingest.langfuse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.error.GlasshouseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed reads of one JSON object of an event, each failing with a message that names the field
 * by its path ({@code body.usage.input}) and says what was expected. Absent and null fields read
 * as null ("not said"); fields this reader is not asked for are ignored, as Langfuse ignores them.
 */
final class BodyFields {
    static final int MAX_ID_LENGTH = 800;
    static final int MAX_ENVIRONMENT_LENGTH = 40;
    // DateTime64(6) holds 1900-01-01 to 2299-12-31; stay inside with room to spare.
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2262-04-11T00:00:00Z");

    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9_-]+");
    private static final DateTimeFormatter[] DATE_TIMES = {offsetFormat("+HH:MM"), offsetFormat("+HHMM")};

    private final JsonNode object;
    private final String path;
    private final FieldText text;

    private BodyFields(JsonNode object, String path, FieldText text) {
        this.object = object;
        this.path = path;
        this.text = text;
    }

    /** The object at {@code path}; fails unless {@code node} is a JSON object. */
    static BodyFields of(JsonNode node, String path, FieldText text) {
        requireNonNull(path, "path is null");
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw GlasshouseException.invalid(path + " is required and must be an object");
        }
        if (!node.isObject()) {
            throw GlasshouseException.invalid(path + " must be an object, got " + typeOf(node));
        }
        return new BodyFields(node, path, requireNonNull(text, "text is null"));
    }

    String path(String field) {
        return path + "." + field;
    }

    /** The raw value; null when absent or JSON null. */
    JsonNode value(String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String field) {
        return object.has(field);
    }

    /** Every field name of this object, in the order sent. */
    List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A string as sent, for ids and names that must not be altered. */
    String string(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return FieldText.wellFormed(value.textValue());
    }

    String requiredString(String field) {
        String value = string(field);
        if (value == null || value.isEmpty()) {
            throw GlasshouseException.invalid(path(field) + " is required and must be a non-empty string");
        }
        return value;
    }

    /** A free-text string, truncated to the field limit. */
    String text(String field) {
        return text.limit(string(field));
    }

    /** Any JSON value as stored text (strings as their text), truncated to the field limit. */
    String json(String field) {
        return text.of(value(field));
    }

    /** An id: 1 to 800 characters without carriage returns, as Langfuse requires. */
    String id(String field, boolean required) {
        String value = string(field);
        if (value == null) {
            if (required) {
                throw GlasshouseException.invalid(path(field) + " is required");
            }
            return null;
        }
        return checkedId(path(field), value);
    }

    static String checkedId(String name, String value) {
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw GlasshouseException.invalid(name + " must be 1 to " + MAX_ID_LENGTH + " characters long, got "
                    + value.length());
        }
        if (value.indexOf('\r') >= 0) {
            throw GlasshouseException.invalid(name + " must not contain carriage return characters");
        }
        return value;
    }

    /** An ISO-8601 date-time with a UTC offset ({@code 2026-01-31T12:00:00.000Z}). */
    Instant instant(String field) {
        JsonNode value = value(field);
        return value == null ? null : instant(path(field), value);
    }

    static Instant instant(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw invalidType(name, "an ISO-8601 date-time string", value);
        }
        Instant common = CommonInstants.parse(value.textValue());
        Instant instant = common != null ? common : byFormatter(value.textValue());
        if (instant == null) {
            throw GlasshouseException.invalid(name
                    + " must be an ISO-8601 date-time with a UTC offset, e.g. 2026-01-31T12:00:00.000Z");
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw GlasshouseException.invalid(name + " must lie between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }

    /** Every accepted form, through the formatters; null when none reads {@code text}. */
    static Instant byFormatter(String text) {
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                return OffsetDateTime.parse(text, format).toInstant();
            } catch (DateTimeParseException e) {
                // try the next accepted form
            }
        }
        return null;
    }

    Boolean bool(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", value);
        }
        return value.booleanValue();
    }

    /** An integer that fits in an int. */
    Integer integer(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            throw wrongType(field, "an integer", value);
        }
        return value.intValue();
    }

    List<String> strings(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw wrongType(field, "an array of strings", value);
        }
        List<String> strings = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual()) {
                throw wrongType(field + "[" + i + "]", "a string", element);
            }
            strings.add(text.limit(element.textValue()));
        }
        return strings;
    }

    /** A nested object; null when absent. */
    BodyFields object(String field) {
        JsonNode value = value(field);
        return value == null ? null : of(value, path(field), text);
    }

    /** One of the enum's constant names, spelled exactly. */
    <E extends Enum<E>> E oneOf(String field, Class<E> type) {
        String value = string(field);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw GlasshouseException.invalid(path(field) + " must be one of " + Arrays.toString(type.getEnumConstants())
                + ", got \"" + preview(value) + "\"");
    }

    /**
     * Environment names as Langfuse normalises them, so an SDK that succeeds there succeeds here:
     * lower-cased, a leading "langfuse" (reserved for Langfuse's own traces) stripped, cut to 40
     * characters; what is still not letters, digits, '-' or '_' falls back to "default".
     */
    String environment(String field) {
        String value = string(field);
        if (value == null) {
            return null;
        }
        String normalised = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (normalised.startsWith("langfuse")) {
            normalised = normalised.substring("langfuse".length()).replaceFirst("^[-_]+", "");
        }
        if (normalised.length() > MAX_ENVIRONMENT_LENGTH) {
            normalised = normalised.substring(0, MAX_ENVIRONMENT_LENGTH);
        }
        return ENVIRONMENT.matcher(normalised).matches() ? normalised : "default";
    }

    /**
     * Metadata as Langfuse stores it: an object becomes a map of key to text (strings as
     * themselves, other values as JSON); any other value is stored under the key "metadata".
     */
    Map<String, String> metadata(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return null;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value.isObject()) {
            value.properties().forEach(entry -> metadata.put(FieldText.wellFormed(entry.getKey()),
                    entry.getValue().isNull() ? "null" : text.of(entry.getValue())));
        } else if (value.isArray()) {
            metadata.put("metadata", text.of(value));
        } else {
            metadata.put("metadata", text.limit(value.asText()));
        }
        return metadata;
    }

    GlasshouseException wrongType(String field, String expected, JsonNode value) {
        return invalidType(path(field), expected, value);
    }

    static GlasshouseException invalidType(String name, String expected, JsonNode value) {
        return GlasshouseException.invalid(name + " must be " + expected + ", got " + typeOf(value));
    }

    static String typeOf(JsonNode value) {
        if (value == null) {
            return "null";
        }
        if (value.isNumber() && !value.canConvertToExactIntegral()) {
            return "a fractional number";
        }
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case BINARY, STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case MISSING, NULL -> "null";
            case NUMBER -> "a number";
            case OBJECT, POJO -> "an object";
        };
    }

    private static String preview(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static DateTimeFormatter offsetFormat(String offsetPattern) {
        return new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .appendLiteral('T')
                .append(DateTimeFormatter.ISO_LOCAL_TIME)
                .parseLenient()
                .appendOffset(offsetPattern, "Z")
                .toFormatter();
    }
}
