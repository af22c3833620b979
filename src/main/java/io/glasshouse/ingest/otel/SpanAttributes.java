package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The attributes of one span (or resource), with a record of which ones a typed field consumed.
 * Readers ({@code has}, {@code text}, {@code json}) never consume; {@code take*} consume the key
 * whose value they return. Whatever is left over at the end goes to metadata. A repeated key
 * keeps its last value, as OpenTelemetry SDKs do.
 */
final class SpanAttributes {
    private final Map<String, AnyValue> values = new LinkedHashMap<>();
    private final Set<String> consumed = new HashSet<>();

    SpanAttributes(List<KeyValue> attributes) {
        attributes.forEach(kv -> values.put(kv.getKey(), kv.getValue()));
    }

    boolean has(String key) {
        AnyValue value = values.get(key);
        return value != null && OtelValues.isMeaningful(value);
    }

    boolean hasAny(String... keys) {
        for (String key : keys) {
            if (has(key)) {
                return true;
            }
        }
        return false;
    }

    /** Present at all, even with an empty value. */
    boolean contains(String key) {
        return values.containsKey(key);
    }

    String text(String key) {
        return has(key) ? OtelValues.text(values.get(key)) : null;
    }

    JsonNode json(String key) {
        return has(key) ? OtelValues.toJson(values.get(key)) : null;
    }

    String take(String key) {
        String text = text(key);
        if (text != null) {
            consumed.add(key);
        }
        return text;
    }

    JsonNode takeJson(String key) {
        JsonNode json = json(key);
        if (json != null) {
            consumed.add(key);
        }
        return json;
    }

    /** The first meaningful value among {@code keys}; only that key is consumed. */
    String takeFirst(String... keys) {
        for (String key : keys) {
            String text = take(key);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /** A whole number >= 0; the key is consumed only when it held one. */
    Long takeWholeNumber(String key) {
        Long number = OtelValues.wholeNumber(json(key));
        if (number != null) {
            consumed.add(key);
        }
        return number;
    }

    void consume(String key) {
        if (values.containsKey(key)) {
            consumed.add(key);
        }
    }

    void consumeIf(Predicate<String> keyTest) {
        for (String key : values.keySet()) {
            if (keyTest.test(key)) {
                consumed.add(key);
            }
        }
    }

    boolean isConsumed(String key) {
        return consumed.contains(key);
    }

    List<String> keysStartingWith(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String key : values.keySet()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        return keys;
    }

    boolean anyKeyStartsWith(String prefix) {
        for (String key : values.keySet()) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Every attribute no typed field consumed, as text, in the order sent. */
    Map<String, String> unconsumed() {
        Map<String, String> left = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (!consumed.contains(key)) {
                String text = OtelValues.text(value);
                if (text != null) {
                    left.put(key, text);
                }
            }
        });
        return left;
    }
}
