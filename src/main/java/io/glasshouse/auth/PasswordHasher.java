package io.glasshouse.auth;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with PBKDF2-HMAC-SHA256 from the JDK, encoded as
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. The iteration count travels in
 * the hash, so it can rise later without invalidating stored passwords: {@link #needsRehash} tells
 * the caller when to re-hash after a successful sign-in.
 */
public final class PasswordHasher {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 210_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    // A stored hash is trusted data, but a corrupted count must not pin a CPU for minutes.
    private static final int MAX_ITERATIONS = 10_000_000;

    private final int iterations;
    private final SecureRandom random;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** Tests use a low count to stay fast; production uses {@link #DEFAULT_ITERATIONS}. */
    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS);
        }
        this.iterations = iterations;
        this.random = new SecureRandom();
    }

    public int iterations() {
        return iterations;
    }

    public String hash(String password) {
        requireNonNull(password, "password is null");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /**
     * True when {@code password} produced {@code encoded}. A malformed or tampered hash verifies
     * nothing and answers false: a sign-in fails rather than erroring.
     */
    public boolean verify(String password, String encoded) {
        requireNonNull(password, "password is null");
        requireNonNull(encoded, "encoded is null");
        Encoded parsed = Encoded.parse(encoded);
        if (parsed == null) {
            return false;
        }
        return MessageDigest.isEqual(pbkdf2(password, parsed.salt(), parsed.iterations()), parsed.hash());
    }

    /** True when {@code encoded} used fewer iterations than this hasher, or cannot be read. */
    public boolean needsRehash(String encoded) {
        requireNonNull(encoded, "encoded is null");
        Encoded parsed = Encoded.parse(encoded);
        return parsed == null || parsed.iterations() < iterations;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private record Encoded(int iterations, byte[] salt, byte[] hash) {
        /** Null when the text is not a hash this class wrote. */
        static Encoded parse(String encoded) {
            String[] parts = encoded.split("\\$", -1);
            if (parts.length != 4 || !parts[0].equals(SCHEME)) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                byte[] hash = Base64.getDecoder().decode(parts[3]);
                if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || hash.length != HASH_BITS / 8) {
                    return null;
                }
                return new Encoded(iterations, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
