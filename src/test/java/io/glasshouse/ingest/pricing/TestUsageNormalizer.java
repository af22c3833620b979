package io.glasshouse.ingest.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestUsageNormalizer {

    @Test
    void aSumPastTheLargestLongIsHeldThereNotWrappedToANegativeCount() {
        long max = Long.MAX_VALUE;
        assertThat(UsageNormalizer.plus(max, 1)).isEqualTo(max);
        assertThat(UsageNormalizer.plus(max - 1, 1)).isEqualTo(max);
        assertThat(UsageNormalizer.plus(40, 2)).isEqualTo(42);
    }

    @Test
    void keepsLangfuseKeysAndAddsTheirSumAsTotal() {
        assertThat(UsageNormalizer.normalize(Map.of("input", 10L, "output", 5L, "input_cached_tokens", 3L)))
                .isEqualTo(Map.of("input", 10L, "output", 5L, "input_cached_tokens", 3L, "total", 18L));
    }

    @Test
    void keepsATotalTheClientSent() {
        assertThat(UsageNormalizer.normalize(Map.of("input", 10L, "output", 5L, "total", 99L)))
                .isEqualTo(Map.of("input", 10L, "output", 5L, "total", 99L));
        assertThat(UsageNormalizer.normalize(Map.of("total", 50L))).isEqualTo(Map.of("total", 50L));
    }

    @Test
    void takesCachedAndReasoningTokensOutOfOpenAiChatCompletionCounts() {
        var openAi = Map.of(
                "prompt_tokens", 100L,
                "completion_tokens", 50L,
                "total_tokens", 150L,
                "prompt_tokens_details.cached_tokens", 20L,
                "prompt_tokens_details.audio_tokens", 0L,
                "completion_tokens_details.reasoning_tokens", 10L);
        assertThat(UsageNormalizer.normalize(openAi)).isEqualTo(Map.of(
                "input", 80L,
                "input_cached_tokens", 20L,
                "input_audio_tokens", 0L,
                "output", 40L,
                "output_reasoning_tokens", 10L,
                "total", 150L));
    }

    @Test
    void acceptsCachedTokensFlattenedToTheLangfuseKey() {
        assertThat(UsageNormalizer.normalize(Map.of("prompt_tokens", 100L, "completion_tokens", 50L, "input_cached_tokens", 20L)))
                .isEqualTo(Map.of("input", 80L, "input_cached_tokens", 20L, "output", 50L, "total", 150L));
    }

    @Test
    void takesDetailsOutOfOpenAiResponsesCounts() {
        var responses = Map.of(
                "input_tokens", 100L,
                "output_tokens", 50L,
                "total_tokens", 150L,
                "input_tokens_details.cached_tokens", 30L,
                "output_tokens_details.reasoning_tokens", 20L);
        assertThat(UsageNormalizer.normalize(responses)).isEqualTo(Map.of(
                "input", 70L, "input_cached_tokens", 30L, "output", 30L, "output_reasoning_tokens", 20L, "total", 150L));
    }

    @Test
    void keepsAnthropicInputWhichAlreadyExcludesTheCache() {
        var anthropic = Map.of(
                "input_tokens", 10L,
                "output_tokens", 5L,
                "cache_read_input_tokens", 1000L,
                "cache_creation_input_tokens", 200L);
        assertThat(UsageNormalizer.normalize(anthropic)).isEqualTo(Map.of(
                "input", 10L, "output", 5L, "input_cached_tokens", 1000L, "input_cache_creation", 200L, "total", 1215L));
    }

    @Test
    void takesCacheAndReasoningOutOfOtelGenAiCounts() {
        var genAi = Map.of(
                "input_tokens", 100L,
                "output_tokens", 40L,
                "cache_read.input_tokens", 20L,
                "cache_creation.input_tokens", 10L,
                "reasoning.output_tokens", 15L);
        assertThat(UsageNormalizer.normalize(genAi)).isEqualTo(Map.of(
                "input", 70L,
                "input_cached_tokens", 20L,
                "input_cache_creation", 10L,
                "output", 25L,
                "output_reasoning_tokens", 15L,
                "total", 140L));
    }

    @Test
    void mapsOpenInferenceTokenCounts() {
        var openInference = Map.of(
                "prompt", 100L,
                "completion", 50L,
                "total", 150L,
                "prompt_details.cache_read", 40L,
                "prompt_details.audio", 5L,
                "completion_details.reasoning", 10L);
        assertThat(UsageNormalizer.normalize(openInference)).isEqualTo(Map.of(
                // audio is inside the prompt count, like the cache read: both come out of input
                "input", 55L,
                "input_cached_tokens", 40L,
                "input_audio_tokens", 5L,
                "output", 40L,
                "output_reasoning_tokens", 10L,
                "total", 150L));
    }

    @Test
    void mapsTheLegacyLangfuseUsageObject() {
        assertThat(UsageNormalizer.normalize(Map.of("promptTokens", 7L, "completionTokens", 3L, "totalTokens", 10L)))
                .isEqualTo(Map.of("input", 7L, "output", 3L, "total", 10L));
    }

    @Test
    void genAiAttributesCarryAnInclusiveInputWhateverTheSpelling() {
        // Langfuse's OTel mapping test: LiteLLM sends Anthropic spellings with an inclusive input.
        var litellm = Map.of(
                "input_tokens", 100L, "output_tokens", 40L, "cache_read_input_tokens", 20L, "cache_creation_input_tokens", 10L);
        var usage = UsageNormalizer.fromGenAiAttributes(litellm);
        assertThat(usage).isEqualTo(Map.of("input", 70L, "output", 40L, "input_cached_tokens", 20L, "input_cache_creation", 10L));
        assertThat(usage.entrySet().stream().filter(e -> e.getKey().startsWith("input")).mapToLong(Map.Entry::getValue).sum())
                .isEqualTo(100L);
    }

    @Test
    void subtractsACacheCountOnceWhenBothSpellingsArrive() {
        var both = Map.of(
                "input_tokens", 100L,
                "cache_read.input_tokens", 20L,
                "cache_read_input_tokens", 20L,
                "cache_creation.input_tokens", 10L,
                "cache_creation_input_tokens", 10L);
        assertThat(UsageNormalizer.fromGenAiAttributes(both))
                .isEqualTo(Map.of("input", 70L, "input_cached_tokens", 20L, "input_cache_creation", 10L));
    }

    @Test
    void theFirstSpellingWinsEvenWhenItIsZero() {
        var zero = Map.of("input_tokens", 100L, "cache_read.input_tokens", 0L, "cache_read_input_tokens", 20L);
        assertThat(UsageNormalizer.fromGenAiAttributes(zero)).isEqualTo(Map.of("input", 100L, "input_cached_tokens", 0L));
    }

    @Test
    void reasoningWithoutOutputLeavesOutputAbsent() {
        assertThat(UsageNormalizer.fromGenAiAttributes(Map.of("reasoning.output_tokens", 25L)))
                .isEqualTo(Map.of("output_reasoning_tokens", 25L));
    }

    @Test
    void neverGoesBelowZero() {
        assertThat(UsageNormalizer.normalize(Map.of("prompt_tokens", 10L, "cache_read.input_tokens", 50L)))
                .isEqualTo(Map.of("input", 0L, "input_cached_tokens", 50L, "total", 50L));
    }

    @Test
    void namesDetailBucketsWithoutTheirDetailsPrefix() {
        assertThat(UsageNormalizer.fromGenAiAttributes(Map.of("input_tokens", 5L, "details.image_tokens", 3L)))
                .isEqualTo(Map.of("input", 5L, "image_tokens", 3L));
    }

    @Test
    void keepsUnknownKeysAsTheirOwnBuckets() {
        assertThat(UsageNormalizer.normalize(Map.of("input", 5L, "web_search_requests", 2L)))
                .isEqualTo(Map.of("input", 5L, "web_search_requests", 2L, "total", 7L));
    }

    @Test
    void dropsNegativeAndAbsurdCounts() {
        var usage = new HashMap<String, Long>();
        usage.put("input", 10L);
        usage.put("output", -5L);
        usage.put("image", UsageNormalizer.MAX_UNITS + 1);
        usage.put("audio", null);
        usage.put("x".repeat(201), 1L);
        assertThat(UsageNormalizer.normalize(usage)).isEqualTo(Map.of("input", 10L, "total", 10L));
        assertThat(UsageNormalizer.normalize(Map.of("output", -1L))).isEmpty();
        assertThat(UsageNormalizer.normalize(Map.of())).isEmpty();
    }

    @Test
    void isIdempotent() {
        List<Map<String, Long>> shapes = List.of(
                Map.of("prompt_tokens", 100L, "completion_tokens", 50L, "prompt_tokens_details.cached_tokens", 20L),
                Map.of("input_tokens", 10L, "output_tokens", 5L, "cache_read_input_tokens", 1000L),
                Map.of("input_tokens", 100L, "cache_read.input_tokens", 20L, "reasoning.output_tokens", 1L, "output_tokens", 9L),
                Map.of("prompt", 100L, "completion", 50L, "prompt_details.cache_read", 40L),
                Map.of("input", 1L, "output", 2L, "total", 3L));
        for (var shape : shapes) {
            var once = UsageNormalizer.normalize(shape);
            assertThat(UsageNormalizer.normalize(once)).as("normalising %s twice", shape).isEqualTo(once);
            var mapped = UsageNormalizer.fromGenAiAttributes(shape);
            assertThat(UsageNormalizer.fromGenAiAttributes(mapped)).as("mapping %s twice", shape).isEqualTo(mapped);
        }
    }
}
