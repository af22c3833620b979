package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A tenant: owns projects and has members. */
public record Organization(String id, String name, Instant createdAt) {
    public Organization {
        Ids.requireValid(id, "id");
        Checks.requireNonBlank(name, "name");
        requireNonNull(createdAt, "createdAt is null");
    }
}
