package io.glasshouse.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.error.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The shared suite on a real PostgreSQL server, plus PostgreSQL's connection failures. */
final class TestMetadataStorePostgres extends BaseMetadataStoreTest {
    @Override
    String newDatabaseUrl() {
        return TestingPostgres.instance().newDatabaseUrl();
    }

    @Test
    void unreachableServerIsAConfigurationErrorThatHidesThePassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/meta?user=glasshouse&password=hunter2";

        String message = assertFails(ErrorCode.CONFIGURATION, () -> MetadataStore.open(url, dataDir));

        assertThat(message)
                .startsWith("cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/meta?user=glasshouse&password=***: ")
                .doesNotContain("hunter2")
                .doesNotContain("\n");
    }

    @Test
    void missingDatabaseIsAConfigurationError() {
        String url = "jdbc:postgresql://127.0.0.1:" + TestingPostgres.instance().port()
                + "/no_such_database?user=glasshouse";

        String message = assertFails(ErrorCode.CONFIGURATION, () -> MetadataStore.open(url, dataDir));

        assertThat(message).startsWith("cannot reach PostgreSQL at ").contains("no_such_database");
    }

    @Test
    void descriptionHidesThePassword() {
        // The test server trusts every local connection, so any password is accepted.
        String url = TestingPostgres.instance().newDatabaseUrl() + "&password=hunter2";

        try (MetadataStore withPassword = MetadataStore.open(url, dataDir, clock, FAST_PASSWORDS)) {
            assertThat(withPassword.describe()).startsWith("PostgreSQL at ").contains("password=***")
                    .doesNotContain("hunter2");
        }
    }
}
