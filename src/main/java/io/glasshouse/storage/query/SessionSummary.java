package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A session as Langfuse lists it: its id, when its first trace started, and its environment. */
public record SessionSummary(String id, Instant createdAt, String environment) {
    public SessionSummary {
        requireNonNull(id, "id is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(environment, "environment is null");
    }
}
