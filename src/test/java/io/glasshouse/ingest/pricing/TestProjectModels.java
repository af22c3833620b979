package io.glasshouse.ingest.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.pricing.PricingCondition.UsageThreshold;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ProjectModel;
import io.glasshouse.storage.meta.MetadataStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models API's service on a real SQLite metadata store, with pricing reading through the cache. */
class TestProjectModels {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");

    @TempDir
    Path dataDir;

    private MetadataStore metadata;
    private ProjectId project;
    private ProjectId otherProject;
    private ModelPrices prices;
    private ProjectModels models;

    @BeforeEach
    void open() {
        metadata = MetadataStore.open(null, dataDir);
        var organization = metadata.projects().createOrganization("Acme");
        project = new ProjectId(metadata.projects().createProject(organization.id(), "chatbot").id());
        otherProject = new ProjectId(metadata.projects().createProject(organization.id(), "other").id());
        var cache = new CachedProjectModelPrices(p -> ProjectModels.definitions(metadata.models(), p));
        prices = ModelPrices.withShippedPrices(cache);
        models = new ProjectModels(metadata.models(), prices.builtIns(), cache, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void aCreatedModelIsListedAmongTheBuiltInOnesByName() {
        ProjectModels.Model created = models.create(project, json("""
                {"modelName": "aaa-house-model", "matchPattern": "(?i)^aaa-house-model$", "unit": "TOKENS",
                 "inputPrice": 0.0000025, "outputPrice": 0.00001, "startDate": "2026-01-01"}"""));

        ProjectModels.Page first = models.list(project, 1, 10);
        ProjectModels.Page other = models.list(otherProject, 1, 10);

        assertThat(created.isLangfuseManaged()).isFalse();
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(created.definition().startDate()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(created.definition().defaultTier().prices())
                .containsExactly(Map.entry("input", new BigDecimal("0.0000025")), Map.entry("output", new BigDecimal("0.00001")));
        assertThat(first.totalItems()).isEqualTo(prices.builtIns().size() + 1);
        assertThat(first.models()).hasSize(10);
        assertThat(first.models().getFirst().definition().id()).isEqualTo(created.definition().id());
        assertThat(other.totalItems()).isEqualTo(prices.builtIns().size());
        assertThat(models.list(project, 1000, 10).models()).isEmpty();
        assertThat(models.find(project, created.definition().id())).contains(created);
        assertThat(models.find(otherProject, created.definition().id())).isEmpty();
    }

    @Test
    void builtInModelsAreFoundByIdInLangfusesShape() {
        ProjectModels.Model gpt4o = models.find(project, "gpt-4o").orElseThrow();

        assertThat(gpt4o.isLangfuseManaged()).isTrue();
        assertThat(gpt4o.unit()).isEqualTo("TOKENS");
        assertThat(gpt4o.tokenizerId()).isEqualTo("openai");
        assertThat(gpt4o.tokenizerConfig()).isEqualTo(json("{\"tokenizerModel\": \"gpt-4o\", \"tokensPerMessage\": 3, \"tokensPerName\": 1}"));
        assertThat(gpt4o.definition().pricingTiers()).hasSize(2);
        assertThat(models.find(project, "no-such-model")).isEmpty();
    }

    @Test
    void aProjectModelPricesObservationsAsSoonAsItIsCreatedAndNoLongerOnceDeleted() {
        assertThat(matchedId("gpt-4o")).contains("gpt-4o"); // fills the cache with "no project models"

        ProjectModels.Model own = models.create(project, json("""
                {"modelName": "gpt-4o", "matchPattern": "(?i)^(openai/)?gpt-4o$", "unit": "TOKENS", "inputPrice": 0.000001}"""));

        assertThat(matchedId("gpt-4o")).contains(own.definition().id());
        assertThat(prices.match(otherProject, "gpt-4o", NOW)).map(ModelDefinition::id).contains("gpt-4o");
        assertThat(models.delete(project, own.definition().id())).isTrue();
        assertThat(matchedId("gpt-4o")).contains("gpt-4o");
    }

    @Test
    void pricingTiersAndTokenizerAreKeptAsSent() {
        ProjectModels.Model created = models.create(project, json("""
                {"modelName": "tiered", "matchPattern": "^tiered$", "unit": "TOKENS",
                 "tokenizerId": "openai", "tokenizerConfig": {"tokenizerModel": "gpt-4o", "tokensPerMessage": 3, "tokensPerName": 1},
                 "pricingTiers": [
                   {"name": "Standard", "isDefault": true, "priority": 0, "conditions": [], "prices": {"input": 0.000001, "output": 0.000002}},
                   {"name": "Long context", "isDefault": false, "priority": 1,
                    "conditions": [{"usageDetailPattern": "input", "operator": "gt", "value": 200000}],
                    "prices": {"input": 0.000002, "output": 0.000004}}]}"""));

        ModelDefinition definition = models.find(project, created.definition().id()).orElseThrow().definition();
        ProjectModel stored = metadata.models().find(project, created.definition().id()).orElseThrow();

        assertThat(definition.pricingTiers()).extracting(PricingTier::name).containsExactly("Standard", "Long context");
        assertThat(definition.pricingTiers().get(1).conditions())
                .containsExactly(new UsageThreshold("input", PricingCondition.Operator.GT, new BigDecimal("200000"), false));
        assertThat(definition.tokenizer()).isEqualTo(TokenizerConfig.openAiChat("gpt-4o", "o200k_base", 3, 1));
        assertThat(stored.prices()).isEqualTo("{\"input\":0.000001,\"output\":0.000002}");
        assertThat(stored.tokenizerConfig()).isEqualTo("{\"tokenizerModel\":\"gpt-4o\",\"tokensPerMessage\":3,\"tokensPerName\":1}");
    }

    @Test
    void requestsAreCheckedAsLangfuseChecksThem() {
        assertThat(refused("{\"matchPattern\": \"^x$\", \"inputPrice\": 1}")).startsWith("modelName is required");
        assertThat(refused("{\"modelName\": \"x\", \"inputPrice\": 1}")).startsWith("matchPattern is required");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^x(\", \"inputPrice\": 1}"))
                .startsWith("matchPattern is not a valid regex");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^(x+x+)+y$\", \"inputPrice\": 1}"))
                .startsWith("matchPattern backtracks too much");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^x$\"}")).startsWith("send flat prices");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^x$\", \"inputPrice\": -1}"))
                .isEqualTo("inputPrice must not be negative");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^x$\", \"inputPrice\": \"1\"}"))
                .isEqualTo("inputPrice must be a non-negative number");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^x$\", \"inputPrice\": 1, \"totalPrice\": 2}"))
                .startsWith("totalPrice must be null");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^x$\", \"inputPrice\": 1, \"unit\": \"WORDS\"}"))
                .startsWith("unit must be one of");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^x$\", \"inputPrice\": 1, \"tokenizerId\": \"llama\"}"))
                .isEqualTo("tokenizerId must be openai or claude");
        assertThat(refused("{\"modelName\": \"x\", \"matchPattern\": \"^x$\", \"inputPrice\": 1, \"startDate\": \"soon\"}"))
                .startsWith("startDate must be");
        String tier = "{\"name\": \"%s\", \"isDefault\": %s, \"priority\": %d, \"conditions\": %s, \"prices\": %s}";
        String defaultTier = tier.formatted("Standard", true, 0, "[]", "{\"input\": 1}");
        assertThat(refused(tiers(defaultTier, "{\"inputPrice\": 1}"))).startsWith("send either flat prices");
        assertThat(refused(tiers(defaultTier + "," + tier.formatted("Other", true, 1, "[]", "{\"input\": 1}"), "")))
                .startsWith("pricingTiers must have exactly one tier with isDefault: true, found 2");
        assertThat(refused(tiers(defaultTier + "," + tier.formatted("Other", false, 1, "[]", "{\"input\": 1}"), "")))
                .startsWith("pricingTiers: tier 'Other' is not the default and needs at least one condition");
        String condition = "[{\"source\": \"metadata\", \"key\": \"tier\", \"operator\": \"in\", \"values\": [\"fast\"]}]";
        assertThat(refused(tiers(defaultTier + "," + tier.formatted("Fast", false, 1, condition, "{\"output\": 1}"), "")))
                .startsWith("pricingTiers: tier 'Fast' must price the same usage keys as the default tier");
        assertThat(refused(tiers(defaultTier + "," + tier.formatted("Fast", false, 0, condition, "{\"input\": 1}"), "")))
                .startsWith("pricingTiers: priorities must be unique");
        assertThat(refused(tiers(defaultTier + "," + tier.formatted("Fast", false, 1,
                "[{\"usageDetailPattern\": \"input\", \"operator\": \"above\", \"value\": 1}]", "{\"input\": 1}"), "")))
                .isEqualTo("pricingTiers[1].conditions[0].operator must be one of gt, gte, lt, lte, eq, neq");
        assertThat(models.list(project, 1, 1).totalItems()).isEqualTo(prices.builtIns().size());
    }

    @Test
    void everyBuiltInPatternIsAcceptedForAProjectModel() {
        for (ModelDefinition builtIn : prices.builtIns()) {
            var body = JSON.createObjectNode().put("modelName", builtIn.modelName())
                    .put("matchPattern", builtIn.matchPattern()).put("inputPrice", 1);
            assertThat(ModelRequest.read(body).matchPattern()).isEqualTo(builtIn.matchPattern());
        }
    }

    @Test
    void namesAreUniquePerProjectAndOnlyOwnModelsCanBeDeleted() {
        String body = "{\"modelName\": \"house\", \"matchPattern\": \"^house$\", \"inputPrice\": 1}";
        ProjectModels.Model own = models.create(project, json(body));
        models.create(otherProject, json(body));

        GlasshouseException duplicate = catchThrowableOfType(GlasshouseException.class, () -> models.create(project, json(body)));

        assertThat(duplicate.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(models.delete(project, "gpt-4o")).isFalse();
        assertThat(models.delete(otherProject, own.definition().id())).isFalse();
        assertThat(models.delete(project, own.definition().id())).isTrue();
        assertThat(models.delete(project, own.definition().id())).isFalse();
    }

    private Optional<String> matchedId(String modelName) {
        return prices.match(project, modelName, NOW).map(ModelDefinition::id);
    }

    private static String tiers(String tiers, String extra) {
        String more = extra.isEmpty() ? "" : ", " + extra.substring(1, extra.length() - 1);
        return "{\"modelName\": \"x\", \"matchPattern\": \"^x$\", \"pricingTiers\": [" + tiers + "]" + more + "}";
    }

    private String refused(String body) {
        GlasshouseException failure = catchThrowableOfType(GlasshouseException.class, () -> models.create(project, json(body)));
        assertThat(failure).as("expected %s to be refused", body).isNotNull();
        assertThat(failure.code()).as(failure.getMessage()).isEqualTo(ErrorCode.INVALID_REQUEST);
        return failure.getMessage();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
