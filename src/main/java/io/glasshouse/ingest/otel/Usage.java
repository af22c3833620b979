package io.glasshouse.ingest.otel;

import io.glasshouse.ingest.pricing.UsageNormalizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token usage and cost in Langfuse's keys: {@code input}, {@code output}, {@code total} and detail
 * keys such as {@code input_cached_tokens}, {@code input_cache_creation},
 * {@code output_reasoning_tokens}, {@code output_audio_tokens}. As in Langfuse, the detail counts
 * are subtracted from {@code input}/{@code output}, so the keys add up without double counting.
 * Sources, first that has usage wins: {@code langfuse.observation.usage_details} (JSON, plain or
 * OpenAI-shaped), Vercel AI SDK {@code ai.usage.*} with {@code gen_ai.usage.*}, then every
 * {@code gen_ai.usage.*} and OpenInference {@code llm.token_count.*} key (plus OpenLLMetry's
 * {@code llm.usage.total_tokens}).
 */
final class Usage {
    static final String USAGE_DETAILS = "langfuse.observation.usage_details";
    static final String COST_DETAILS = "langfuse.observation.cost_details";
    static final double MAX_COST = 1_000_000;
    private static final int COST_SCALE = 12;


    private Usage() {}

    static Map<String, Long> extract(SpanAttributes a, boolean vercel) {
        ObjectNode sent = OtelValues.parseObject(a.text(USAGE_DETAILS));
        if (sent != null) {
            a.consume(USAGE_DETAILS);
            return LangfuseUsage.normalise(sent);
        }
        if (vercel) {
            return VercelUsage.extract(a);
        }
        return generic(a);
    }

    /** Langfuse's mapping of gen_ai.usage.* and llm.token_count.* keys. */
    private static Map<String, Long> generic(SpanAttributes a) {
        Map<String, Long> raw = new LinkedHashMap<>();
        for (String key : a.keysStartingWith("gen_ai.usage.")) {
            if (!key.equals("gen_ai.usage.cost")) {
                putWhole(a, key, key.substring("gen_ai.usage.".length()), raw);
            }
        }
        for (String key : a.keysStartingWith("llm.token_count.")) {
            putWhole(a, key, key.substring("llm.token_count.".length()), raw);
        }
        if (!raw.containsKey("total_tokens") && !raw.containsKey("total")) {
            putWhole(a, "llm.usage.total_tokens", "total_tokens", raw);
        }
        // One normaliser for every path (batch, OTel, Langfuse usage_details): the same
        // spellings, the same subtraction of cache/reasoning/audio details, never twice.
        return raw.isEmpty() ? Map.of() : UsageNormalizer.fromGenAiAttributes(raw);
    }

    /**
     * {@code langfuse.observation.cost_details}, else {@code gen_ai.usage.cost}, else OpenInference
     * {@code llm.cost.*}. Only amounts the batch API accepts count (see {@link #amount}); an
     * attribute holding another value is left in metadata.
     */
    static Map<String, BigDecimal> cost(SpanAttributes a) {
        ObjectNode sent = OtelValues.parseObject(a.text(COST_DETAILS));
        Map<String, BigDecimal> cost = new LinkedHashMap<>();
        if (sent != null) {
            a.consume(COST_DETAILS);
            sent.properties().forEach(e -> {
                BigDecimal value = amount(OtelValues.decimal(e.getValue()));
                if (value != null) {
                    cost.put(e.getKey(), value);
                }
            });
            return cost;
        }
        BigDecimal total = takeAmount(a, "gen_ai.usage.cost");
        if (total != null) {
            cost.put("total", total);
            return cost;
        }
        putIfPresent(cost, "input", takeAmount(a, "llm.cost.prompt"));
        putIfPresent(cost, "output", takeAmount(a, "llm.cost.completion"));
        putIfPresent(cost, "total", takeAmount(a, "llm.cost.total"));
        return cost;
    }

    /**
     * A cost in USD as the batch API accepts one: finite, not negative and below a million dollars
     * (the store keeps six integer digits; one amount it cannot hold fails the whole insert), at
     * most twelve decimals; null for anything else. Goes through double, as the batch API does, so
     * a sent "1e-999999999" or a number with a million digits costs no more than any other.
     */
    static BigDecimal amount(BigDecimal sent) {
        if (sent == null) {
            return null;
        }
        double value = sent.doubleValue();
        if (!Double.isFinite(value) || value < 0 || value >= MAX_COST) {
            return null;
        }
        return BigDecimal.valueOf(value).setScale(COST_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static BigDecimal takeAmount(SpanAttributes a, String key) {
        BigDecimal value = amount(OtelValues.decimal(a.json(key)));
        if (value != null) {
            a.consume(key);
        }
        return value;
    }

    static void putWhole(SpanAttributes a, String attribute, String key, Map<String, Long> into) {
        Long value = a.takeWholeNumber(attribute);
        if (value != null) {
            into.putIfAbsent(key, value);
        }
    }

    static BigDecimal takeDecimal(SpanAttributes a, String key) {
        BigDecimal value = OtelValues.decimal(a.json(key));
        if (value != null) {
            a.consume(key);
        }
        return value;
    }

    static long zero(Long value) {
        return value == null ? 0 : value;
    }

    static <V> void putIfPresent(Map<String, V> map, String key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static Long whole(JsonNode node) {
        return OtelValues.wholeNumber(node);
    }
}
