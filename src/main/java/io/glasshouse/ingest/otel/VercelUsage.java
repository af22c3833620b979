package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.ingest.pricing.UsageNormalizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Usage of a Vercel AI SDK span: token counts from {@code gen_ai.usage.*} (what doGenerate and
 * doStream spans carry) or {@code ai.usage.*} (v4 {@code promptTokens}, v5 {@code inputTokens}),
 * cache and reasoning details from {@code ai.usage.*} and from
 * {@code ai.response.providerMetadata} (OpenAI, Anthropic, Bedrock), in Langfuse's keys. The
 * provider metadata is read but not consumed: it holds more than usage.
 */
final class VercelUsage {
    private VercelUsage() {}

    static Map<String, Long> extract(SpanAttributes a) {
        Map<String, Long> usage = new LinkedHashMap<>();
        Usage.putIfPresent(usage, "input", firstWhole(a,
                "gen_ai.usage.prompt_tokens", "gen_ai.usage.input_tokens", "ai.usage.promptTokens", "ai.usage.inputTokens"));
        Usage.putIfPresent(usage, "output", firstWhole(a,
                "gen_ai.usage.completion_tokens", "gen_ai.usage.output_tokens", "ai.usage.completionTokens",
                "ai.usage.outputTokens"));
        Usage.putIfPresent(usage, "total", firstWhole(a, "ai.usage.tokens", "ai.usage.totalTokens"));
        Usage.putIfPresent(usage, "input_cached_tokens", a.takeWholeNumber("ai.usage.cachedInputTokens"));
        Usage.putIfPresent(usage, "output_reasoning_tokens", a.takeWholeNumber("ai.usage.reasoningTokens"));

        ObjectNode provider = OtelValues.parseObject(a.text("ai.response.providerMetadata"));
        if (provider != null) {
            openAi(provider.path("openai"), usage);
            anthropic(provider.path("anthropic").path("usage"), usage);
            bedrock(provider.path("bedrock").path("usage"), usage);
        }
        if (usage.containsKey("input")) {
            long details = 0;
            for (String key : new String[] {"input_cached_tokens", "input_cache_creation", "input_cache_creation_5m",
                    "input_cache_creation_1h", "input_cache_read"}) {
                details = UsageNormalizer.plus(details, Usage.zero(usage.get(key)));
            }
            usage.put("input", Math.max(usage.get("input") - details, 0));
        }
        if (usage.containsKey("output")) {
            usage.put("output", Math.max(usage.get("output") - Usage.zero(usage.get("output_reasoning_tokens")), 0));
        }
        return usage;
    }

    // The keys are one count under the names of different SDK versions: all of them are consumed.
    private static Long firstWhole(SpanAttributes a, String... keys) {
        Long first = null;
        for (String key : keys) {
            Long value = a.takeWholeNumber(key);
            if (first == null) {
                first = value;
            }
        }
        return first;
    }

    private static void openAi(JsonNode openAi, Map<String, Long> usage) {
        putIfAbsent(usage, "input_cached_tokens", openAi.get("cachedPromptTokens"));
        putIfAbsent(usage, "accepted_prediction_tokens", openAi.get("acceptedPredictionTokens"));
        putIfAbsent(usage, "rejected_prediction_tokens", openAi.get("rejectedPredictionTokens"));
        putIfAbsent(usage, "output_reasoning_tokens", openAi.get("reasoningTokens"));
    }

    private static void anthropic(JsonNode anthropic, Map<String, Long> usage) {
        if (!anthropic.isObject()) {
            return;
        }
        putIfAbsent(usage, "input_cache_creation", anthropic.get("cache_creation_input_tokens"));
        putIfAbsent(usage, "input_cached_tokens", anthropic.get("cache_read_input_tokens"));
        JsonNode byDuration = anthropic.get("cache_creation");
        if (byDuration != null && byDuration.isObject()) {
            putIfAbsent(usage, "input_cache_creation_5m", byDuration.get("ephemeral_5m_input_tokens"));
            putIfAbsent(usage, "input_cache_creation_1h", byDuration.get("ephemeral_1h_input_tokens"));
            // The total includes both durations; keep only the rest so the keys add up.
            usage.put("input_cache_creation", Math.max(Usage.zero(usage.get("input_cache_creation"))
                    - Usage.zero(usage.get("input_cache_creation_5m")) - Usage.zero(usage.get("input_cache_creation_1h")), 0));
        }
    }

    private static void bedrock(JsonNode bedrock, Map<String, Long> usage) {
        putIfAbsent(usage, "input_cache_read", bedrock.get("cacheReadInputTokens"));
        putIfAbsent(usage, "input_cache_write", bedrock.get("cacheWriteInputTokens"));
        putIfAbsent(usage, "input_cache_creation", bedrock.get("cacheCreationInputTokens"));
    }

    private static void putIfAbsent(Map<String, Long> usage, String key, JsonNode value) {
        Long whole = OtelValues.wholeNumber(value);
        if (whole != null) {
            usage.putIfAbsent(key, whole);
        }
    }
}
