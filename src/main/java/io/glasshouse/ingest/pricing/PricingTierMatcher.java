package io.glasshouse.ingest.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.ingest.pricing.PricingCondition.AttributeIn;
import io.glasshouse.ingest.pricing.PricingCondition.UsageThreshold;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Picks the pricing tier of a model for one observation, as Langfuse does: non-default tiers by
 * ascending priority, the first whose conditions all hold; otherwise the default tier. A usage
 * condition sums the usage keys its regex finds (case-insensitive unless told otherwise); an
 * attribute condition compares a top-level model parameter or metadata value, as text.
 */
final class PricingTierMatcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BoundedRegex regexes = new BoundedRegex();

    PricingTier match(ModelDefinition model, Map<String, Long> usage, String modelParameters, Map<String, String> metadata) {
        // Parsed only when a condition reads them: most tiers test usage alone.
        Map<String, String> parameters = null;
        for (PricingTier tier : model.pricingTiers()) {
            if (tier.isDefault()) {
                continue;
            }
            boolean all = true;
            for (PricingCondition condition : tier.conditions()) {
                all = switch (condition) {
                    case UsageThreshold threshold -> threshold.holds(sum(threshold, usage));
                    case AttributeIn attribute -> {
                        if (attribute.source() == PricingCondition.AttributeSource.MODEL_PARAMETERS && parameters == null) {
                            parameters = topLevelValues(modelParameters);
                        }
                        Map<String, String> values = switch (attribute.source()) {
                            case MODEL_PARAMETERS -> parameters;
                            case METADATA -> metadata;
                        };
                        String value = values.get(attribute.key());
                        yield value != null && attribute.values().contains(value);
                    }
                };
                if (!all) {
                    break;
                }
            }
            if (all) {
                return tier;
            }
        }
        return model.defaultTier();
    }

    private BigDecimal sum(UsageThreshold threshold, Map<String, Long> usage) {
        var pattern = regexes.compile(threshold.usageDetailPattern(), !threshold.caseSensitive());
        long sum = 0;
        for (Map.Entry<String, Long> entry : usage.entrySet()) {
            if (BoundedRegex.find(pattern, entry.getKey())) {
                sum = UsageNormalizer.plus(sum, entry.getValue());
            }
        }
        return BigDecimal.valueOf(sum);
    }

    /** Top-level string, number and boolean values of a JSON object, as text; anything else is empty. */
    static Map<String, String> topLevelValues(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        var values = new HashMap<String, String>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                values.put(field.getKey(), value.textValue());
            } else if (value.isBoolean()) {
                values.put(field.getKey(), Boolean.toString(value.booleanValue()));
            } else if (value.isNumber()) {
                values.put(field.getKey(), javaScriptNumber(value));
            }
        }
        return values;
    }

    /** {@code String(n)} in JavaScript for the common cases: 1.0 is "1", 0.5 is "0.5". */
    private static String javaScriptNumber(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        BigDecimal decimal = value.decimalValue().stripTrailingZeros();
        return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
    }
}
