package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestHttpClickHouseConfig {
    @Test
    void pinsTheDefaults() {
        HttpClickHouseConfig config = HttpClickHouseConfig.of("http://clickhouse:8123", null, null, "glasshouse");
        assertThat(config.url()).isEqualTo(URI.create("http://clickhouse:8123"));
        assertThat(config.user()).isEqualTo("default");
        assertThat(config.password()).isEmpty();
        assertThat(config.database()).isEqualTo("glasshouse");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void takesCredentialsOutOfTheUrl() {
        HttpClickHouseConfig fromUrl =
                HttpClickHouseConfig.of("https://ingest:p%40ss%3Aword@ch.example.com:8443/proxy/", null, null, "gh");
        assertThat(fromUrl.url()).isEqualTo(URI.create("https://ch.example.com:8443/proxy/"));
        assertThat(fromUrl.user()).isEqualTo("ingest");
        assertThat(fromUrl.password()).isEqualTo("p@ss:word");

        HttpClickHouseConfig explicit = HttpClickHouseConfig.of("http://ingest:old@ch:8123", "reader", "new", "gh");
        assertThat(explicit.user()).isEqualTo("reader");
        assertThat(explicit.password()).isEqualTo("new");
        assertThat(explicit.url()).hasToString("http://ch:8123");
    }

    @Test
    void neverShowsThePassword() {
        HttpClickHouseConfig config = HttpClickHouseConfig.of("http://ch:8123", "u", "hunter2", "gh");
        assertThat(config.toString()).doesNotContain("hunter2").contains("password=***");
        assertThat(HttpClickHouseConfig.of("http://ch:8123", "u", "", "gh").toString()).contains("password=none");

        assertThatThrownBy(() -> HttpClickHouseConfig.of("ftp://u:hunter2@ch:8123", null, null, "gh"))
                .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage()).contains("'ftp://ch:8123'").doesNotContain("hunter2");
                });
        assertThatThrownBy(() -> HttpClickHouseConfig.of("http://u:hunter2@ch:8123/a b", null, null, "gh"))
                .isInstanceOf(GlasshouseException.class)
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> HttpClickHouseConfig.of("clickhouse:8123", null, null, "gh"))
                .hasMessageContaining("must be http:// or https:// with a host");
        assertThatThrownBy(() -> HttpClickHouseConfig.of("http://ch:8123/?database=x", null, null, "gh"))
                .hasMessageContaining("must not have a query");
        assertThatThrownBy(() -> HttpClickHouseConfig.of("http://ch:8123", null, null, "glass-house"))
                .hasMessageContaining("must be letters, digits and underscores");
        assertThatThrownBy(() -> HttpClickHouseConfig.of("http://ch:8123", null, null, "gh")
                        .withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("timeouts must be positive");
    }
}
