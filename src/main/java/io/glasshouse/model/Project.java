package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The unit events belong to; API keys are issued per project. */
public record Project(String id, String organizationId, String name, Instant createdAt) {
    public Project {
        Ids.requireValid(id, "id");
        Ids.requireValid(organizationId, "organizationId");
        Checks.requireNonBlank(name, "name");
        requireNonNull(createdAt, "createdAt is null");
    }
}
