package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ProjectId;

/**
 * The only way to build a statement that reads event rows. It binds the project id itself and
 * refuses statement text that does not filter on it, so a query can neither forget the project
 * nor take it from anywhere but a {@link ProjectId}.
 */
final class ProjectScopedSql {
    static final String PROJECT_FILTER = "project_id = {project_id:String}";

    private ProjectScopedSql() {}

    static Sql.Builder forProject(ProjectId project, String text) {
        requireNonNull(project, "project is null");
        if (!text.contains(PROJECT_FILTER)) {
            throw new IllegalArgumentException("event query must filter on " + PROJECT_FILTER + ": " + text);
        }
        return Sql.of(text).bind("project_id", project.value());
    }
}
