package io.glasshouse.auth;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Generates Langfuse-style key pairs, {@code pk-lf-<uuid>} and {@code sk-lf-<uuid>}, so Langfuse
 * SDK users recognise them and tools that check the prefix accept them.
 */
public final class ApiKeys {
    public static final String PUBLIC_KEY_PREFIX = "pk-lf-";
    public static final String SECRET_KEY_PREFIX = "sk-lf-";

    private final SecureRandom random;

    public ApiKeys() {
        this(new SecureRandom());
    }

    public ApiKeys(SecureRandom random) {
        this.random = requireNonNull(random, "random is null");
    }

    public ApiKeyPair generate() {
        return new ApiKeyPair(PUBLIC_KEY_PREFIX + UUID.randomUUID(), SECRET_KEY_PREFIX + randomUuidShaped());
    }

    /**
     * The secret's prefix and last four characters, e.g. {@code sk-lf-...abcd}: enough to tell keys
     * apart in a list, far too little to guess the rest.
     */
    public static String displaySecret(String secretKey) {
        requireNonNull(secretKey, "secretKey is null");
        if (secretKey.length() < 16) {
            return "...";
        }
        return secretKey.substring(0, SECRET_KEY_PREFIX.length()) + "..." + secretKey.substring(secretKey.length() - 4);
    }

    /**
     * 128 random bits written like a UUID. A version 4 UUID would spend 6 bits on its version
     * and variant; the secret keeps them all random.
     */
    private String randomUuidShaped() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
