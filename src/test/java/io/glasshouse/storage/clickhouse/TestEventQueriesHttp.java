package io.glasshouse.storage.clickhouse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The list queries through the HTTP transport, against the chDB-backed stand-in for a server. */
class TestEventQueriesHttp extends BaseEventQueriesTest {
    private static ChdbBackedClickHouseHttpEndpoint endpoint;

    @BeforeAll
    static void startEndpoint() {
        endpoint = ChdbBackedClickHouseHttpEndpoint.start("glasshouse", "queries-password");
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.close();
    }

    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return HttpClickHouse.connect(HttpClickHouseConfig.of(
                endpoint.url().toString(), "glasshouse", "queries-password", TestingClickHouse.newDatabaseName(databasePrefix)));
    }
}
