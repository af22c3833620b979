package io.glasshouse.storage.clickhouse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Text search through the HTTP transport, against the chDB-backed stand-in for a server. */
class TestTextSearchHttp extends BaseTextSearchTest {
    private static ChdbBackedClickHouseHttpEndpoint endpoint;

    @BeforeAll
    static void startEndpoint() {
        endpoint = ChdbBackedClickHouseHttpEndpoint.start("glasshouse", "search-password");
    }

    @AfterAll
    static void stopEndpoint() {
        endpoint.close();
    }

    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return HttpClickHouse.connect(HttpClickHouseConfig.of(
                endpoint.url().toString(), "glasshouse", "search-password", TestingClickHouse.newDatabaseName(databasePrefix)));
    }
}
