package io.glasshouse.ingest.pricing;

import io.glasshouse.model.ProjectId;
import java.util.List;

/**
 * A project's own model definitions, which take precedence over the built-in ones. Called for
 * every priced observation, so an implementation backed by a database should cache.
 */
@FunctionalInterface
public interface ProjectModelPrices {
    /** The project's definitions in any order; empty when it has none. Never null. */
    List<ModelDefinition> forProject(ProjectId projectId);

    static ProjectModelPrices none() {
        return projectId -> List.of();
    }
}
