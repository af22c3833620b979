package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

/** A user's role in one organisation; a user has at most one per organisation. */
public record Membership(String organizationId, String userId, Role role) {
    public Membership {
        Ids.requireValid(organizationId, "organizationId");
        Ids.requireValid(userId, "userId");
        requireNonNull(role, "role is null");
    }
}
