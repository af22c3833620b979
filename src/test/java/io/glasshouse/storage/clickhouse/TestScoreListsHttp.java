package io.glasshouse.storage.clickhouse;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Score lists through the HTTP transport, against the chDB-backed stand-in for a server. */
class TestScoreListsHttp extends BaseScoreListsTest {
    @RegisterExtension
    static final HttpTransportEndpoint ENDPOINT = new HttpTransportEndpoint("events-password");

    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return ENDPOINT.connect(databasePrefix);
    }
}
