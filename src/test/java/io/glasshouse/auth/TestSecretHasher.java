package io.glasshouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class TestSecretHasher {
    private final SecretHasher hasher = new SecretHasher();

    @Test
    void hashIsSha256Hex() {
        // sha256("abc"), from FIPS 180-2.
        assertThat(hasher.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void matchesOnlyTheSecret() {
        String hash = hasher.hash("sk-lf-secret");

        assertThat(hasher.matches("sk-lf-secret", hash)).isTrue();
        assertThat(hasher.matches("sk-lf-secreT", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
    }

    @Test
    void malformedHashMatchesNothing() {
        assertThat(hasher.matches("sk-lf-secret", "not hex")).isFalse();
        assertThat(hasher.matches("sk-lf-secret", "")).isFalse();
        assertThat(hasher.matches("sk-lf-secret", hasher.hash("sk-lf-secret").substring(2))).isFalse();
    }
}
