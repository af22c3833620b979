package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

/** What a member may do in an organisation, strongest first. */
public enum Role {
    OWNER(4),
    ADMIN(3),
    MEMBER(2),
    VIEWER(1);

    private final int rank;

    Role(int rank) {
        this.rank = rank;
    }

    /** True when this role may do everything {@code other} may do. */
    public boolean includes(Role other) {
        requireNonNull(other, "other is null");
        return rank >= other.rank;
    }
}
