package io.glasshouse.ingest.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.model.ProjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TestModelPriceFile {
    private static final List<ModelDefinition> SHIPPED = ModelPrices.shippedDefinitions();
    private static final ProjectId PROJECT = new ProjectId("price-file");
    private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");

    @Test
    void parsesWithUniqueIds() {
        assertThat(SHIPPED).hasSizeGreaterThan(150);
        var ids = new HashSet<String>();
        for (ModelDefinition definition : SHIPPED) {
            assertThat(ids.add(definition.id())).as("unique id %s", definition.id()).isTrue();
            assertThat(definition.isBuiltIn()).isTrue();
        }
    }

    @Test
    void everyPatternCompilesIsCaseInsensitiveAndMatchesItsOwnModelName() {
        for (ModelDefinition definition : SHIPPED) {
            Pattern pattern = Pattern.compile(definition.matchPattern());
            assertThat(definition.matchPattern()).as(definition.id()).startsWith("(?i)");
            assertThat(pattern.matcher(sentName(definition)).find()).as(definition.id()).isTrue();
            assertThat(pattern.matcher(sentName(definition).toUpperCase()).find()).as(definition.id()).isTrue();
        }
    }

    @Test
    void everyModelNameResolvesToItsOwnDefinition() {
        var prices = new ModelPrices(SHIPPED, ProjectModelPrices.none());
        for (ModelDefinition definition : SHIPPED) {
            assertThat(prices.match(PROJECT, sentName(definition), NOW))
                    .as(definition.modelName())
                    .map(ModelDefinition::id)
                    .contains(definition.id());
        }
    }

    /**
     * The name a client sends for this model. A fine-tuned family ("ft:gpt-3.5-turbo-0613") is
     * named by its prefix; clients send the full job name, organisation and id included.
     */
    private static String sentName(ModelDefinition definition) {
        return definition.modelName().startsWith("ft:") ? definition.modelName() + ":acme:custom:abc123" : definition.modelName();
    }

    @Test
    void coversTheMajorModelFamilies() {
        var prices = new ModelPrices(SHIPPED, ProjectModelPrices.none());
        for (String name : List.of(
                "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o1", "o3", "o3-mini", "o4-mini",
                "gpt-5", "gpt-5-mini", "gpt-5-nano", "text-embedding-3-small", "text-embedding-3-large",
                "text-embedding-ada-002", "claude-3-opus-20240229", "claude-3-haiku-20240307", "claude-3-5-sonnet-20241022",
                "claude-3-5-haiku-20241022", "claude-3.7-sonnet-20250219", "claude-sonnet-4-20250514", "claude-opus-4-20250514",
                "claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5", "gemini-1.5-pro-latest",
                "gemini-2.0-flash", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite")) {
            assertThat(prices.match(PROJECT, name, NOW)).as(name).isPresent();
        }
    }

    @Test
    void readsPricesPerMillionIntoPricesPerUnit() {
        assertThat(price("gpt-4o", "input")).isEqualByComparingTo("0.0000025");
        assertThat(price("gpt-4o", "output")).isEqualByComparingTo("0.00001");
        assertThat(price("gpt-4o", "input_cached_tokens")).isEqualByComparingTo("0.00000125");
        assertThat(price("claude-sonnet-4-5-20250929", "cache_read_input_tokens")).isEqualByComparingTo("0.0000003");
        assertThat(price("claude-sonnet-4-5-20250929", "input_cache_creation")).isEqualByComparingTo("0.00000375");
        assertThat(price("text-embedding-3-small", "total")).isEqualByComparingTo("0.00000002");
    }

    @Test
    void readsTokenizersAndTiers() {
        var gpt4o = definition("gpt-4o");
        assertThat(gpt4o.tokenizer()).isEqualTo(TokenizerConfig.openAiChat("gpt-4o", "o200k_base", 3, 1));
        assertThat(gpt4o.pricingTiers()).extracting(PricingTier::name).containsExactly("Standard", "Fast mode");
        assertThat(gpt4o.pricingTiers().get(1).conditions()).containsExactly(new PricingCondition.AttributeIn(
                PricingCondition.AttributeSource.MODEL_PARAMETERS, "service_tier", List.of("fast", "priority")));
        assertThat(definition("gpt-5").tokenizer().encoding()).isEqualTo("o200k_base");
        assertThat(definition("gpt-4").tokenizer().encoding()).isEqualTo("cl100k_base");
        assertThat(definition("text-embedding-3-large").tokenizer()).isEqualTo(
                TokenizerConfig.openAi("text-embedding-ada-002", "cl100k_base"));
        assertThat(definition("claude-opus-4-5-20251101").tokenizer()).isEqualTo(TokenizerConfig.claude());
        assertThat(definition("gemini-2.5-pro").tokenizer()).isNull();
        assertThat(definition("gemini-2.5-pro").pricingTiers().get(1).conditions()).containsExactly(
                new PricingCondition.UsageThreshold(
                        "(input|prompt|cached)", PricingCondition.Operator.GT, new BigDecimal("200000"), false));
    }

    @Test
    void readsLangfuseStyleTokenizerConfigsAsLangfuseDoes() {
        assertThat(TokenizerConfig.fromLangfuse("openai", "gpt-4", 3, 1))
                .contains(TokenizerConfig.openAiChat("gpt-4", "cl100k_base", 3, 1));
        // a tiktoken model that is not a chat model: text counted as is
        assertThat(TokenizerConfig.fromLangfuse("openai", "gpt-4-turbo-2024-04-09", 3, 1))
                .contains(TokenizerConfig.openAi("gpt-4-turbo-2024-04-09", "cl100k_base"));
        assertThat(TokenizerConfig.fromLangfuse("openai", "text-davinci-003", null, null))
                .contains(TokenizerConfig.openAi("text-davinci-003", "p50k_base"));
        assertThat(TokenizerConfig.fromLangfuse("openai", "gpt-4o-mini", 3, 1))
                .contains(TokenizerConfig.openAiChat("gpt-4o-mini", "o200k_base", 3, 1));
        assertThat(TokenizerConfig.fromLangfuse("openai", "llama-3", 3, 1)).isEmpty();
        assertThat(TokenizerConfig.fromLangfuse("claude", null, null, null)).contains(TokenizerConfig.claude());
        assertThat(TokenizerConfig.fromLangfuse(null, null, null, null)).isEmpty();
        assertThatThrownBy(() -> TokenizerConfig.openAi("gpt-4", "cl200k_base")).hasMessageContaining("unknown tiktoken encoding");
    }

    @Test
    void rejectsUnknownFieldsDuplicatesAndBadPatterns() {
        String model = """
                {"id": "m", "modelName": "m", "matchPattern": "(?i)^m$", "prices": {"input": 1}%s}""";
        assertThat(ModelPrices.parsePriceFile(file(model.formatted(""))))
                .singleElement()
                .satisfies(definition -> assertThat(definition.defaultTier().prices().get("input"))
                        .isEqualByComparingTo("0.000001"));
        assertThatThrownBy(() -> ModelPrices.parsePriceFile(file(model.formatted(", \"inputPrice\": 1"))))
                .hasMessageContaining("unknown field 'inputPrice'");
        assertThatThrownBy(() -> ModelPrices.parsePriceFile(file(model.formatted("") + ", " + model.formatted(""))))
                .hasMessageContaining("duplicate model id 'm'");
        assertThatThrownBy(() -> ModelPrices.parsePriceFile(file(model.formatted("").replace("(?i)^m$", "(?i)^(m$"))))
                .hasMessageContaining("not a valid regex");
        assertThatThrownBy(() -> ModelPrices.parsePriceFile(
                        file(model.formatted("")).replace(ModelPriceFile.PRICE_UNIT, "USD per token")))
                .hasMessageContaining("priceUnit");
        assertThatThrownBy(() -> ModelPrices.parsePriceFile(file(model.formatted(", \"startDate\": \"yesterday\""))))
                .hasMessageContaining("startDate");
    }

    private static String file(String models) {
        return """
                {"priceUnit": "%s", "models": [%s]}""".formatted(ModelPriceFile.PRICE_UNIT, models);
    }

    private static ModelDefinition definition(String id) {
        return SHIPPED.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    private static BigDecimal price(String id, String usageKey) {
        return definition(id).defaultTier().prices().get(usageKey);
    }
}
