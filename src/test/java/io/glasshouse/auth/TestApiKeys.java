package io.glasshouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class TestApiKeys {
    private final ApiKeys apiKeys = new ApiKeys();

    @Test
    void generatesLangfuseStyleKeys() {
        ApiKeyPair pair = apiKeys.generate();

        assertThat(pair.publicKey()).matches("pk-lf-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(pair.secretKey()).matches("sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(apiKeys.generate()).isNotEqualTo(pair);
    }

    @Test
    void displaySecretShowsPrefixAndLastFour() {
        assertThat(ApiKeys.displaySecret("sk-lf-0123456789abcdef")).isEqualTo("sk-lf-...cdef");
        assertThat(ApiKeys.displaySecret("short")).isEqualTo("...");
    }

    @Test
    void pairNeverPrintsItsSecret() {
        ApiKeyPair pair = apiKeys.generate();

        assertThat(pair.toString()).contains(pair.publicKey()).doesNotContain(pair.secretKey());
    }
}
