package io.glasshouse.storage.clickhouse;

import java.net.URI;

/**
 * A ClickHouse HTTP endpoint on the test JVM's engine, for starting the whole server in-process
 * (the embedded transport allows one engine per process, and the tests already hold it).
 */
public final class TestingClickHouseServer implements AutoCloseable {
    public static final String USER = "glasshouse";
    public static final String PASSWORD = "in-process-password";

    private final ChdbBackedClickHouseHttpEndpoint endpoint;

    private TestingClickHouseServer(ChdbBackedClickHouseHttpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public static TestingClickHouseServer start() {
        return new TestingClickHouseServer(ChdbBackedClickHouseHttpEndpoint.start(USER, PASSWORD));
    }

    public URI url() {
        return endpoint.url();
    }

    /** A database name no other test uses. */
    public static String newDatabaseName(String prefix) {
        return TestingClickHouse.newDatabaseName(prefix);
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
