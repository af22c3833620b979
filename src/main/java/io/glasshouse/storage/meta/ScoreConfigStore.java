package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.Ids;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.model.ScoreConfig.Category;
import io.glasshouse.model.ScoreDataType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Score configs of a project (Langfuse's {@code /api/public/score-configs}). Every read and write
 * takes the project: a config of another project is not found.
 */
public final class ScoreConfigStore {
    private final Jdbi jdbi;
    private final Clock clock;

    ScoreConfigStore(Jdbi jdbi, Clock clock) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * A config to create, as the client sent it.
     *
     * @param categories null when not sent
     */
    public record NewScoreConfig(
            String name, ScoreDataType dataType, Double minValue, Double maxValue, List<Category> categories, String description) {}

    /** Changes to a config; a null field stays as it is. */
    public record Changes(
            Boolean archived, String name, Double minValue, Double maxValue, List<Category> categories, String description) {
        public boolean isEmpty() {
            return archived == null && name == null && minValue == null && maxValue == null && categories == null
                    && description == null;
        }
    }

    /**
     * @throws GlasshouseException INVALID_REQUEST naming the field that breaks Langfuse's rules,
     *     NOT_FOUND when the project does not exist
     */
    public ScoreConfig create(ProjectId project, NewScoreConfig config) {
        requireNonNull(project, "project is null");
        requireNonNull(config, "config is null");
        if (config.dataType() == null) {
            throw GlasshouseException.invalid("dataType is required: NUMERIC, CATEGORICAL or BOOLEAN");
        }
        ScoreConfigRules.range(config.dataType(), config.minValue(), config.maxValue());
        Instant now = Instant.ofEpochMilli(clock.millis());
        ScoreConfig created = new ScoreConfig(
                Ids.random(),
                project,
                ScoreConfigRules.name(config.name()),
                config.dataType(),
                false,
                config.minValue(),
                config.maxValue(),
                ScoreConfigRules.categories(config.dataType(), config.categories()),
                ScoreConfigRules.description(config.description()),
                now,
                now);
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO score_configs (" + Rows.SCORE_CONFIG_COLUMNS + ")"
                            + " VALUES (:id, :projectId, :name, :dataType, :archived, :minValue, :maxValue, :categories,"
                            + " :description, :createdAt, :updatedAt)")
                    .bind("id", created.id())
                    .bind("projectId", project.value())
                    .bind("name", created.name())
                    .bind("dataType", created.dataType().name())
                    .bind("archived", 0)
                    .bind("minValue", created.minValue())
                    .bind("maxValue", created.maxValue())
                    .bind("categories", Rows.categoriesJson(created.categories()))
                    .bind("description", created.description())
                    .bind("createdAt", now.toEpochMilli())
                    .bind("updatedAt", now.toEpochMilli())
                    .execute());
        } catch (StatementException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw GlasshouseException.notFound("project " + project + " does not exist");
            }
            throw e;
        }
        return created;
    }

    public Optional<ScoreConfig> find(ProjectId project, String id) {
        requireNonNull(project, "project is null");
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.SCORE_CONFIG_COLUMNS
                        + " FROM score_configs WHERE project_id = :projectId AND id = :id")
                .bind("projectId", project.value())
                .bind("id", id)
                .map(Rows::scoreConfig)
                .findOne());
    }

    /** One page of the project's configs, newest first (Langfuse's order). */
    public List<ScoreConfig> list(ProjectId project, int offset, int limit) {
        requireNonNull(project, "project is null");
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("need offset >= 0 and limit >= 1");
        }
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.SCORE_CONFIG_COLUMNS
                        + " FROM score_configs WHERE project_id = :projectId ORDER BY created_at DESC, id"
                        + " LIMIT :limit OFFSET :offset")
                .bind("projectId", project.value())
                .bind("limit", limit)
                .bind("offset", offset)
                .map(Rows::scoreConfig)
                .list());
    }

    public long count(ProjectId project) {
        requireNonNull(project, "project is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM score_configs WHERE project_id = :projectId")
                .bind("projectId", project.value())
                .mapTo(Long.class)
                .one());
    }

    /**
     * Applies the changes and checks the result against the same rules as a new config.
     *
     * @throws GlasshouseException NOT_FOUND when the project has no such config, INVALID_REQUEST
     *     when there is nothing to change or the changed config breaks a rule
     */
    public ScoreConfig update(ProjectId project, String id, Changes changes) {
        requireNonNull(changes, "changes is null");
        if (changes.isEmpty()) {
            throw GlasshouseException.invalid("send at least one of isArchived, name, minValue, maxValue, categories, description");
        }
        return jdbi.inTransaction(handle -> {
            ScoreConfig existing = find(project, id).orElseThrow(() -> notFound(id));
            ScoreDataType dataType = existing.dataType();
            Double minValue = changes.minValue() != null ? changes.minValue() : existing.minValue();
            Double maxValue = changes.maxValue() != null ? changes.maxValue() : existing.maxValue();
            ScoreConfigRules.range(dataType, minValue, maxValue);
            List<Category> categories = changes.categories() != null
                    ? ScoreConfigRules.categories(dataType, changes.categories())
                    : existing.categories();
            ScoreConfig updated = new ScoreConfig(
                    existing.id(),
                    project,
                    changes.name() != null ? ScoreConfigRules.name(changes.name()) : existing.name(),
                    dataType,
                    changes.archived() != null ? changes.archived() : existing.archived(),
                    minValue,
                    maxValue,
                    categories,
                    changes.description() != null ? ScoreConfigRules.description(changes.description()) : existing.description(),
                    existing.createdAt(),
                    Instant.ofEpochMilli(clock.millis()));
            handle.createUpdate("UPDATE score_configs SET name = :name, is_archived = :archived, min_value = :minValue,"
                            + " max_value = :maxValue, categories = :categories, description = :description,"
                            + " updated_at = :updatedAt WHERE project_id = :projectId AND id = :id")
                    .bind("name", updated.name())
                    .bind("archived", updated.archived() ? 1 : 0)
                    .bind("minValue", updated.minValue())
                    .bind("maxValue", updated.maxValue())
                    .bind("categories", Rows.categoriesJson(updated.categories()))
                    .bind("description", updated.description())
                    .bind("updatedAt", updated.updatedAt().toEpochMilli())
                    .bind("projectId", project.value())
                    .bind("id", id)
                    .execute();
            return updated;
        });
    }

    private static GlasshouseException notFound(String id) {
        return GlasshouseException.notFound("score config " + id + " not found in this project");
    }
}
