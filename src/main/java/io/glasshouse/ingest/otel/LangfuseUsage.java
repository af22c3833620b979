package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code langfuse.observation.usage_details} as Langfuse reads it: the OpenAI Chat Completions
 * usage object ({@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens} and their
 * {@code *_details}), the OpenAI Responses usage object ({@code input_tokens}, …), or a plain map
 * of whole numbers (anything else is skipped).
 */
final class LangfuseUsage {
    private static final Set<String> COMPLETIONS_SHAPE = Set.of(
            "prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details", "completion_tokens_details");
    private static final Set<String> RESPONSES_SHAPE = Set.of(
            "input_tokens", "output_tokens", "total_tokens", "input_tokens_details", "output_tokens_details");

    private LangfuseUsage() {}

    static Map<String, Long> normalise(ObjectNode sent) {
        Map<String, Long> openAi = openAiShape(sent, COMPLETIONS_SHAPE, "prompt_tokens", "completion_tokens");
        if (openAi == null) {
            openAi = openAiShape(sent, RESPONSES_SHAPE, "input_tokens", "output_tokens");
        }
        if (openAi != null) {
            return openAi;
        }
        Map<String, Long> usage = new LinkedHashMap<>();
        sent.properties().forEach(e -> Usage.putIfPresent(usage, e.getKey(), Usage.whole(e.getValue())));
        return usage;
    }

    private static Map<String, Long> openAiShape(ObjectNode sent, Set<String> shape, String inputKey, String outputKey) {
        for (Map.Entry<String, JsonNode> field : sent.properties()) {
            if (!shape.contains(field.getKey())) {
                return null;
            }
        }
        Long input = wholeInt(sent.get(inputKey));
        Long output = wholeInt(sent.get(outputKey));
        Long total = wholeInt(sent.get("total_tokens"));
        if (input == null || output == null || total == null) {
            return null;
        }
        Map<String, Long> usage = new LinkedHashMap<>();
        usage.put("input", input);
        usage.put("output", output);
        usage.put("total", total);
        details(sent.get(inputKey + "_details"), "input", usage);
        details(sent.get(outputKey + "_details"), "output", usage);
        return usage;
    }

    private static void details(JsonNode details, String side, Map<String, Long> usage) {
        if (!(details instanceof ObjectNode object)) {
            return;
        }
        object.properties().forEach(e -> {
            Long value = wholeInt(e.getValue());
            if (value != null) {
                usage.put(side + "_" + e.getKey(), value);
                usage.put(side, Math.max(usage.get(side) - value, 0));
            }
        });
    }

    // The OpenAI shapes hold JSON numbers only; a string there means it is not that shape.
    private static Long wholeInt(JsonNode node) {
        return node != null && node.isNumber() ? OtelValues.wholeNumber(node) : null;
    }
}
