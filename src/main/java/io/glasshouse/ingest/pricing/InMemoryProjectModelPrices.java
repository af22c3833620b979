package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ProjectId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Project model definitions held in memory; for tests and for running without a metadata store. */
public final class InMemoryProjectModelPrices implements ProjectModelPrices {
    private final Map<ProjectId, Map<String, ModelDefinition>> byProject = new ConcurrentHashMap<>();

    /** Adds or replaces (by id) a project definition. */
    public InMemoryProjectModelPrices put(ModelDefinition definition) {
        requireNonNull(definition, "definition is null");
        if (definition.projectId() == null) {
            throw new IllegalArgumentException("a project model definition needs a project id");
        }
        byProject.compute(definition.projectId(), (project, definitions) -> {
            var copy = definitions == null ? new LinkedHashMap<String, ModelDefinition>() : new LinkedHashMap<>(definitions);
            copy.put(definition.id(), definition);
            return copy;
        });
        return this;
    }

    /** Removes a definition; true if it existed. */
    public boolean remove(ProjectId projectId, String id) {
        var removed = new boolean[1];
        byProject.computeIfPresent(projectId, (project, definitions) -> {
            var copy = new LinkedHashMap<>(definitions);
            removed[0] = copy.remove(id) != null;
            return copy.isEmpty() ? null : copy;
        });
        return removed[0];
    }

    @Override
    public List<ModelDefinition> forProject(ProjectId projectId) {
        var definitions = byProject.get(projectId);
        return definitions == null ? List.of() : List.copyOf(definitions.values());
    }
}
