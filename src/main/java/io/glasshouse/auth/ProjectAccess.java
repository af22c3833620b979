package io.glasshouse.auth;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.Project;
import io.glasshouse.model.Role;

/** A project a signed-in user may open, with their role in its organisation. */
public record ProjectAccess(Project project, Role role) {
    public ProjectAccess {
        requireNonNull(project, "project is null");
        requireNonNull(role, "role is null");
    }
}
