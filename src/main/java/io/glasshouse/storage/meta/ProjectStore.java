package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.Ids;
import io.glasshouse.model.Organization;
import io.glasshouse.model.Project;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/** Organisations and their projects. Project names are unique within an organisation. */
public final class ProjectStore {
    private final Jdbi jdbi;
    private final Clock clock;

    ProjectStore(Jdbi jdbi, Clock clock) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Organization createOrganization(String name) {
        Organization organization =
                new Organization(Ids.random(), Inputs.name(name, "organization"), Instant.ofEpochMilli(clock.millis()));
        jdbi.useHandle(handle -> handle.createUpdate(
                        "INSERT INTO organizations (id, name, created_at) VALUES (:id, :name, :createdAt)")
                .bind("id", organization.id())
                .bind("name", organization.name())
                .bind("createdAt", organization.createdAt().toEpochMilli())
                .execute());
        return organization;
    }

    public Optional<Organization> findOrganization(String id) {
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + Rows.ORGANIZATION_COLUMNS + " FROM organizations WHERE id = :id")
                .bind("id", id)
                .map(Rows::organization)
                .findOne());
    }

    /**
     * The oldest organisation with exactly this name. Names need not be unique; headless start-up
     * looks organisations up by name and settles on the first one made.
     */
    public Optional<Organization> findOrganizationByName(String name) {
        requireNonNull(name, "name is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.ORGANIZATION_COLUMNS
                        + " FROM organizations WHERE name = :name ORDER BY created_at, id LIMIT 1")
                .bind("name", name.strip())
                .map(Rows::organization)
                .findOne());
    }

    /** Every organisation, oldest first. */
    public List<Organization> organizations() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + Rows.ORGANIZATION_COLUMNS + " FROM organizations ORDER BY created_at, id")
                .map(Rows::organization)
                .list());
    }

    /** True until the first organisation exists. */
    public boolean isEmpty() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM organizations")
                        .mapTo(Long.class)
                        .one())
                == 0;
    }

    /**
     * @throws GlasshouseException NOT_FOUND when the organisation does not exist, CONFLICT when it
     *     already has a project with this name
     */
    public Project createProject(String organizationId, String name) {
        requireNonNull(organizationId, "organizationId is null");
        if (!Ids.isValid(organizationId)) {
            throw GlasshouseException.notFound("organization " + organizationId + " does not exist");
        }
        Project project = new Project(
                Ids.random(), organizationId, Inputs.name(name, "project"), Instant.ofEpochMilli(clock.millis()));
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO projects (id, organization_id, name, created_at)"
                            + " VALUES (:id, :organizationId, :name, :createdAt)")
                    .bind("id", project.id())
                    .bind("organizationId", project.organizationId())
                    .bind("name", project.name())
                    .bind("createdAt", project.createdAt().toEpochMilli())
                    .execute());
        } catch (StatementException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw GlasshouseException.notFound("organization " + organizationId + " does not exist");
            }
            if (SqlErrors.isUniqueViolation(e)) {
                throw new GlasshouseException(
                        ErrorCode.CONFLICT, "the organization already has a project named '" + project.name() + "'");
            }
            throw e;
        }
        return project;
    }

    public Optional<Project> findProject(String id) {
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + Rows.PROJECT_COLUMNS + " FROM projects WHERE id = :id")
                .bind("id", id)
                .map(Rows::project)
                .findOne());
    }

    public Optional<Project> findProject(String organizationId, String name) {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(name, "name is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.PROJECT_COLUMNS
                        + " FROM projects WHERE organization_id = :organizationId AND name = :name")
                .bind("organizationId", organizationId)
                .bind("name", name.strip())
                .map(Rows::project)
                .findOne());
    }

    /** The organisation's projects, oldest first. */
    public List<Project> projects(String organizationId) {
        requireNonNull(organizationId, "organizationId is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.PROJECT_COLUMNS
                        + " FROM projects WHERE organization_id = :organizationId ORDER BY created_at, id")
                .bind("organizationId", organizationId)
                .map(Rows::project)
                .list());
    }
}
