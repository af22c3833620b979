package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds structured values that instrumentations flatten into attribute names, such as
 * OpenInference {@code llm.input_messages.0.message.role} or OpenLLMetry
 * {@code gen_ai.prompt.0.content}. Numeric segments become array positions, other segments
 * object keys. OpenInference wraps every array element in a single-key object named after the
 * element ({@code message}, {@code tool_call}, {@code message_content}, {@code document}); those
 * wrappers are dropped so messages come out in the common chat shape
 * ({@code [{"role": ..., "content": ..., "tool_calls": [{"function": {...}}]}]}).
 *
 * <p>Arrays are built sparse and emitted in index order without gaps, so an attribute named
 * {@code llm.input_messages.999999999.message.content} costs one element, not a billion.
 */
final class FlattenedPaths {
    private static final Set<String> ELEMENT_WRAPPERS = Set.of("message", "tool_call", "message_content", "document");
    private static final int MAX_INDEX_DIGITS = 9;
    private static final int MAX_SEGMENTS = 32;

    private FlattenedPaths() {}

    /** The value rebuilt from every attribute under {@code prefix + "."}; null when there is none. */
    static JsonNode rebuild(SpanAttributes attributes, String prefix) {
        List<String> keys = attributes.keysStartingWith(prefix + ".");
        if (keys.isEmpty()) {
            return null;
        }
        Branch root = new Branch();
        for (String key : keys) {
            JsonNode value = attributes.json(key);
            if (value != null) {
                // Past MAX_SEGMENTS the rest of the name is one key: depth, and so recursion, stays bounded.
                root.put(key.substring(prefix.length() + 1).split("\\.", MAX_SEGMENTS), 0, value);
            }
        }
        return root.isEmpty() ? null : root.toJson();
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > MAX_INDEX_DIGITS) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static final class Branch {
        private final Map<String, Object> children = new LinkedHashMap<>();

        boolean isEmpty() {
            return children.isEmpty();
        }

        void put(String[] path, int at, JsonNode value) {
            String segment = path[at];
            int next = at + 1;
            // Drop "message" in "0.message.role": the element is the message.
            if (isIndex(segment) && next < path.length - 1 && ELEMENT_WRAPPERS.contains(path[next])) {
                next++;
            }
            if (next >= path.length) {
                children.put(segment, value);
                return;
            }
            Branch branch = children.get(segment) instanceof Branch existing ? existing : new Branch();
            children.put(segment, branch);
            branch.put(path, next, value);
        }

        JsonNode toJson() {
            boolean array = children.keySet().stream().allMatch(FlattenedPaths::isIndex);
            if (array) {
                ArrayNode node = OtelValues.NODES.arrayNode();
                children.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))))
                        .forEach(e -> node.add(toJson(e.getValue())));
                return node;
            }
            ObjectNode node = OtelValues.NODES.objectNode();
            children.forEach((key, child) -> node.set(key, toJson(child)));
            return node;
        }

        private static JsonNode toJson(Object child) {
            return child instanceof Branch branch ? branch.toJson() : (JsonNode) child;
        }
    }
}
