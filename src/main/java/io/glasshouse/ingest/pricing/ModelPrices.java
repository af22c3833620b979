package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ProjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model definitions Glasshouse knows, and which one prices a provided model name.
 *
 * <p>Matching follows Langfuse: the definition's regex is searched in the name as sent; a
 * project's own definitions win over built-in ones; among several matches the newest start date
 * wins, a definition without one comes last. Glasshouse adds one rule: a definition whose start
 * date is after the observation's start time does not apply to it yet, so prices announced for
 * a future date, and re-priced history, come out right.
 */
public final class ModelPrices {
    /** Model names longer than this are matched but not cached. */
    private static final int MAX_CACHED_NAME_LENGTH = 256;

    private static final int MAX_CACHED_NAMES = 8_192;

    /** Newest start date first, no start date last; otherwise the given order. */
    private static final Comparator<ModelDefinition> NEWEST_FIRST =
            Comparator.comparing(ModelDefinition::startDate, Comparator.nullsLast(Comparator.reverseOrder()));

    private final List<ModelDefinition> builtIns;
    private final ProjectModelPrices projectModels;
    private final BoundedRegex regexes = new BoundedRegex();
    private final Map<String, List<ModelDefinition>> builtInMatches = new ConcurrentHashMap<>();

    public ModelPrices(List<ModelDefinition> builtIns, ProjectModelPrices projectModels) {
        this.builtIns = List.copyOf(builtIns);
        this.projectModels = requireNonNull(projectModels, "projectModels is null");
        var ids = new HashSet<String>();
        for (ModelDefinition definition : this.builtIns) {
            if (!definition.isBuiltIn()) {
                throw new IllegalArgumentException("built-in model '" + definition.id() + "' must not belong to a project");
            }
            if (!ids.add(definition.id())) {
                throw new IllegalArgumentException("duplicate built-in model id '" + definition.id() + "'");
            }
        }
    }

    /** The shipped price table, with the projects' own definitions taking precedence. */
    public static ModelPrices withShippedPrices(ProjectModelPrices projectModels) {
        return new ModelPrices(shippedDefinitions(), projectModels);
    }

    /** The built-in definitions of the shipped {@code model-prices.json}, parsed once. */
    public static List<ModelDefinition> shippedDefinitions() {
        return Shipped.DEFINITIONS;
    }

    /** Parses a file in the price-file format (docs/model-prices.md). */
    public static List<ModelDefinition> parsePriceFile(String json) {
        return ModelPriceFile.parse(json);
    }

    public List<ModelDefinition> builtIns() {
        return builtIns;
    }

    /** What {@code /api/public/models} lists for a project: its own definitions, then the built-in ones. */
    public List<ModelDefinition> definitions(ProjectId projectId) {
        var all = new ArrayList<>(projectModels.forProject(projectId));
        all.addAll(builtIns);
        return List.copyOf(all);
    }

    /** The definition that prices {@code modelName} for an observation that started at {@code at}. */
    public Optional<ModelDefinition> match(ProjectId projectId, String modelName, Instant at) {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(at, "at is null");
        if (modelName == null || modelName.isEmpty()) {
            return Optional.empty();
        }
        Optional<ModelDefinition> own = projectModels.forProject(projectId).stream()
                .filter(definition -> definition.validAt(at) && matches(definition, modelName))
                .sorted(NEWEST_FIRST.thenComparing(ModelDefinition::id))
                .findFirst();
        if (own.isPresent()) {
            return own;
        }
        return builtInMatches(modelName).stream().filter(definition -> definition.validAt(at)).findFirst();
    }

    private List<ModelDefinition> builtInMatches(String modelName) {
        if (modelName.length() > MAX_CACHED_NAME_LENGTH) {
            return matchBuiltIns(modelName);
        }
        List<ModelDefinition> cached = builtInMatches.get(modelName);
        if (cached != null) {
            return cached;
        }
        if (builtInMatches.size() >= MAX_CACHED_NAMES) {
            builtInMatches.clear();
        }
        return builtInMatches.computeIfAbsent(modelName, this::matchBuiltIns);
    }

    private List<ModelDefinition> matchBuiltIns(String modelName) {
        return builtIns.stream()
                .filter(definition -> matches(definition, modelName))
                .sorted(NEWEST_FIRST)
                .toList();
    }

    private boolean matches(ModelDefinition definition, String modelName) {
        return BoundedRegex.find(regexes.compile(definition.matchPattern(), false), modelName);
    }

    private static final class Shipped {
        static final List<ModelDefinition> DEFINITIONS = ModelPriceFile.shipped();
    }
}
