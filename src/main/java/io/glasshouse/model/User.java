package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A person who signs in to the UI. {@code email} keeps the case it was given with. */
public record User(String id, String email, String name, String passwordHash, Instant createdAt) {
    public User {
        Ids.requireValid(id, "id");
        Checks.requireNonBlank(email, "email");
        requireNonNull(name, "name is null");
        Checks.requireNonBlank(passwordHash, "passwordHash");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** Never prints the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", email=" + email + ", name=" + name + ", createdAt=" + createdAt + "]";
    }
}
