package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a span says about its trace. Keys, first that has a value wins (Langfuse's lists):
 * <ul>
 *   <li>user: {@code langfuse.user.id}, {@code user.id}, {@code …metadata.langfuse_user_id},
 *       {@code ai.telemetry.metadata.userId};
 *   <li>session: {@code langfuse.session.id}, {@code session.id}, {@code gen_ai.conversation.id},
 *       {@code …metadata.langfuse_session_id}, {@code ai.telemetry.metadata.sessionId};
 *   <li>tags: {@code langfuse.trace.tags}, {@code langfuse.tags}, {@code …metadata.langfuse_tags},
 *       {@code ai.telemetry.metadata.tags}, OpenInference {@code tag.tags}; an array, a JSON
 *       array, a comma-separated list or one tag;
 *   <li>public: {@code langfuse.trace.public}, {@code langfuse.public};
 *   <li>name, input, output: {@code langfuse.trace.{name,input,output}};
 *   <li>metadata: {@code langfuse.trace.metadata} (a JSON object) and
 *       {@code langfuse.trace.metadata.<key>}, on the resource and on the span (the span wins).
 * </ul>
 * A span carrying any of these (Langfuse's "trace updates"; we add {@code gen_ai.conversation.id})
 * produces a trace patch even when it is not the root.
 */
record TraceFields(
        String name, String userId, String sessionId, List<String> tags, Boolean isPublic,
        String input, String output, Map<String, String> metadata, boolean hasUpdates) {
    static final String TRACE_METADATA = "langfuse.trace.metadata";
    private static final String OBSERVATION_METADATA = "langfuse.observation.metadata";

    private static final String[] USER_KEYS = {
        "langfuse.user.id", "user.id", OBSERVATION_METADATA + ".langfuse_user_id", TRACE_METADATA + ".langfuse_user_id",
        "ai.telemetry.metadata.userId"
    };
    private static final String[] SESSION_KEYS = {
        "langfuse.session.id", "session.id", "gen_ai.conversation.id", OBSERVATION_METADATA + ".langfuse_session_id",
        TRACE_METADATA + ".langfuse_session_id", "ai.telemetry.metadata.sessionId"
    };
    private static final String[] TAG_KEYS = {
        "langfuse.trace.tags", "langfuse.tags", OBSERVATION_METADATA + ".langfuse_tags", TRACE_METADATA + ".langfuse_tags",
        "ai.telemetry.metadata.tags", "tag.tags"
    };
    private static final String[] UPDATE_KEYS = {
        "langfuse.trace.name", "langfuse.trace.input", "langfuse.trace.output", "langfuse.trace.public",
    };

    /** The trace metadata a resource sets for all its spans ({@code langfuse.trace.metadata…}). */
    static Map<String, String> resourceMetadata(SpanAttributes resource) {
        return Metadata.fromPrefix(resource, TRACE_METADATA);
    }

    /** The span's trace fields; {@code resourceMetadata} from {@link #resourceMetadata}, under the span's own. */
    static TraceFields extract(SpanAttributes a, Map<String, String> resourceMetadata) {
        boolean hasUpdates = a.hasAny(UPDATE_KEYS) || a.hasAny(USER_KEYS) || a.hasAny(SESSION_KEYS) || a.hasAny(TAG_KEYS)
                || a.anyKeyStartsWith(TRACE_METADATA);
        String name = a.take("langfuse.trace.name");
        String userId = a.takeFirst(USER_KEYS);
        String sessionId = a.takeFirst(SESSION_KEYS);
        List<String> tags = tags(a);
        Boolean isPublic = isPublic(a);
        String input = OtelValues.jsonText(a.takeJson("langfuse.trace.input"));
        String output = OtelValues.jsonText(a.takeJson("langfuse.trace.output"));
        Map<String, String> metadata = new LinkedHashMap<>(resourceMetadata);
        metadata.putAll(Metadata.fromPrefix(a, TRACE_METADATA));
        return new TraceFields(name, userId, sessionId, tags, isPublic, input, output, metadata, hasUpdates);
    }

    private static List<String> tags(SpanAttributes a) {
        for (String key : TAG_KEYS) {
            JsonNode value = a.json(key);
            if (value == null) {
                continue;
            }
            a.consume(key);
            List<String> tags = new ArrayList<>();
            JsonNode parsed = value.isTextual() && value.textValue().trim().startsWith("[") ? OtelValues.parsed(value) : value;
            if (parsed instanceof ArrayNode array) {
                array.forEach(tag -> tags.add(OtelValues.text(tag)));
            } else if (value.isTextual() && value.textValue().contains(",")) {
                for (String tag : value.textValue().split(",")) {
                    tags.add(tag.trim());
                }
            } else {
                tags.add(OtelValues.text(value));
            }
            tags.removeIf(tag -> tag == null || tag.isEmpty());
            return tags;
        }
        return List.of();
    }

    private static Boolean isPublic(SpanAttributes a) {
        for (String key : new String[] {"langfuse.trace.public", "langfuse.public"}) {
            JsonNode value = a.json(key);
            if (value != null) {
                a.consume(key);
                return value.asBoolean(false) || "true".equals(value.asText());
            }
        }
        return null;
    }
}
