package io.glasshouse.ingest.pricing;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the usage keys clients send into Langfuse's canonical usage map: {@code input},
 * {@code output}, {@code total} and detail keys such as {@code input_cached_tokens},
 * {@code input_cache_creation}, {@code output_reasoning_tokens}. Detail buckets are disjoint
 * from {@code input}/{@code output}, so {@code total} is their sum and each bucket can carry its
 * own price.
 *
 * <p>Rules (Langfuse's, from its ingestion schema and OTel mapping):
 * <ul>
 *   <li>Langfuse keys pass through; {@code input} is taken to exclude cached tokens already.
 *   <li>OpenAI Chat Completions ({@code prompt_tokens}, {@code completion_tokens},
 *       {@code total_tokens}, {@code prompt_tokens_details.K}, {@code completion_tokens_details.K})
 *       and Responses ({@code input_tokens}, {@code output_tokens}, {@code input_tokens_details.K},
 *       {@code output_tokens_details.K}): each detail becomes {@code input_K} or {@code output_K}
 *       and is subtracted from input or output (OpenAI counts cached and reasoning tokens inside
 *       the prompt and completion counts).
 *   <li>OTel GenAI ({@code input_tokens}, {@code cache_read.input_tokens},
 *       {@code cache_creation.input_tokens}, {@code reasoning.output_tokens}) and OpenInference
 *       ({@code prompt}, {@code completion}, {@code total}, {@code prompt_details.cache_read|audio},
 *       {@code completion_details.reasoning|audio}): the first spelling present wins; cache reads
 *       and writes and input audio are subtracted from input, reasoning and audio from output, never below 0.
 *   <li>Anthropic Messages ({@code input_tokens} with {@code cache_read_input_tokens} /
 *       {@code cache_creation_input_tokens}): Anthropic's input already excludes the cache, so
 *       {@link #normalize} does not subtract them; Langfuse keeps these keys verbatim on its
 *       usage-object path and prices them at the same rates, so cost and total agree. Spans whose
 *       {@code gen_ai.usage.*} attributes use these spellings carry an inclusive input
 *       (OpenLLMetry, LiteLLM): the OTel mapper uses {@link #fromGenAiAttributes}, which
 *       subtracts, as Langfuse's OTel mapping does.
 *   <li>{@code total} is kept when sent, otherwise it is the sum of every other key.
 *   <li>Negative counts, and counts above {@link #MAX_UNITS}, are dropped.
 * </ul>
 */
public final class UsageNormalizer {
    /** Counts above this (a trillion units in one call) are treated as garbage and dropped. */
    public static final long MAX_UNITS = 1_000_000_000_000L;

    private static final int MAX_KEY_LENGTH = 200;

    private static final List<String> INPUT = List.of("prompt_tokens", "input_tokens", "prompt", "promptTokens");
    private static final List<String> OUTPUT = List.of("completion_tokens", "output_tokens", "completion", "completionTokens");
    private static final List<String> TOTAL = List.of("total_tokens", "total", "totalTokens");
    private static final List<String> CACHE_READ = List.of(
            "cache_read.input_tokens",
            "cache_read_input_tokens",
            "cache_read_tokens",
            "details.cache_read_tokens",
            "details.cache_read_input_tokens",
            "prompt_details.cache_read",
            "input_cached_tokens");
    private static final List<String> CACHE_CREATION = List.of(
            "cache_creation.input_tokens",
            "cache_creation_input_tokens",
            "cache_write_tokens",
            "details.cache_write_tokens",
            "details.cache_creation_input_tokens",
            "prompt_details.cache_write",
            "input_cache_creation");
    private static final List<String> REASONING = List.of("reasoning.output_tokens", "completion_details.reasoning");
    private static final List<String> OUTPUT_AUDIO = List.of("completion_details.audio");
    private static final List<String> INPUT_AUDIO = List.of("prompt_details.audio");

    private static final List<String> INPUT_DETAIL_PREFIXES = List.of("prompt_tokens_details.", "input_tokens_details.");
    private static final List<String> OUTPUT_DETAIL_PREFIXES = List.of("completion_tokens_details.", "output_tokens_details.");

    /** Anthropic's own spellings: exclusive of input when they come in a usage object. */
    private static final Set<String> ANTHROPIC_CACHE_KEYS = Set.of("cache_read_input_tokens", "cache_creation_input_tokens");

    private UsageNormalizer() {}

    /**
     * The canonical usage map, with {@code total}, for a usage object as a client sent it
     * (batch {@code usage}/{@code usageDetails}, {@code langfuse.observation.usage_details}, or
     * already-mapped OTel usage). Nested objects arrive flattened with dots
     * ({@code prompt_tokens_details.cached_tokens}). Idempotent.
     */
    public static Map<String, Long> normalize(Map<String, Long> provided) {
        var usage = canonical(provided, false);
        if (!usage.isEmpty() && !usage.containsKey("total")) {
            long sum = 0;
            for (long value : usage.values()) {
                sum += value; // at most MAX_UNITS each: no overflow
            }
            usage.put("total", sum);
        }
        return Map.copyOf(usage);
    }

    /**
     * The sum of two token counts (never negative), held at {@link Long#MAX_VALUE} instead of
     * wrapping: counts that large are a client's bug, and a wrapped, negative sum would fail the
     * whole request when its row is encoded (usage columns are unsigned).
     */
    public static long plus(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Langfuse's mapping of OTel span usage attributes ({@code gen_ai.usage.*} except cost, and
     * {@code llm.token_count.*}, with the prefix stripped): every spelling of a cache count is
     * inside the input count. No {@code total} is added; {@link #normalize} adds it.
     */
    public static Map<String, Long> fromGenAiAttributes(Map<String, Long> attributes) {
        return Map.copyOf(canonical(attributes, true));
    }

    private static TreeMap<String, Long> canonical(Map<String, Long> provided, boolean inclusiveAnthropicSpellings) {
        var clean = new TreeMap<String, Long>();
        provided.forEach((key, value) -> {
            if (key != null && !key.isBlank() && key.length() <= MAX_KEY_LENGTH
                    && value != null && value >= 0 && value <= MAX_UNITS) {
                clean.put(key, value);
            }
        });
        var out = new TreeMap<String, Long>();
        if (clean.isEmpty()) {
            return out;
        }
        var consumed = new HashSet<String>();
        Found input = first(clean, INPUT, consumed);
        Found output = first(clean, OUTPUT, consumed);
        Found total = first(clean, TOTAL, consumed);
        Long canonicalInput = take(clean, "input", consumed);
        Long canonicalOutput = take(clean, "output", consumed);

        var inputDetails = new TreeMap<String, Found>();
        var outputDetails = new TreeMap<String, Found>();
        putFound(inputDetails, "input_cached_tokens", first(clean, CACHE_READ, consumed));
        putFound(inputDetails, "input_cache_creation", first(clean, CACHE_CREATION, consumed));
        putFound(inputDetails, "input_audio_tokens", first(clean, INPUT_AUDIO, consumed));
        putFound(outputDetails, "output_reasoning_tokens", first(clean, REASONING, consumed));
        putFound(outputDetails, "output_audio_tokens", first(clean, OUTPUT_AUDIO, consumed));
        clean.forEach((key, value) -> {
            for (String prefix : INPUT_DETAIL_PREFIXES) {
                if (key.startsWith(prefix) && key.length() > prefix.length()) {
                    consumed.add(key);
                    putFound(inputDetails, "input_" + key.substring(prefix.length()), new Found(key, value));
                }
            }
            for (String prefix : OUTPUT_DETAIL_PREFIXES) {
                if (key.startsWith(prefix) && key.length() > prefix.length()) {
                    consumed.add(key);
                    putFound(outputDetails, "output_" + key.substring(prefix.length()), new Found(key, value));
                }
            }
        });

        if (canonicalInput != null) {
            out.put("input", canonicalInput);
        } else if (input != null) {
            long remainder = input.value();
            for (Found detail : inputDetails.values()) {
                boolean anthropicExclusive = !inclusiveAnthropicSpellings
                        && input.key().equals("input_tokens")
                        && ANTHROPIC_CACHE_KEYS.contains(detail.key());
                if (!anthropicExclusive) {
                    remainder -= detail.value();
                }
            }
            out.put("input", Math.max(remainder, 0));
        }
        if (canonicalOutput != null) {
            out.put("output", canonicalOutput);
        } else if (output != null) {
            long remainder = output.value();
            for (Found detail : outputDetails.values()) {
                remainder -= detail.value();
            }
            out.put("output", Math.max(remainder, 0));
        }
        inputDetails.forEach((name, found) -> out.put(name, found.value()));
        outputDetails.forEach((name, found) -> out.put(name, found.value()));
        if (total != null) {
            out.put("total", total.value());
        }
        clean.forEach((key, value) -> {
            if (consumed.contains(key)) {
                return;
            }
            // gen_ai.usage.details.* (OTel) name buckets below a "details." prefix
            String name = key.startsWith("details.") && key.length() > "details.".length()
                    ? key.substring("details.".length())
                    : key;
            out.putIfAbsent(name, value);
        });
        return out;
    }

    private record Found(String key, long value) {}

    /** The first spelling present wins, like Langfuse's {@code a ?? b ?? c}; all are consumed. */
    private static Found first(Map<String, Long> usage, List<String> spellings, Set<String> consumed) {
        Found found = null;
        for (String key : spellings) {
            Long value = usage.get(key);
            if (value != null) {
                consumed.add(key);
                if (found == null) {
                    found = new Found(key, value);
                }
            }
        }
        return found;
    }

    private static Long take(Map<String, Long> usage, String key, Set<String> consumed) {
        Long value = usage.get(key);
        if (value != null) {
            consumed.add(key);
        }
        return value;
    }

    private static void putFound(Map<String, Found> details, String name, Found found) {
        if (found != null) {
            details.putIfAbsent(name, found);
        }
    }
}
