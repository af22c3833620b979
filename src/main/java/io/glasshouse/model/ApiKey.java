package io.glasshouse.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A project's API key as stored: the public key in clear, the secret only as a hash plus a short
 * display form ({@code sk-lf-...abcd}) so people can tell keys apart. {@code lastUsedAt} and
 * {@code revokedAt} are null until the key is used or revoked.
 */
public record ApiKey(
        String id,
        String projectId,
        String publicKey,
        String secretHash,
        String displaySecret,
        String note,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt) {
    public ApiKey {
        Ids.requireValid(id, "id");
        Ids.requireValid(projectId, "projectId");
        Checks.requireNonBlank(publicKey, "publicKey");
        Checks.requireNonBlank(secretHash, "secretHash");
        requireNonNull(displaySecret, "displaySecret is null");
        requireNonNull(note, "note is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** Leaves the secret hash out: operator-chosen secrets may be weak enough to guess from it. */
    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", projectId=" + projectId + ", publicKey=" + publicKey
                + ", displaySecret=" + displaySecret + ", createdAt=" + createdAt
                + ", lastUsedAt=" + lastUsedAt + ", revokedAt=" + revokedAt + "]";
    }
}
