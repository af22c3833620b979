package io.glasshouse.ingest.otel;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds on what a resource or an instrumentation scope contributes to each of its spans. Their
 * attributes are sent once per request but stored with every span, so without a bound a small
 * request (150,000 resource attributes over 60,000 one-line spans fit in 4.5 MB) would expand to
 * billions of stored entries. Real resources carry a few dozen short attributes; what does not fit
 * is dropped with a note of how much, never silently.
 */
final class SharedAttributes {
    /** Attributes a resource keeps. */
    static final int MAX_ATTRIBUTES = 128;
    /**
     * Size a resource keeps (each attribute counts its key's characters and its value's encoded
     * bytes, about the characters of its stored text), and the longest scope attributes' JSON.
     */
    static final int MAX_CHARACTERS = 16_384;
    /** The resource attribute that says how many were not kept. */
    static final String DROPPED_KEY = "glasshouse.dropped_resource_attributes";
    /** What ends scope attributes' JSON text that was cut. */
    static final String CUT_MARKER = "…[cut by Glasshouse: %d characters; scope attributes keep at most %d]";

    private SharedAttributes() {}

    /** The attributes that fit, in the order sent. */
    static List<KeyValue> bounded(List<KeyValue> attributes) {
        List<KeyValue> kept = new ArrayList<>(Math.min(attributes.size(), MAX_ATTRIBUTES));
        long characters = 0;
        for (KeyValue attribute : attributes) {
            long size = attribute.getKey().length() + (long) attribute.getValue().getSerializedSize();
            if (kept.size() == MAX_ATTRIBUTES || characters + size > MAX_CHARACTERS) {
                continue;
            }
            kept.add(attribute);
            characters += size;
        }
        return kept;
    }

    static String dropped(int dropped, int sent) {
        return dropped + " of " + sent + " resource attributes not kept: a resource keeps at most " + MAX_ATTRIBUTES
                + " attributes and about " + MAX_CHARACTERS + " characters";
    }

    /** {@code json} cut to {@link #MAX_CHARACTERS} with a marker saying so; null stays null. */
    static String bounded(String json) {
        if (json == null || json.length() <= MAX_CHARACTERS) {
            return json;
        }
        int cut = MAX_CHARACTERS;
        if (Character.isHighSurrogate(json.charAt(cut - 1))) {
            cut--;
        }
        return json.substring(0, cut) + CUT_MARKER.formatted(json.length(), MAX_CHARACTERS);
    }
}
