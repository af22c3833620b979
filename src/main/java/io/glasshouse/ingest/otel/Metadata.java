package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** User metadata that SDKs spread over attributes, as key to text (strings as they are, else JSON). */
final class Metadata {
    static final String OBSERVATION_METADATA = "langfuse.observation.metadata";

    private Metadata() {}

    /**
     * {@code prefix} holding a JSON object contributes its top-level keys; {@code prefix.<key>}
     * contributes {@code <key>} (the Langfuse SDKs flatten metadata this way). Keys consumed
     * earlier (a user id taken from {@code …metadata.langfuse_user_id}) are not repeated.
     */
    static Map<String, String> fromPrefix(SpanAttributes a, String prefix) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (!a.isConsumed(prefix)) {
            ObjectNode object = OtelValues.parseObject(a.text(prefix));
            if (object != null) {
                a.consume(prefix);
                object.properties().forEach(e -> {
                    String text = OtelValues.text(e.getValue());
                    if (text != null) {
                        metadata.put(e.getKey(), text);
                    }
                });
            }
        }
        for (String key : a.keysStartingWith(prefix + ".")) {
            if (a.isConsumed(key) || key.length() == prefix.length() + 1) {
                continue;
            }
            String text = a.text(key);
            a.consume(key);
            metadata.put(key.substring(prefix.length() + 1), text == null ? "" : text);
        }
        return metadata;
    }

    /**
     * The observation's user metadata: {@code langfuse.observation.metadata[.<key>]},
     * {@code langfuse.metadata[.<key>]}, Vercel AI SDK {@code ai.telemetry.metadata.<key>} and the
     * OpenInference {@code metadata} JSON object; a later source wins on a shared key.
     */
    static Map<String, String> observation(SpanAttributes a) {
        Map<String, String> metadata = new LinkedHashMap<>();
        ObjectNode openInference = OtelValues.parseObject(a.text("metadata"));
        if (openInference != null) {
            a.consume("metadata");
            openInference.properties().forEach(e -> {
                String text = OtelValues.text(e.getValue());
                if (text != null) {
                    metadata.put(e.getKey(), text);
                }
            });
        }
        metadata.putAll(fromPrefix(a, "ai.telemetry.metadata"));
        metadata.putAll(fromPrefix(a, "langfuse.metadata"));
        metadata.putAll(fromPrefix(a, OBSERVATION_METADATA));
        return metadata;
    }
}
