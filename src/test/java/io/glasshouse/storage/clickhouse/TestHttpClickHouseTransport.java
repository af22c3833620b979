package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link HttpClickHouse} → {@link ChdbBackedClickHouseHttpEndpoint} → the embedded engine. */
class TestHttpClickHouseTransport extends BaseClickHouseTransportTest {
    private static final String USER = "glasshouse";
    private static final String PASSWORD = "correct horse: battery/staple@";

    private static ChdbBackedClickHouseHttpEndpoint endpoint;

    @BeforeAll
    static void startEndpoint() {
        endpoint = ChdbBackedClickHouseHttpEndpoint.start(USER, PASSWORD);
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.close();
    }

    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return HttpClickHouse.connect(config(PASSWORD, TestingClickHouse.newDatabaseName(databasePrefix)));
    }

    @Test
    void createsItsDatabaseAndDescribesItselfWithoutThePassword() {
        String database = TestingClickHouse.newDatabaseName("described");
        try (HttpClickHouse clickHouse = HttpClickHouse.connect(config(PASSWORD, database))) {
            assertThat(clickHouse.database()).isEqualTo(database);
            String version = clickHouse.query(Sql.plain("SELECT version() AS v")).scalar().asText();
            assertThat(clickHouse.describe())
                    .isEqualTo("ClickHouse " + version + " at " + endpoint.url()
                            + " as user " + USER + ", database " + database)
                    .doesNotContain(PASSWORD);
        }
        assertThat(config(PASSWORD, database).toString()).doesNotContain(PASSWORD).contains("password=***");
    }

    @Test
    void refusesAWrongPasswordWithOneClearMessage() {
        assertThatThrownBy(() -> HttpClickHouse.connect(config("not the password", "wrong_password")))
                .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage())
                            .startsWith("ClickHouse at " + endpoint.url() + " refused user 'glasshouse': Code: 516.")
                            .contains("Authentication failed")
                            .endsWith("Check the ClickHouse user and password Glasshouse is configured with.")
                            .doesNotContain("not the password")
                            .doesNotContain(PASSWORD)
                            .doesNotContain("\n");
                });
    }

    @Test
    void reportsAnUnreachableServerInOneMessageWithoutCredentials() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://" + USER + ":s3cret-in-url@127.0.0.1:" + closedPort;
        HttpClickHouseConfig config = HttpClickHouseConfig.of(url, null, null, "unreachable");
        assertThat(config.password()).isEqualTo("s3cret-in-url");

        assertThatThrownBy(() -> HttpClickHouse.connect(config))
                .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                    assertThat(e.getMessage())
                            .isEqualTo("cannot reach ClickHouse at http://127.0.0.1:" + closedPort + ": connection refused");
                });
    }

    @Test
    void reportsARequestTimeoutAsUnavailable() {
        HttpClickHouseConfig config = config(PASSWORD, TestingClickHouse.newDatabaseName("slow"))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)); // also the connect's own probes: not tighter
        try (HttpClickHouse clickHouse = HttpClickHouse.connect(config)) {
            assertThatThrownBy(() -> clickHouse.query(Sql.plain("SELECT sleep(3) AS slept")))
                    .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                        assertThat(e.getMessage()).isEqualTo(
                                "cannot reach ClickHouse at " + endpoint.url() + ": no answer within 2 s");
                    });
        }
    }

    @Test
    void aReadIsSentAgainWhenItsConnectionWasDroppedAndAWriteIsNot() throws IOException {
        String database = TestingClickHouse.newDatabaseName("dropped");
        try (DroppingProxy proxy = DroppingProxy.start(endpoint.url());
                HttpClickHouse clickHouse = HttpClickHouse.connect(
                        HttpClickHouseConfig.of(proxy.url().toString(), USER, PASSWORD, database))) {
            clickHouse.execute(Sql.plain("CREATE TABLE t (n UInt32) ENGINE = MergeTree ORDER BY n"));
            int before = proxy.connections();

            proxy.dropNextRequest();
            assertThat(clickHouse.query(Sql.plain("SELECT 42 AS answer")).scalar().asInt()).isEqualTo(42);
            assertThat(proxy.connections()).isEqualTo(before + 1);

            proxy.dropNextRequest();
            assertThatThrownBy(() -> clickHouse.execute(Sql.plain("INSERT INTO t VALUES (1)")))
                    .isInstanceOfSatisfying(GlasshouseException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
            assertThat(clickHouse.query(Sql.plain("SELECT count() AS n FROM t")).scalar().asInt()).isZero();
        }
    }

    private static HttpClickHouseConfig config(String password, String database) {
        return HttpClickHouseConfig.of(endpoint.url().toString(), USER, password, database);
    }
}
