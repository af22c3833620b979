package io.glasshouse.auth;

import static java.util.Objects.requireNonNull;

/** A public key and its plain secret, as handed to a user once. */
public record ApiKeyPair(String publicKey, String secretKey) {
    public ApiKeyPair {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(secretKey, "secretKey is null");
    }

    /** Masks the secret, so logging the pair by accident does not leak it. */
    @Override
    public String toString() {
        return "ApiKeyPair[publicKey=" + publicKey + ", secretKey=" + ApiKeys.displaySecret(secretKey) + "]";
    }
}
