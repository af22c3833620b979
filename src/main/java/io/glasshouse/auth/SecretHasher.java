package io.glasshouse.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes API secrets with plain SHA-256. Generated secrets carry 128 random bits, so a slow,
 * salted hash buys nothing against guessing, while every ingestion request verifies a secret and
 * must stay cheap. Passwords, which people choose, go through {@link PasswordHasher} instead.
 */
public final class SecretHasher {
    /** Lower-case hex of the SHA-256 of the secret's UTF-8 bytes. */
    public String hash(String secret) {
        requireNonNull(secret, "secret is null");
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Compares in constant time, so response times do not reveal how much of a guess was right. */
    public boolean matches(String secret, String expectedHash) {
        requireNonNull(secret, "secret is null");
        requireNonNull(expectedHash, "expectedHash is null");
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(expectedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret), expected);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
