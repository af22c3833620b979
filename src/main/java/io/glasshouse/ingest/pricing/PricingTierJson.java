package io.glasshouse.ingest.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.pricing.PricingCondition.AttributeIn;
import io.glasshouse.ingest.pricing.PricingCondition.AttributeSource;
import io.glasshouse.ingest.pricing.PricingCondition.Operator;
import io.glasshouse.ingest.pricing.PricingCondition.UsageThreshold;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Pricing tiers, conditions and prices in Langfuse's JSON shape ({@code PricingTierInput} in,
 * {@code PricingTier} out), for the models API and for the text the metadata store keeps. Reading
 * fails with INVALID_REQUEST naming the field by its path, e.g. {@code pricingTiers[1].priority}.
 */
public final class PricingTierJson {
    static final int MAX_TIER_NAME_LENGTH = 100;
    static final int MAX_PATTERN_LENGTH = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private PricingTierJson() {}

    /** Langfuse's {@code pricingTiers} of a model: id, name, isDefault, priority, conditions, prices. */
    public static ArrayNode tiers(List<PricingTier> tiers) {
        ArrayNode array = NODES.arrayNode();
        for (PricingTier tier : tiers) {
            ObjectNode json = array.addObject();
            json.put("id", tier.id());
            json.put("name", tier.name());
            json.put("isDefault", tier.isDefault());
            json.put("priority", tier.priority());
            json.set("conditions", conditions(tier.conditions()));
            json.set("prices", prices(tier.prices()));
        }
        return array;
    }

    /** Usage key to USD per unit. */
    public static ObjectNode prices(Map<String, BigDecimal> prices) {
        ObjectNode json = NODES.objectNode();
        prices.forEach(json::put);
        return json;
    }

    static ArrayNode conditions(List<PricingCondition> conditions) {
        ArrayNode array = NODES.arrayNode();
        for (PricingCondition condition : conditions) {
            ObjectNode json = array.addObject();
            switch (condition) {
                case UsageThreshold usage -> {
                    json.put("usageDetailPattern", usage.usageDetailPattern());
                    json.put("operator", usage.operator().wireName());
                    json.put("value", usage.value());
                    json.put("caseSensitive", usage.caseSensitive());
                }
                case AttributeIn attribute -> {
                    json.put("source", attribute.source().wireName());
                    json.put("key", attribute.key());
                    json.put("operator", "in");
                    ArrayNode values = json.putArray("values");
                    attribute.values().forEach(values::add);
                }
            }
        }
        return array;
    }

    /** A tier's input as the API sends it, before ids are given: see {@link #tier}. */
    record TierInput(String name, boolean isDefault, int priority, List<PricingCondition> conditions, Map<String, BigDecimal> prices) {}

    /** Reads one {@code PricingTierInput}; {@code path} names it in messages. */
    static TierInput tier(JsonNode node, String path) {
        requireObject(node, path);
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.textValue().strip().isEmpty()) {
            throw GlasshouseException.invalid(path + ".name is required and must be a non-empty string");
        }
        String name = nameNode.textValue().strip();
        if (name.length() > MAX_TIER_NAME_LENGTH) {
            throw GlasshouseException.invalid(path + ".name must be at most " + MAX_TIER_NAME_LENGTH + " characters");
        }
        JsonNode isDefault = node.get("isDefault");
        if (isDefault != null && !isDefault.isNull() && !isDefault.isBoolean()) {
            throw GlasshouseException.invalid(path + ".isDefault must be true or false");
        }
        JsonNode priority = node.get("priority");
        if (priority == null || !priority.isIntegralNumber() || !priority.canConvertToInt()
                || priority.intValue() < 0 || priority.intValue() > 999) {
            throw GlasshouseException.invalid(path + ".priority must be an integer from 0 to 999");
        }
        JsonNode conditions = node.get("conditions");
        if (conditions == null || !conditions.isArray()) {
            throw GlasshouseException.invalid(path + ".conditions must be an array ([] for the default tier)");
        }
        List<PricingCondition> parsed = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            parsed.add(condition(conditions.get(i), path + ".conditions[" + i + "]"));
        }
        return new TierInput(name, isDefault != null && isDefault.asBoolean(), priority.intValue(), parsed,
                prices(node.get("prices"), path + ".prices"));
    }

    /** Usage key to a non-negative price per unit; at least one. */
    static Map<String, BigDecimal> prices(JsonNode node, String path) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw GlasshouseException.invalid(path + " must be an object with at least one price, e.g. {\"input\": 0.000001}");
        }
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String where = path + "." + entry.getKey();
            if (entry.getKey().isBlank()) {
                throw GlasshouseException.invalid(path + " has an empty usage key");
            }
            prices.put(entry.getKey(), nonNegative(entry.getValue(), where));
        }
        return prices;
    }

    /** A non-negative, finite number, exactly as sent. */
    static BigDecimal nonNegative(JsonNode value, String path) {
        if (value == null || !value.isNumber()) {
            throw GlasshouseException.invalid(path + " must be a non-negative number");
        }
        if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
            throw GlasshouseException.invalid(path + " must be a finite number");
        }
        BigDecimal price = value.decimalValue();
        if (price.signum() < 0) {
            throw GlasshouseException.invalid(path + " must not be negative");
        }
        if (price.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = price.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped; // 200000, not 2E+5
    }

    private static PricingCondition condition(JsonNode node, String path) {
        requireObject(node, path);
        JsonNode operator = node.get("operator");
        String operatorName = operator != null && operator.isTextual() ? operator.textValue() : null;
        if (node.has("source")) {
            AttributeSource source = attributeSource(node.get("source"), path);
            if (!"in".equals(operatorName)) {
                throw GlasshouseException.invalid(path + ".operator must be \"in\" for a " + source.wireName() + " condition");
            }
            JsonNode key = node.get("key");
            if (key == null || !key.isTextual() || key.textValue().isEmpty() || key.textValue().length() > 200) {
                throw GlasshouseException.invalid(path + ".key must be a string of 1-200 characters");
            }
            JsonNode values = node.get("values");
            if (values == null || !values.isArray() || values.isEmpty()) {
                throw GlasshouseException.invalid(path + ".values must be a non-empty array of strings");
            }
            List<String> list = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                JsonNode value = values.get(i);
                if (!value.isTextual() || value.textValue().isEmpty()) {
                    throw GlasshouseException.invalid(path + ".values[" + i + "] must be a non-empty string");
                }
                list.add(value.textValue());
            }
            return new AttributeIn(source, key.textValue(), list);
        }
        JsonNode pattern = node.get("usageDetailPattern");
        if (pattern == null || !pattern.isTextual()) {
            throw GlasshouseException.invalid(path + " needs usageDetailPattern (a usage condition) or source (an attribute condition)");
        }
        String regex = pattern.textValue();
        if (regex.isEmpty() || regex.length() > MAX_PATTERN_LENGTH) {
            throw GlasshouseException.invalid(path + ".usageDetailPattern must be 1-" + MAX_PATTERN_LENGTH + " characters");
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw GlasshouseException.invalid(path + ".usageDetailPattern is not a valid regex: " + e.getDescription());
        }
        Operator parsedOperator;
        try {
            parsedOperator = Operator.fromWireName(operatorName);
        } catch (IllegalArgumentException e) {
            throw GlasshouseException.invalid(path + ".operator must be one of gt, gte, lt, lte, eq, neq");
        }
        BigDecimal value = nonNegative(node.get("value"), path + ".value");
        JsonNode caseSensitive = node.get("caseSensitive");
        if (caseSensitive != null && !caseSensitive.isNull() && !caseSensitive.isBoolean()) {
            throw GlasshouseException.invalid(path + ".caseSensitive must be true or false");
        }
        return new UsageThreshold(regex, parsedOperator, value, caseSensitive != null && caseSensitive.asBoolean());
    }

    private static AttributeSource attributeSource(JsonNode source, String path) {
        try {
            return AttributeSource.fromWireName(source != null && source.isTextual() ? source.textValue() : "");
        } catch (IllegalArgumentException e) {
            throw GlasshouseException.invalid(path + ".source must be model_parameters or metadata");
        }
    }

    private static void requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw GlasshouseException.invalid(path + " must be an object");
        }
    }
}
