package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.ApiKeys;
import io.glasshouse.model.ApiKey;

/**
 * A key just created, with its plain secret: the only moment the secret exists outside its
 * owner's hands. Show it once; nothing stores it.
 */
public record CreatedApiKey(ApiKey apiKey, String secretKey) {
    public CreatedApiKey {
        requireNonNull(apiKey, "apiKey is null");
        requireNonNull(secretKey, "secretKey is null");
    }

    public String publicKey() {
        return apiKey.publicKey();
    }

    /** Masks the secret, so logging the record by accident does not leak it. */
    @Override
    public String toString() {
        return "CreatedApiKey[apiKey=" + apiKey + ", secretKey=" + ApiKeys.displaySecret(secretKey) + "]";
    }
}
