package io.glasshouse.storage.clickhouse;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The list queries through the HTTP transport, against the chDB-backed stand-in for a server. */
class TestEventQueriesHttp extends BaseEventQueriesTest {
    @RegisterExtension
    static final HttpTransportEndpoint ENDPOINT = new HttpTransportEndpoint("queries-password");

    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return ENDPOINT.connect(databasePrefix);
    }
}
