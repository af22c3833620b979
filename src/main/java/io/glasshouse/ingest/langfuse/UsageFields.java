package io.glasshouse.ingest.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.pricing.UsageNormalizer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage and cost of a generation-like body, as Langfuse reads them: the legacy {@code usage}
 * object ({@code input/output/total/unit/inputCost/...}, or OpenAI-style {@code promptTokens/...}),
 * then {@code usageDetails} (OpenAI Chat Completions or Responses usage, or a plain map of counts)
 * and {@code costDetails} (a map of USD amounts) laid over it key by key.
 */
final class UsageFields {
    /** What the client sent: token counts by usage type, costs in USD by usage type. */
    record Sent(Map<String, Long> usage, Map<String, BigDecimal> cost) {}

    enum Unit {
        CHARACTERS,
        TOKENS,
        SECONDS,
        MILLISECONDS,
        IMAGES,
        REQUESTS
    }

    // Decimal64(12) keeps 6 integer digits; a cost of a million dollars per call is a client bug.
    static final BigDecimal MAX_COST = new BigDecimal("1000000");
    private static final int COST_SCALE = 12;

    private static final Set<String> OPENAI_LEGACY_KEYS = Set.of("promptTokens", "completionTokens", "totalTokens");
    private static final Shape CHAT_COMPLETIONS =
            new Shape("prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details");
    private static final Shape RESPONSES =
            new Shape("input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details");

    /** The two OpenAI usage objects Langfuse recognises exactly (no other keys allowed). */
    private record Shape(String input, String output, String inputDetails, String outputDetails) {
        Set<String> keys() {
            return Set.of(input, output, "total_tokens", inputDetails, outputDetails);
        }
    }

    private UsageFields() {}

    static Sent read(BodyFields body) {
        Map<String, Long> details = usageDetails(body);
        Map<String, Long> usage = new LinkedHashMap<>();
        Map<String, BigDecimal> cost = new LinkedHashMap<>();
        BodyFields legacy = body.object("usage");
        if (legacy != null) {
            legacyUsage(legacy, details.isEmpty(), usage, cost);
        }
        usage.putAll(details);
        cost.putAll(costDetails(body));
        return new Sent(usage, cost);
    }

    private static void legacyUsage(BodyFields legacy, boolean noDetails, Map<String, Long> usage, Map<String, BigDecimal> cost) {
        Long input = count(legacy, "input");
        Long output = count(legacy, "output");
        Long total = count(legacy, "total");
        Long promptTokens = count(legacy, "promptTokens");
        Long completionTokens = count(legacy, "completionTokens");
        Long totalTokens = count(legacy, "totalTokens");
        legacy.oneOf("unit", Unit.class);
        BigDecimal inputCost = amount(legacy, "inputCost");
        BigDecimal outputCost = amount(legacy, "outputCost");
        BigDecimal totalCost = amount(legacy, "totalCost");
        if (OPENAI_LEGACY_KEYS.stream().anyMatch(legacy::has)) {
            // Langfuse reads the OpenAI-style names alone, costs included in nothing.
            input = promptTokens;
            output = completionTokens;
            total = totalTokens;
            inputCost = null;
            outputCost = null;
            totalCost = null;
        }
        if ((total == null || total == 0) && noDetails && (input != null || output != null)) {
            total = UsageNormalizer.plus(input == null ? 0 : input, output == null ? 0 : output);
        } else if (total != null && total == 0) {
            total = null;
        }
        putCount(usage, "input", input);
        putCount(usage, "output", output);
        putCount(usage, "total", total);
        putAmount(cost, "input", inputCost);
        putAmount(cost, "output", outputCost);
        putAmount(cost, "total", totalCost);
    }

    private static Map<String, Long> usageDetails(BodyFields body) {
        BodyFields details = body.object("usageDetails");
        if (details == null) {
            return Map.of();
        }
        for (Shape shape : List.of(CHAT_COMPLETIONS, RESPONSES)) {
            Map<String, Long> openAi = openAiUsage(details, shape);
            if (openAi != null) {
                return openAi;
            }
        }
        // A plain map: non-negative integers (or numeric strings) count, anything else is dropped.
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String key : details.fieldNames()) {
            Long count = lenientCount(details.value(key));
            if (count != null) {
                counts.put(FieldText.wellFormed(key), count);
            }
        }
        return counts;
    }

    // Input and output exclude their detail counts (cached, reasoning, audio tokens), which get
    // keys of their own: input_cached_tokens, output_reasoning_tokens, ...
    private static Map<String, Long> openAiUsage(BodyFields details, Shape shape) {
        if (!shape.keys().containsAll(details.fieldNames())) {
            return null;
        }
        Long input = strictCount(details.value(shape.input()));
        Long output = strictCount(details.value(shape.output()));
        Long total = strictCount(details.value("total_tokens"));
        Map<String, Long> inputDetails = strictCounts(details.value(shape.inputDetails()));
        Map<String, Long> outputDetails = strictCounts(details.value(shape.outputDetails()));
        if (input == null || output == null || total == null || inputDetails == null || outputDetails == null) {
            return null;
        }
        Map<String, Long> usage = new LinkedHashMap<>();
        long netInput = input;
        long netOutput = output;
        for (Map.Entry<String, Long> detail : inputDetails.entrySet()) {
            usage.put("input_" + FieldText.wellFormed(detail.getKey()), detail.getValue());
            netInput = Math.max(netInput - detail.getValue(), 0);
        }
        for (Map.Entry<String, Long> detail : outputDetails.entrySet()) {
            usage.put("output_" + FieldText.wellFormed(detail.getKey()), detail.getValue());
            netOutput = Math.max(netOutput - detail.getValue(), 0);
        }
        usage.put("input", netInput);
        usage.put("output", netOutput);
        usage.put("total", total);
        return usage;
    }

    // Detail objects: null or absent is an empty map; a value that is not a count fails the shape.
    private static Map<String, Long> strictCounts(JsonNode object) {
        if (object == null) {
            return Map.of();
        }
        if (!object.isObject()) {
            return null;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getValue().isNull()) {
                continue;
            }
            Long count = strictCount(entry.getValue());
            if (count == null) {
                return null;
            }
            counts.put(entry.getKey(), count);
        }
        return counts;
    }

    private static Long strictCount(JsonNode value) {
        if (value == null || !value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            return null;
        }
        long count = value.longValue();
        return count < 0 ? null : count;
    }

    // Langfuse keeps numeric strings too (parseInt: leading digits).
    private static Long lenientCount(JsonNode value) {
        if (value != null && value.isTextual()) {
            String text = value.textValue().strip();
            int end = 0;
            while (end < text.length() && end < 18 && Character.isDigit(text.charAt(end))) {
                end++;
            }
            return end == 0 ? null : Long.valueOf(text.substring(0, end));
        }
        return strictCount(value);
    }

    private static Map<String, BigDecimal> costDetails(BodyFields body) {
        BodyFields details = body.object("costDetails");
        if (details == null) {
            return Map.of();
        }
        // As Langfuse: entries that are not non-negative numbers are dropped.
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        for (String key : details.fieldNames()) {
            JsonNode value = details.value(key);
            if (value != null && value.isNumber() && Double.isFinite(value.doubleValue()) && value.doubleValue() >= 0) {
                putAmount(costs, FieldText.wellFormed(key), checkedAmount(details.path(key), value));
            }
        }
        return costs;
    }

    // Legacy counts must be integers when present (Langfuse rejects others); negative ones are dropped.
    private static Long count(BodyFields usage, String field) {
        JsonNode value = usage.value(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !value.canConvertToExactIntegral()) {
            throw usage.wrongType(field, "an integer", value);
        }
        if (!value.canConvertToLong()) {
            throw GlasshouseException.invalid(usage.path(field) + " is too large");
        }
        long count = value.longValue();
        return count < 0 ? null : count;
    }

    private static BigDecimal amount(BodyFields usage, String field) {
        JsonNode value = usage.value(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw usage.wrongType(field, "a number", value);
        }
        return value.doubleValue() < 0 ? null : checkedAmount(usage.path(field), value);
    }

    private static BigDecimal checkedAmount(String name, JsonNode value) {
        BigDecimal amount = BigDecimal.valueOf(value.doubleValue());
        if (!Double.isFinite(value.doubleValue()) || amount.compareTo(MAX_COST) >= 0) {
            throw GlasshouseException.invalid(name + " must be a cost in USD below " + MAX_COST.toPlainString());
        }
        return amount.setScale(COST_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static void putCount(Map<String, Long> usage, String key, Long count) {
        if (count != null) {
            usage.put(key, count);
        }
    }

    private static void putAmount(Map<String, BigDecimal> cost, String key, BigDecimal amount) {
        if (amount != null) {
            cost.put(key, amount);
        }
    }
}
