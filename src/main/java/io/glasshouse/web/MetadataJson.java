package io.glasshouse.web;

import io.glasshouse.ingest.pricing.ModelDefinition;
import io.glasshouse.ingest.pricing.PricingTierJson;
import io.glasshouse.ingest.pricing.ProjectModels;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.model.ScoreDataType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Score configs and models in the JSON shapes of Langfuse's public API (ScoreConfig, Model). */
final class MetadataJson {
    private MetadataJson() {}

    static Map<String, Object> scoreConfig(ScoreConfig config) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", config.id());
        json.put("projectId", config.projectId().value());
        json.put("name", config.name());
        json.put("dataType", config.dataType().name());
        json.put("isArchived", config.archived());
        json.put("minValue", number(config.minValue()));
        json.put("maxValue", number(config.maxValue()));
        json.put("categories", config.dataType() == ScoreDataType.NUMERIC ? null : categories(config.categories()));
        json.put("description", config.description());
        json.put("createdAt", EventJson.iso(config.createdAt()));
        json.put("updatedAt", EventJson.iso(config.updatedAt()));
        return json;
    }

    private static List<Map<String, Object>> categories(List<ScoreConfig.Category> categories) {
        return categories.stream().map(category -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("label", category.label());
            json.put("value", number(category.value()));
            return json;
        }).toList();
    }

    // Whole numbers as Langfuse's JavaScript writes them: 1, not 1.0.
    private static Number number(Double value) {
        if (value == null) {
            return null;
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) value.longValue() : value;
    }

    /**
     * Langfuse's Model: the flat {@code inputPrice}/{@code outputPrice}/{@code totalPrice} and
     * {@code prices} come from the default tier, {@code pricingTiers} lists every tier.
     */
    static Map<String, Object> model(ProjectModels.Model model) {
        ModelDefinition definition = model.definition();
        Map<String, BigDecimal> defaultPrices = definition.defaultTier().prices();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", definition.id());
        json.put("modelName", definition.modelName());
        json.put("matchPattern", definition.matchPattern());
        json.put("startDate", EventJson.iso(definition.startDate()));
        json.put("unit", model.unit());
        json.put("inputPrice", defaultPrices.get("input"));
        json.put("outputPrice", defaultPrices.get("output"));
        json.put("totalPrice", defaultPrices.get("total"));
        json.put("tokenizerId", model.tokenizerId());
        json.put("tokenizerConfig", model.tokenizerConfig());
        json.put("isLangfuseManaged", model.isLangfuseManaged());
        json.put("createdAt", EventJson.iso(model.createdAt()));
        Map<String, Object> prices = new LinkedHashMap<>();
        defaultPrices.forEach((key, price) -> prices.put(key, Map.of("price", price)));
        json.put("prices", prices);
        json.put("pricingTiers", PricingTierJson.tiers(definition.pricingTiers()));
        return json;
    }
}
