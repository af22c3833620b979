package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.pricing.PricingTierJson.TierInput;
import io.glasshouse.model.Ids;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ProjectModel;
import io.glasshouse.storage.meta.ModelStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of Langfuse's {@code /api/public/models}: a project's own definitions, stored in the
 * metadata database, beside the built-in price table. Writes invalidate the project's cached
 * definitions, so the next observation priced sees them.
 */
public final class ProjectModels {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectModels.class);
    /** Built-in definitions have no creation time of their own; this is when the table was taken. */
    static final Instant BUILT_IN_CREATED_AT = Instant.parse("2026-08-21T00:00:00Z");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Langfuse's listing order: by name, then unit, then newest start date (none last), then id. */
    private static final Comparator<Model> LISTING_ORDER = Comparator
            .comparing((Model m) -> m.definition().modelName())
            .thenComparing(Model::unit, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(m -> m.definition().startDate(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(m -> m.definition().id());

    /**
     * A model as the API shows it.
     *
     * @param unit Langfuse's usage unit; TOKENS for built-ins
     * @param tokenizerId as sent ({@code openai}, {@code claude}) or null
     * @param tokenizerConfig as sent, or the built-in tokenizer in Langfuse's shape; null for none
     */
    public record Model(ModelDefinition definition, String unit, Instant createdAt, String tokenizerId, JsonNode tokenizerConfig) {
        public Model {
            requireNonNull(definition, "definition is null");
            requireNonNull(createdAt, "createdAt is null");
        }

        public boolean isLangfuseManaged() {
            return definition.isBuiltIn();
        }
    }

    /** One page and how many there are in all. */
    public record Page(List<Model> models, long totalItems) {
        public Page {
            models = List.copyOf(models);
        }
    }

    private final ModelStore store;
    private final List<Model> builtIns;
    private final CachedProjectModelPrices cache;
    private final Clock clock;

    public ProjectModels(ModelStore store, List<ModelDefinition> builtIns, CachedProjectModelPrices cache, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.builtIns = builtIns.stream().map(ProjectModels::builtIn).toList();
        this.cache = requireNonNull(cache, "cache is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The {@link ProjectModelPrices} loader: the project's stored definitions, as pricing uses them. */
    public static List<ModelDefinition> definitions(ModelStore store, ProjectId project) {
        List<ModelDefinition> definitions = new ArrayList<>();
        for (ProjectModel stored : store.list(project)) {
            try {
                definitions.add(definition(stored));
            } catch (RuntimeException e) {
                // A row that no longer reads (edited by hand) must not stop pricing the others.
                LOG.warn("project {} model {} is unusable and is skipped: {}", project, stored.id(), e.getMessage());
            }
        }
        return definitions;
    }

    /** The project's models and the built-in ones, in Langfuse's order; {@code page} starts at 1. */
    public Page list(ProjectId project, int page, int limit) {
        requireNonNull(project, "project is null");
        if (page < 1 || limit < 1) {
            throw new IllegalArgumentException("need page >= 1 and limit >= 1");
        }
        List<Model> all = Stream.concat(store.list(project).stream().map(ProjectModels::model), builtIns.stream())
                .sorted(LISTING_ORDER)
                .toList();
        long offset = (long) (page - 1) * limit;
        List<Model> slice = offset >= all.size()
                ? List.of()
                : all.subList((int) offset, (int) Math.min(all.size(), offset + limit));
        return new Page(slice, all.size());
    }

    /** A model of the project, or a built-in one. */
    public Optional<Model> find(ProjectId project, String id) {
        requireNonNull(project, "project is null");
        requireNonNull(id, "id is null");
        if (Ids.isValid(id)) {
            Optional<ProjectModel> own = store.find(project, id);
            if (own.isPresent()) {
                return own.map(ProjectModels::model);
            }
        }
        return builtIns.stream().filter(m -> m.definition().id().equals(id)).findFirst();
    }

    /**
     * Creates a project model from Langfuse's {@code CreateModelRequest}.
     *
     * @throws GlasshouseException INVALID_REQUEST naming the field that is wrong, CONFLICT when
     *     the project already has a model of this name
     */
    public Model create(ProjectId project, JsonNode request) {
        requireNonNull(project, "project is null");
        ModelRequest parsed = ModelRequest.read(request);
        String id = Ids.random();
        ArrayNode tiers = JSON.createArrayNode();
        for (TierInput tier : parsed.conditionalTiers()) {
            ObjectNode json = tiers.addObject();
            json.put("name", tier.name());
            json.put("priority", tier.priority());
            json.set("conditions", PricingTierJson.conditions(tier.conditions()));
            json.set("prices", PricingTierJson.prices(tier.prices()));
        }
        ProjectModel stored = new ProjectModel(
                id,
                project,
                parsed.modelName(),
                parsed.matchPattern(),
                parsed.startDate(),
                parsed.unit(),
                write(PricingTierJson.prices(parsed.defaultPrices())),
                write(tiers),
                parsed.tokenizerId(),
                parsed.tokenizerConfig() == null ? null : write(parsed.tokenizerConfig()),
                Instant.ofEpochMilli(clock.millis()));
        Model model;
        try {
            model = model(stored); // builds the definition: proves the stored text reads back
        } catch (IllegalArgumentException e) {
            throw GlasshouseException.invalid(e.getMessage());
        }
        store.create(stored);
        cache.invalidate(project);
        return model;
    }

    /**
     * Deletes one of the project's own models; built-in ones cannot be deleted (override them with
     * a model of the same name instead).
     *
     * @return false when the project has no model with this id
     */
    public boolean delete(ProjectId project, String id) {
        requireNonNull(project, "project is null");
        requireNonNull(id, "id is null");
        if (!Ids.isValid(id) || !store.delete(project, id)) {
            return false;
        }
        cache.invalidate(project);
        return true;
    }

    private static Model model(ProjectModel stored) {
        return new Model(definition(stored), stored.unit(), stored.createdAt(), stored.tokenizerId(),
                stored.tokenizerConfig() == null ? null : read(stored.tokenizerConfig()));
    }

    static ModelDefinition definition(ProjectModel stored) {
        List<PricingTier> tiers = new ArrayList<>();
        tiers.add(PricingTier.standard(stored.id(), PricingTierJson.prices(read(stored.prices()), "prices")));
        JsonNode conditional = read(stored.pricingTiers());
        for (int i = 0; i < conditional.size(); i++) {
            JsonNode tier = conditional.get(i);
            TierInput input = PricingTierJson.tier(tier, "pricing_tiers[" + i + "]");
            tiers.add(new PricingTier(stored.id() + "-tier-" + input.priority(), input.name(), false, input.priority(),
                    input.conditions(), input.prices()));
        }
        JsonNode tokenizerConfig = stored.tokenizerConfig() == null ? null : read(stored.tokenizerConfig());
        return new ModelDefinition(stored.id(), stored.projectId(), stored.modelName(), stored.matchPattern(),
                stored.startDate(), ModelRequest.tokenizer(stored.tokenizerId(), tokenizerConfig), tiers);
    }

    private static Model builtIn(ModelDefinition definition) {
        TokenizerConfig tokenizer = definition.tokenizer();
        ObjectNode config = null;
        if (tokenizer != null && tokenizer.tokenizerModel() != null) {
            config = JSON.createObjectNode();
            config.put("tokenizerModel", tokenizer.tokenizerModel());
            if (tokenizer.chatFormat()) {
                config.put("tokensPerMessage", tokenizer.tokensPerMessage());
                config.put("tokensPerName", tokenizer.tokensPerName());
            }
        }
        return new Model(definition, ModelRequest.DEFAULT_UNIT, BUILT_IN_CREATED_AT,
                tokenizer == null ? null : tokenizer.tokenizerId(), config);
    }

    private static String write(JsonNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write model JSON", e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored model JSON does not read: " + e.getOriginalMessage(), e);
        }
    }
}
