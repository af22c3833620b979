package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Langfuse's score config: the shape scores that name it ({@code configId}) must have.
 *
 * @param minValue NUMERIC only; null means no lower bound
 * @param maxValue NUMERIC only; null means no upper bound
 * @param categories CATEGORICAL: the allowed labels and the value each stands for; BOOLEAN: always
 *     True = 1 and False = 0; NUMERIC: empty
 * @param description null when none was given
 */
public record ScoreConfig(
        String id,
        ProjectId projectId,
        String name,
        ScoreDataType dataType,
        boolean archived,
        Double minValue,
        Double maxValue,
        List<Category> categories,
        String description,
        Instant createdAt,
        Instant updatedAt) {

    /** The categories every BOOLEAN config has, in Langfuse's order. */
    public static final List<Category> BOOLEAN_CATEGORIES = List.of(new Category("True", 1), new Category("False", 0));

    public ScoreConfig {
        Ids.requireValid(id, "id");
        requireNonNull(projectId, "projectId is null");
        Checks.requireNonBlank(name, "name");
        requireNonNull(dataType, "dataType is null");
        categories = List.copyOf(categories);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** One allowed value of a CATEGORICAL or BOOLEAN score: a label and the number stored for it. */
    public record Category(String label, double value) {
        public Category {
            Checks.requireNonBlank(label, "label");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("category value must be finite");
            }
        }
    }
}
