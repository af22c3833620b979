package io.glasshouse.ingest.pricing;

import static io.glasshouse.ingest.pricing.TestingObservations.PROJECT;
import static io.glasshouse.ingest.pricing.TestingObservations.generation;
import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestModelPricing {
    /** OpenAI's cookbook example; the API counted 129 prompt tokens on gpt-4-0613 and 127 on gpt-3.5-turbo-0301. */
    private static final String COOKBOOK_MESSAGES = """
            [
              {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
              {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
              {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
              {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
              {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
              {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}
            ]""";

    private final InMemoryProjectModelPrices projectModels = new InMemoryProjectModelPrices();
    private final ModelPricing pricing = new ModelPricing(ModelPrices.withShippedPrices(projectModels));

    @Test
    void pricesAnthropicCacheReadsAndWritesAtTheirOwnRates() {
        var row = pricing.price(generation("claude-sonnet-4-5-20250929")
                .usage(Map.of(
                        "input_tokens", 1_000L,
                        "output_tokens", 500L,
                        "cache_read_input_tokens", 10_000L,
                        "cache_creation_input_tokens", 2_000L))
                .build());
        assertThat(row.internalModelId()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(row.usageDetails()).isEqualTo(Map.of(
                "input", 1_000L, "output", 500L, "input_cached_tokens", 10_000L, "input_cache_creation", 2_000L, "total", 13_500L));
        // $3, $15, $0.30 and $3.75 per million tokens
        assertCosts(row, Map.of(
                "input", "0.003", "output", "0.0075", "input_cached_tokens", "0.003", "input_cache_creation", "0.0075"), "0.021");
    }

    @Test
    void pricesOpenAiCachedTokensOutsideTheInput() {
        var row = pricing.price(generation("openai/gpt-4o")
                .usage(Map.of(
                        "prompt_tokens", 1_000L,
                        "completion_tokens", 200L,
                        "total_tokens", 1_200L,
                        "prompt_tokens_details.cached_tokens", 400L))
                .build());
        assertThat(row.usageDetails()).isEqualTo(Map.of("input", 600L, "input_cached_tokens", 400L, "output", 200L, "total", 1_200L));
        // $2.50 input, $1.25 cached, $10 output per million
        assertCosts(row, Map.of("input", "0.0015", "input_cached_tokens", "0.0005", "output", "0.002"), "0.004");
    }

    @Test
    void embeddingsArePricedOnTheirTotal() {
        var row = pricing.price(generation("text-embedding-3-small").type(ObservationType.EMBEDDING)
                .usage(Map.of("input", 1_000L))
                .build());
        assertThat(row.usageDetails()).isEqualTo(Map.of("input", 1_000L, "total", 1_000L));
        assertCosts(row, Map.of("total", "0.00002"), "0.00002");
    }

    @Test
    void costsCarryAtLeastTwelveDecimals() {
        var row = pricing.price(generation("gpt-4o").usage(Map.of("input", 1L)).build());
        assertThat(row.totalCost().scale()).isGreaterThanOrEqualTo(12);
        assertThat(row.totalCost()).isEqualByComparingTo("0.0000025");
        row.costDetails().values().forEach(cost -> assertThat(cost.scale()).isGreaterThanOrEqualTo(12));
    }

    @Test
    void aServiceTierModelParameterSelectsTheFastTier() {
        var row = pricing.price(generation("gpt-4o")
                .usage(Map.of("input", 1_000L, "output", 100L))
                .modelParameters("{\"temperature\": 0.2, \"service_tier\": \"priority\"}")
                .build());
        // Fast mode: $4.25 input, $17 output per million
        assertCosts(row, Map.of("input", "0.00425", "output", "0.0017"), "0.00595");
    }

    @Test
    void aLargePromptSelectsTheLargeContextTier() {
        var small = pricing.price(generation("gemini-2.5-pro").usage(Map.of("input", 200_000L, "output", 1_000L)).build());
        assertCosts(small, Map.of("input", "0.25", "output", "0.01"), "0.26");
        var large = pricing.price(generation("gemini-2.5-pro")
                .usage(Map.of("input", 150_000L, "input_cached_tokens", 60_000L, "output", 1_000L))
                .build());
        // 210k tokens match (input|prompt|cached): $2.50 input, $0.25 cached, $15 output per million
        assertCosts(large, Map.of("input", "0.375", "input_cached_tokens", "0.015", "output", "0.015"), "0.405");
    }

    @Test
    void tiersAreTriedByPriorityOnMetadataAndCaseSensitiveUsage() {
        var standard = PricingTier.standard("acme", Map.of("input", new BigDecimal("0.000001")));
        var upperCaseKeys = new PricingTier("acme-tier-1", "Upper-case keys", false, 1,
                List.of(new PricingCondition.UsageThreshold("^INPUT$", PricingCondition.Operator.GTE, BigDecimal.ONE, true)),
                Map.of("input", new BigDecimal("0.000009")));
        var europe = new PricingTier("acme-tier-2", "EU", false, 2,
                List.of(new PricingCondition.AttributeIn(PricingCondition.AttributeSource.METADATA, "region", List.of("eu"))),
                Map.of("input", new BigDecimal("0.000002")));
        var big = new PricingTier("acme-tier-3", "Big", false, 3,
                List.of(new PricingCondition.UsageThreshold("input", PricingCondition.Operator.GT, new BigDecimal("10"), false)),
                Map.of("input", new BigDecimal("0.000003")));
        projectModels.put(new ModelDefinition("acme", PROJECT, "acme", "^acme$", null, null, List.of(big, europe, standard, upperCaseKeys)));

        assertCosts(pricing.price(generation("acme").usage(Map.of("input", 5L)).build()), Map.of("input", "0.000005"), "0.000005");
        assertCosts(pricing.price(generation("acme").usage(Map.of("input", 5L)).metadata(Map.of("region", "eu")).build()),
                Map.of("input", "0.00001"), "0.00001");
        assertCosts(pricing.price(generation("acme").usage(Map.of("input", 50L)).metadata(Map.of("region", "eu")).build()),
                Map.of("input", "0.0001"), "0.0001");
        assertCosts(pricing.price(generation("acme").usage(Map.of("input", 50L)).build()), Map.of("input", "0.00015"), "0.00015");
    }

    @Test
    void aCostTheClientSentWinsOverTheComputedOne() {
        var row = pricing.price(generation("gpt-4o")
                .usage(Map.of("input", 1_000L, "output", 100L))
                .cost(Map.of("input", new BigDecimal("0.5"), "output", new BigDecimal("1.25")))
                .build());
        assertThat(row.usageDetails()).isEqualTo(Map.of("input", 1_000L, "output", 100L, "total", 1_100L));
        assertCosts(row, Map.of("input", "0.5", "output", "1.25"), "1.75");
        assertThat(row.internalModelId()).isEqualTo("gpt-4o");
    }

    @Test
    void aTotalCostTheClientSentIsKept() {
        var row = pricing.price(generation("unknown-model")
                .cost(Map.of("total", new BigDecimal("2"), "input", new BigDecimal("0.5")))
                .build());
        assertThat(row.totalCost()).isEqualByComparingTo("2");
        assertThat(row.costDetails()).containsOnlyKeys("total", "input");
        assertThat(row.internalModelId()).isNull();
    }

    @Test
    void costsTheStoreCannotHoldAreLeftOut() {
        // Decimal64(12) holds less than a million dollars; one amount more failed the whole insert.
        var absurdUsage = pricing.price(generation("gpt-4").usage(Map.of("input", 900_000_000_000L, "output", 10L)).build());
        assertThat(absurdUsage.usageDetails()).containsEntry("input", 900_000_000_000L);
        assertThat(absurdUsage.costDetails()).containsOnlyKeys("output", "total");
        assertThat(absurdUsage.totalCost()).isEqualByComparingTo("0.0006");

        var sumTooLarge = pricing.price(generation("unknown-model")
                .cost(Map.of("a", new BigDecimal("999999"), "b", new BigDecimal("999999")))
                .build());
        assertThat(sumTooLarge.costDetails()).containsOnlyKeys("a", "b");
        assertThat(sumTooLarge.totalCost()).isNull();

        var sentTooLarge = pricing.price(generation("unknown-model")
                .cost(Map.of("input", new BigDecimal("1E+20"), "output", new BigDecimal("-2"), "cached", new BigDecimal("0.5")))
                .build());
        assertThat(sentTooLarge.providedCostDetails()).containsOnlyKeys("output", "cached");
        assertThat(sentTooLarge.costDetails()).containsOnlyKeys("cached", "total");
        assertThat(sentTooLarge.totalCost()).isEqualByComparingTo("0.5");
    }

    @Test
    void withoutAKnownModelUsageIsNormalisedButNotPriced() {
        var row = pricing.price(generation("my-own-model").usage(Map.of("prompt_tokens", 10L, "completion_tokens", 5L)).build());
        assertThat(row.usageDetails()).isEqualTo(Map.of("input", 10L, "output", 5L, "total", 15L));
        assertThat(row.costDetails()).isEmpty();
        assertThat(row.totalCost()).isNull();
        assertThat(row.internalModelId()).isNull();
    }

    @Test
    void aProjectPriceOverridesTheBuiltInOne() {
        projectModels.put(ModelDefinition.of(
                "acme-gpt-4o", PROJECT, "gpt-4o (negotiated)", "(?i)^(openai/)?gpt-4o$", null, null,
                Map.of("input", new BigDecimal("0.000001"), "output", new BigDecimal("0.000002"))));
        var row = pricing.price(generation("gpt-4o").usage(Map.of("input", 1_000L, "output", 1_000L)).build());
        assertThat(row.internalModelId()).isEqualTo("acme-gpt-4o");
        assertCosts(row, Map.of("input", "0.001", "output", "0.002"), "0.003");
    }

    @Test
    void countsChatMessagesWithOpenAisPerMessageOverhead() {
        var gpt4 = pricing.price(generation("gpt-4").input(COOKBOOK_MESSAGES).output("\"hello world\"").build());
        assertThat(gpt4.usageDetails()).isEqualTo(Map.of("input", 129L, "output", 2L, "total", 131L));
        // $30 input and $60 output per million
        assertCosts(gpt4, Map.of("input", "0.00387", "output", "0.00012"), "0.00399");

        var legacy = pricing.price(generation("gpt-3.5-turbo-0301").input(COOKBOOK_MESSAGES).build());
        assertThat(legacy.usageDetails()).isEqualTo(Map.of("input", 127L, "total", 127L));
    }

    @Test
    void countsPlainTextWithTheModelsEncoding() {
        assertThat(tokenisedInput("gpt-4", "\"tiktoken is great!\"")).isEqualTo(6L);
        assertThat(tokenisedInput("gpt-4", "hello world")).isEqualTo(2L);
        assertThat(tokenisedInput("gpt-4", "\"antidisestablishmentarianism\"")).isEqualTo(6L);
        assertThat(tokenisedInput("gpt-4", "\"2 + 2 = 4\"")).isEqualTo(7L);
        assertThat(tokenisedInput("gpt-4", "\"お誕生日おめでとう\"")).isEqualTo(9L);
        // text-davinci-003 uses p50k_base
        assertThat(tokenisedInput("text-davinci-003", "\"2 + 2 = 4\"")).isEqualTo(5L);
        assertThat(tokenisedInput("text-davinci-003", "\"お誕生日おめでとう\"")).isEqualTo(14L);
    }

    @Test
    void gpt4oAndGpt5CountWithO200k() {
        var o200k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        var cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        String text = "お誕生日おめでとう, antidisestablishmentarianism 2 + 2 = 4";
        assertThat(o200k.countTokensOrdinary(text)).isNotEqualTo(cl100k.countTokensOrdinary(text));
        String json = "\"" + text + "\"";
        assertThat(tokenisedInput("gpt-4o", json)).isEqualTo(o200k.countTokensOrdinary(text));
        assertThat(tokenisedInput("gpt-5", json)).isEqualTo(o200k.countTokensOrdinary(text));
        assertThat(tokenisedInput("gpt-4.1-mini", json)).isEqualTo(o200k.countTokensOrdinary(text));
        assertThat(tokenisedInput("text-embedding-3-large", json)).isEqualTo(cl100k.countTokensOrdinary(text));
    }

    @Test
    void countsNamesToolCallsAndOtherJsonLikeLangfuse() {
        var cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        String toolCalls = "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{}\"}}]";
        String messages = "[{\"role\":\"assistant\",\"content\":\"checking\",\"name\":\"bot\",\"tool_calls\":" + toolCalls + "}]";
        int expected = 3 + cl100k.countTokens("assistant") + cl100k.countTokens("checking") + cl100k.countTokens("bot") + 1
                + cl100k.countTokens(toolCalls) + 3;
        assertThat(tokenisedInput("gpt-4", messages)).isEqualTo(expected);
        // content parts (not a string) are not a chat message array: the JSON text is counted
        String parts = "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]";
        assertThat(tokenisedInput("gpt-4", parts)).isEqualTo(cl100k.countTokens(parts));
        // an object, compacted first
        assertThat(tokenisedInput("gpt-4", "{ \"question\" : \"why?\" }")).isEqualTo(cl100k.countTokens("{\"question\":\"why?\"}"));
        // Langfuse's quirk: an empty array is a chat of no messages, primed with 3 tokens
        assertThat(tokenisedInput("gpt-4", "[]")).isEqualTo(3L);
        // a special token counts once
        assertThat(tokenisedInput("gpt-4", "\"<|endoftext|>\"")).isEqualTo(1L);
        assertThat(tokenisedInput("gpt-4", "\"a<|endoftext|>b<|x|>\"")).isEqualTo(
                1 + cl100k.countTokensOrdinary("a") + cl100k.countTokensOrdinary("b<|x|>"));
    }

    @Test
    void countsOnlyGenerationsAndEmbeddingsWithoutUsageCostOrError() {
        assertThat(pricing.price(generation("gpt-4").type(ObservationType.EMBEDDING).input("\"hello world\"").build())
                        .usageDetails())
                .isEqualTo(Map.of("input", 2L, "total", 2L));
        List<ObservationRow> notCounted = List.of(
                generation("gpt-4").type(ObservationType.SPAN).input("\"hello world\"").build(),
                generation("gpt-4").type(ObservationType.AGENT).input("\"hello world\"").build(),
                generation("gpt-4").level(ObservationLevel.ERROR).input("\"hello world\"").build(),
                generation("gpt-4").cost(Map.of("total", BigDecimal.ONE)).input("\"hello world\"").build(),
                generation("claude-3-haiku-20240307").input("\"hello world\"").build(),
                generation("gemini-2.5-pro").input("\"hello world\"").build(),
                generation("my-own-model").input("\"hello world\"").build());
        for (ObservationRow row : notCounted) {
            assertThat(pricing.price(row).usageDetails()).as("%s %s", row.type(), row.providedModelName())
                    .doesNotContainKey("input");
        }
        var sent = pricing.price(generation("gpt-4").usage(Map.of("input", 7L)).input("\"hello world\"").build());
        assertThat(sent.usageDetails()).isEqualTo(Map.of("input", 7L, "total", 7L));
    }

    @Test
    void skipsCountingTextOverTheLimit() {
        var bounded = new ModelPricing(ModelPrices.withShippedPrices(ProjectModelPrices.none()), new TokenCounter(16));
        assertThat(bounded.price(generation("gpt-4").input("\"short\"").build()).usageDetails())
                .isEqualTo(Map.of("input", 1L, "total", 1L));
        var tooLong = bounded.price(generation("gpt-4").input("\"short\"").output("\"" + "x".repeat(32) + "\"").build());
        assertThat(tooLong.usageDetails()).isEmpty();
        assertThat(tooLong.totalCost()).isNull();
        assertThat(tooLong.internalModelId()).isEqualTo("gpt-4");
    }

    @Test
    void keepsEverythingElseOfTheRow() {
        var row = generation("gpt-4o").usage(Map.of("input", 1L)).metadata(Map.of("k", "v")).input("\"x\"").build();
        var priced = pricing.price(row);
        assertThat(priced).usingRecursiveComparison()
                .ignoringFields("usageDetails", "costDetails", "totalCost", "internalModelId")
                .isEqualTo(row);
        assertThat(priced.providedUsageDetails()).isEqualTo(Map.of("input", 1L));
    }

    private long tokenisedInput(String model, String input) {
        return pricing.price(generation(model).input(input).build()).usageDetails().get("input");
    }

    private static void assertCosts(ObservationRow row, Map<String, String> perKey, String total) {
        var expected = new HashMap<String, String>(perKey);
        expected.put("total", total);
        assertThat(row.costDetails()).containsOnlyKeys(expected.keySet());
        expected.forEach((key, cost) -> assertThat(row.costDetails().get(key)).as(key).isEqualByComparingTo(cost));
        assertThat(row.totalCost()).isEqualByComparingTo(total);
    }
}
