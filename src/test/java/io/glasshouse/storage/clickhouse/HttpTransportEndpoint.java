package io.glasshouse.storage.clickhouse;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The chDB-backed stand-in for a ClickHouse server, for one test class that runs a shared suite
 * through the HTTP transport: started before the class, closed after it, and a fresh database per
 * connection. Register it as a {@code static} field with {@code @RegisterExtension}.
 */
final class HttpTransportEndpoint implements BeforeAllCallback, AfterAllCallback {
    private static final String USER = "glasshouse";

    private final String password;
    private ChdbBackedClickHouseHttpEndpoint endpoint;

    HttpTransportEndpoint(String password) {
        this.password = password;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        endpoint = ChdbBackedClickHouseHttpEndpoint.start(USER, password);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        endpoint.close();
    }

    /** A client of the endpoint on a new database named after {@code databasePrefix}. */
    ClickHouse connect(String databasePrefix) {
        return HttpClickHouse.connect(HttpClickHouseConfig.of(
                endpoint.url().toString(), USER, password, TestingClickHouse.newDatabaseName(databasePrefix)));
    }
}
