package io.glasshouse.ingest.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.model.ProjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestModelPrices {
    private static final ProjectId PROJECT = new ProjectId("acme");
    private static final ProjectId OTHER_PROJECT = new ProjectId("other");
    private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");

    private final InMemoryProjectModelPrices projectModels = new InMemoryProjectModelPrices();
    private final ModelPrices shipped = ModelPrices.withShippedPrices(projectModels);

    @Test
    void matchesNamesCaseInsensitivelyWithProviderPrefixes() {
        assertThat(matchedId("gpt-4o")).contains("gpt-4o");
        assertThat(matchedId("GPT-4o")).contains("gpt-4o");
        assertThat(matchedId("openai/gpt-4o")).contains("gpt-4o");
        assertThat(matchedId("anthropic/claude-sonnet-4-5")).contains("claude-sonnet-4-5-20250929");
        assertThat(matchedId("google/gemini-2.5-pro")).contains("gemini-2.5-pro");
        assertThat(matchedId("googleai/gemini-2.5-flash")).contains("gemini-2.5-flash");
    }

    @Test
    void matchesDatedVersionsAndCloudSpellings() {
        assertThat(matchedId("gpt-4o-2024-08-06")).contains("gpt-4o-2024-08-06");
        assertThat(matchedId("gpt-4o-mini")).contains("gpt-4o-mini");
        assertThat(matchedId("gpt-4o-mini-2024-07-18")).contains("gpt-4o-mini-2024-07-18");
        assertThat(matchedId("claude-sonnet-4-5-20250929")).contains("claude-sonnet-4-5-20250929");
        assertThat(matchedId("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).contains("claude-sonnet-4-5-20250929");
        assertThat(matchedId("claude-sonnet-4-5@20250929")).contains("claude-sonnet-4-5-20250929");
        assertThat(matchedId("gpt-35-turbo")).contains("gpt-3.5-turbo");
        assertThat(matchedId("ft:gpt-3.5-turbo-0613:acme:custom:abc123")).contains("ft:gpt-3.5-turbo-0613");
    }

    @Test
    void doesNotMatchUnknownOrExtendedNames() {
        assertThat(matchedId("gpt-4o-extra")).isEmpty();
        assertThat(matchedId("my-own-model")).isEmpty();
        assertThat(matchedId("")).isEmpty();
        assertThat(matchedId(null)).isEmpty();
    }

    @Test
    void picksTheNewestStartDateNotAfterTheObservation() {
        var prices = new ModelPrices(
                List.of(
                        builtIn("acme-llm", null, "1"),
                        builtIn("acme-llm-2025", Instant.parse("2025-01-01T00:00:00Z"), "2"),
                        builtIn("acme-llm-2026", Instant.parse("2026-01-01T00:00:00Z"), "3")),
                ProjectModelPrices.none());
        assertThat(prices.match(PROJECT, "acme-llm", Instant.parse("2024-06-01T00:00:00Z"))).map(ModelDefinition::id).contains("acme-llm");
        assertThat(prices.match(PROJECT, "acme-llm", Instant.parse("2025-06-01T00:00:00Z"))).map(ModelDefinition::id).contains("acme-llm-2025");
        assertThat(prices.match(PROJECT, "acme-llm", Instant.parse("2026-01-01T00:00:00Z"))).map(ModelDefinition::id).contains("acme-llm-2026");
    }

    @Test
    void aDefinitionStartingLaterDoesNotApplyYet() {
        var prices = new ModelPrices(
                List.of(builtIn("acme-llm-2026", Instant.parse("2026-01-01T00:00:00Z"), "3")), ProjectModelPrices.none());
        assertThat(prices.match(PROJECT, "acme-llm", Instant.parse("2025-12-31T23:59:59Z"))).isEmpty();
    }

    @Test
    void projectDefinitionsOverrideBuiltInsForThatProjectOnly() {
        projectModels.put(projectModel(PROJECT, "acme-gpt-4o", "(?i)^(openai/)?gpt-4o$", null));
        assertThat(shipped.match(PROJECT, "openai/gpt-4o", NOW)).map(ModelDefinition::id).contains("acme-gpt-4o");
        assertThat(shipped.match(OTHER_PROJECT, "openai/gpt-4o", NOW)).map(ModelDefinition::id).contains("gpt-4o");
        assertThat(shipped.match(PROJECT, "gpt-4o-mini", NOW)).map(ModelDefinition::id).contains("gpt-4o-mini");
    }

    @Test
    void aProjectDefinitionWinsEvenOverANewerBuiltIn() {
        var prices = new ModelPrices(
                List.of(builtIn("acme-llm-2026", Instant.parse("2026-01-01T00:00:00Z"), "3")), projectModels);
        projectModels.put(projectModel(PROJECT, "mine", "^acme-llm$", null));
        assertThat(prices.match(PROJECT, "acme-llm", NOW)).map(ModelDefinition::id).contains("mine");
    }

    @Test
    void aFutureProjectDefinitionLeavesTheBuiltInInPlaceUntilItStarts() {
        projectModels.put(projectModel(PROJECT, "acme-gpt-4o-2027", "(?i)^gpt-4o$", Instant.parse("2027-01-01T00:00:00Z")));
        assertThat(shipped.match(PROJECT, "gpt-4o", NOW)).map(ModelDefinition::id).contains("gpt-4o");
        assertThat(shipped.match(PROJECT, "gpt-4o", Instant.parse("2027-02-01T00:00:00Z")))
                .map(ModelDefinition::id).contains("acme-gpt-4o-2027");
    }

    @Test
    void amongProjectDefinitionsTheNewestValidOneWins() {
        projectModels.put(projectModel(PROJECT, "old", "^acme$", Instant.parse("2024-01-01T00:00:00Z")));
        projectModels.put(projectModel(PROJECT, "new", "^acme$", Instant.parse("2026-01-01T00:00:00Z")));
        projectModels.put(projectModel(PROJECT, "undated", "^acme$", null));
        assertThat(shipped.match(PROJECT, "acme", NOW)).map(ModelDefinition::id).contains("new");
        assertThat(shipped.match(PROJECT, "acme", Instant.parse("2025-01-01T00:00:00Z"))).map(ModelDefinition::id).contains("old");
        assertThat(shipped.match(PROJECT, "acme", Instant.parse("2020-01-01T00:00:00Z"))).map(ModelDefinition::id).contains("undated");
        assertThat(projectModels.remove(PROJECT, "new")).isTrue();
        assertThat(shipped.match(PROJECT, "acme", NOW)).map(ModelDefinition::id).contains("old");
    }

    @Test
    void aBacktrackingPatternCostsANoMatchNotAThread() {
        projectModels.put(projectModel(PROJECT, "evil", "^(a+)+$", null));
        assertThat(shipped.match(PROJECT, "a".repeat(64) + "!", NOW)).isEmpty();
    }

    @Test
    void aPatternThatRecursesPastTheStackCostsANoMatchNotARequest() {
        // One matcher frame per repetition of the group: a 40,000-character name overflows the
        // stack (2,000 repetitions did on a main thread here) long before the read budget is spent.
        projectModels.put(projectModel(PROJECT, "deep", "^(gpt-4o)(-\\d+)*$", null));
        assertThat(shipped.match(PROJECT, "gpt-4o" + "-1".repeat(20_000), NOW)).isEmpty();
        assertThat(shipped.match(PROJECT, "gpt-4o-1-2", NOW)).map(ModelDefinition::id).contains("deep");
    }

    @Test
    void listsProjectDefinitionsBeforeBuiltIns() {
        projectModels.put(projectModel(PROJECT, "mine", "^mine$", null));
        assertThat(shipped.definitions(PROJECT).getFirst().id()).isEqualTo("mine");
        assertThat(shipped.definitions(PROJECT)).hasSize(shipped.builtIns().size() + 1);
        assertThat(shipped.definitions(OTHER_PROJECT)).hasSize(shipped.builtIns().size());
    }

    @Test
    void validatesDefinitions() {
        assertThatThrownBy(() -> ModelDefinition.of("x", null, "x", "(unclosed", null, null, Map.of()))
                .hasMessageContaining("not a valid regex");
        var standard = PricingTier.standard("x", Map.of("input", BigDecimal.ONE));
        assertThatThrownBy(() -> new ModelDefinition("x", null, "x", "^x$", null, null, List.of(standard, standard)))
                .hasMessageContaining("exactly one default");
        assertThatThrownBy(() -> PricingTier.standard("x", Map.of("input", new BigDecimal("-1"))))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new ModelPrices(List.of(projectModel(PROJECT, "p", "^p$", null)), ProjectModelPrices.none()))
                .hasMessageContaining("must not belong to a project");
        assertThatThrownBy(() -> projectModels.put(builtIn("b", null, "1"))).hasMessageContaining("needs a project id");
    }

    private Optional<String> matchedId(String modelName) {
        return shipped.match(PROJECT, modelName, NOW).map(ModelDefinition::id);
    }

    private static ModelDefinition builtIn(String id, Instant startDate, String inputPrice) {
        return ModelDefinition.of(id, null, "acme-llm", "(?i)^acme-llm$", startDate, null, Map.of("input", new BigDecimal(inputPrice)));
    }

    private static ModelDefinition projectModel(ProjectId projectId, String id, String pattern, Instant startDate) {
        return ModelDefinition.of(id, projectId, id, pattern, startDate, null, Map.of("input", new BigDecimal("0.000001")));
    }
}
