package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ProjectModel;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Projects' own model definitions (Langfuse's {@code /api/public/models}). Model names are unique
 * within a project. The pricing columns are JSON text written and read by
 * {@code io.glasshouse.ingest.pricing.ProjectModels}; this store does not look inside them.
 */
public final class ModelStore {
    private final Jdbi jdbi;

    ModelStore(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * @throws GlasshouseException CONFLICT when the project already has a model of this name,
     *     NOT_FOUND when the project does not exist
     */
    public ProjectModel create(ProjectModel model) {
        requireNonNull(model, "model is null");
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO project_models (" + Rows.PROJECT_MODEL_COLUMNS + ")"
                            + " VALUES (:id, :projectId, :modelName, :matchPattern, :startDate, :unit, :prices,"
                            + " :pricingTiers, :tokenizerId, :tokenizerConfig, :createdAt)")
                    .bind("id", model.id())
                    .bind("projectId", model.projectId().value())
                    .bind("modelName", model.modelName())
                    .bind("matchPattern", model.matchPattern())
                    .bind("startDate", model.startDate() == null ? null : model.startDate().toEpochMilli())
                    .bind("unit", model.unit())
                    .bind("prices", model.prices())
                    .bind("pricingTiers", model.pricingTiers())
                    .bind("tokenizerId", model.tokenizerId())
                    .bind("tokenizerConfig", model.tokenizerConfig())
                    .bind("createdAt", model.createdAt().toEpochMilli())
                    .execute());
        } catch (StatementException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new GlasshouseException(ErrorCode.CONFLICT, "the project already has a model named '"
                        + model.modelName() + "'; delete it first, or choose another modelName");
            }
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw GlasshouseException.notFound("project " + model.projectId() + " does not exist");
            }
            throw e;
        }
        return model;
    }

    public Optional<ProjectModel> find(ProjectId project, String id) {
        requireNonNull(project, "project is null");
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.PROJECT_MODEL_COLUMNS
                        + " FROM project_models WHERE project_id = :projectId AND id = :id")
                .bind("projectId", project.value())
                .bind("id", id)
                .map(Rows::projectModel)
                .findOne());
    }

    /** Every model of the project, by name. A project has tens of them, not thousands. */
    public List<ProjectModel> list(ProjectId project) {
        requireNonNull(project, "project is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.PROJECT_MODEL_COLUMNS
                        + " FROM project_models WHERE project_id = :projectId ORDER BY model_name, id")
                .bind("projectId", project.value())
                .map(Rows::projectModel)
                .list());
    }

    /** True when the project had the model. */
    public boolean delete(ProjectId project, String id) {
        requireNonNull(project, "project is null");
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM project_models WHERE project_id = :projectId AND id = :id")
                        .bind("projectId", project.value())
                        .bind("id", id)
                        .execute())
                > 0;
    }
}
