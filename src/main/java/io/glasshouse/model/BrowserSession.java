package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A signed-in browser: whose it is and until when it lasts (the end slides while it is used). */
public record BrowserSession(String userId, Instant createdAt, Instant expiresAt) {
    public BrowserSession {
        Ids.requireValid(userId, "userId");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}
