package io.glasshouse.ingest.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.ingest.pricing.PricingCondition.AttributeIn;
import io.glasshouse.ingest.pricing.PricingCondition.AttributeSource;
import io.glasshouse.ingest.pricing.PricingCondition.Operator;
import io.glasshouse.ingest.pricing.PricingCondition.UsageThreshold;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Glasshouse's price file ({@code model-prices.json}, schema in docs/model-prices.md).
 * Strict: an unknown field, a duplicate id or a bad pattern fails the whole file, so a typo is
 * found by the test suite instead of silently pricing nothing.
 */
final class ModelPriceFile {
    static final String RESOURCE = "/io/glasshouse/ingest/pricing/model-prices.json";
    static final String PRICE_UNIT = "USD per 1000000 units";

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Set<String> FILE_FIELDS = Set.of("$comment", "priceUnit", "models");
    private static final Set<String> MODEL_FIELDS =
            Set.of("id", "modelName", "matchPattern", "startDate", "tokenizer", "prices", "tiers");
    private static final Set<String> TOKENIZER_FIELDS = Set.of("id", "model", "encoding", "tokensPerMessage", "tokensPerName");
    private static final Set<String> TIER_FIELDS = Set.of("name", "priority", "conditions", "prices");
    private static final Set<String> USAGE_CONDITION_FIELDS = Set.of("usageDetailPattern", "operator", "value", "caseSensitive");
    private static final Set<String> ATTRIBUTE_CONDITION_FIELDS = Set.of("source", "key", "operator", "values");

    private ModelPriceFile() {}

    static List<ModelDefinition> shipped() {
        try (InputStream in = ModelPriceFile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("price file " + RESOURCE + " is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static List<ModelDefinition> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("price file is not valid JSON: " + e.getOriginalMessage());
        }
        requireObject(root, "price file");
        onlyFields(root, FILE_FIELDS, "price file");
        if (!PRICE_UNIT.equals(text(root, "priceUnit", "price file"))) {
            throw new IllegalArgumentException("price file priceUnit must be '" + PRICE_UNIT + "'");
        }
        JsonNode models = root.get("models");
        if (models == null || !models.isArray()) {
            throw new IllegalArgumentException("price file needs a 'models' array");
        }
        var definitions = new ArrayList<ModelDefinition>();
        var ids = new HashSet<String>();
        for (JsonNode model : models) {
            ModelDefinition definition = model(model);
            if (!ids.add(definition.id())) {
                throw new IllegalArgumentException("duplicate model id '" + definition.id() + "'");
            }
            definitions.add(definition);
        }
        return List.copyOf(definitions);
    }

    private static ModelDefinition model(JsonNode node) {
        requireObject(node, "model");
        String id = text(node, "id", "model");
        String where = "model '" + id + "'";
        onlyFields(node, MODEL_FIELDS, where);
        try {
            var tiers = new ArrayList<PricingTier>();
            tiers.add(PricingTier.standard(id, prices(node.get("prices"), where)));
            JsonNode extra = node.get("tiers");
            if (extra != null) {
                if (!extra.isArray()) {
                    throw new IllegalArgumentException(where + ": 'tiers' must be an array");
                }
                for (JsonNode tier : extra) {
                    tiers.add(tier(id, tier, where));
                }
            }
            return new ModelDefinition(
                    id,
                    null,
                    text(node, "modelName", where),
                    text(node, "matchPattern", where),
                    startDate(node, where),
                    tokenizer(node.get("tokenizer"), where),
                    tiers);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(message.startsWith(where) ? message : where + ": " + message, e);
        }
    }

    private static Instant startDate(JsonNode node, String where) {
        JsonNode value = node.get("startDate");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": startDate must be an ISO-8601 instant such as 2025-01-01T00:00:00Z");
        }
    }

    private static TokenizerConfig tokenizer(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        requireObject(node, where + " tokenizer");
        onlyFields(node, TOKENIZER_FIELDS, where + " tokenizer");
        return new TokenizerConfig(
                text(node, "id", where + " tokenizer"),
                optionalText(node, "model"),
                optionalText(node, "encoding"),
                optionalInt(node, "tokensPerMessage"),
                optionalInt(node, "tokensPerName"));
    }

    private static PricingTier tier(String modelId, JsonNode node, String where) {
        requireObject(node, where + " tier");
        onlyFields(node, TIER_FIELDS, where + " tier");
        JsonNode priority = node.get("priority");
        if (priority == null || !priority.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": tier priority must be an integer");
        }
        JsonNode conditions = node.get("conditions");
        if (conditions == null || !conditions.isArray()) {
            throw new IllegalArgumentException(where + ": tier needs a 'conditions' array");
        }
        var parsed = new ArrayList<PricingCondition>();
        for (JsonNode condition : conditions) {
            parsed.add(condition(condition, where));
        }
        return new PricingTier(
                modelId + "-tier-" + priority.intValue(),
                text(node, "name", where + " tier"),
                false,
                priority.intValue(),
                parsed,
                prices(node.get("prices"), where));
    }

    private static PricingCondition condition(JsonNode node, String where) {
        requireObject(node, where + " condition");
        if (node.has("source")) {
            onlyFields(node, ATTRIBUTE_CONDITION_FIELDS, where + " condition");
            if (!"in".equals(text(node, "operator", where + " condition"))) {
                throw new IllegalArgumentException(where + ": attribute conditions use the operator 'in'");
            }
            JsonNode values = node.get("values");
            if (values == null || !values.isArray()) {
                throw new IllegalArgumentException(where + ": attribute condition needs a 'values' array");
            }
            var list = new ArrayList<String>();
            values.forEach(value -> list.add(value.asText()));
            return new AttributeIn(
                    AttributeSource.fromWireName(text(node, "source", where)), text(node, "key", where), list);
        }
        onlyFields(node, USAGE_CONDITION_FIELDS, where + " condition");
        JsonNode value = node.get("value");
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException(where + ": usage condition needs a numeric 'value'");
        }
        JsonNode caseSensitive = node.get("caseSensitive");
        return new UsageThreshold(
                text(node, "usageDetailPattern", where),
                Operator.fromWireName(text(node, "operator", where)),
                value.decimalValue(),
                caseSensitive != null && caseSensitive.asBoolean());
    }

    /** Per-million prices in the file, per-unit prices in memory. */
    private static Map<String, BigDecimal> prices(JsonNode node, String where) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException(where + ": 'prices' must be a non-empty object");
        }
        var prices = new LinkedHashMap<String, BigDecimal>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isNumber()) {
                throw new IllegalArgumentException(where + ": price of '" + entry.getKey() + "' must be a number");
            }
            BigDecimal perUnit = entry.getValue().decimalValue().divide(MILLION);
            prices.put(entry.getKey(), perUnit.signum() == 0 ? BigDecimal.ZERO : perUnit.stripTrailingZeros());
        }
        return prices;
    }

    private static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String field = entry.getKey();
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException(where + ": unknown field '" + field + "'");
            }
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer optionalInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return value.intValue();
    }
}
