package io.glasshouse.storage.clickhouse;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The metrics rollup through the HTTP transport, against the chDB-backed stand-in for a server. */
class TestObservationRollupHttp extends BaseObservationRollupTest {
    @RegisterExtension
    static final HttpTransportEndpoint ENDPOINT = new HttpTransportEndpoint("events-password");

    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return ENDPOINT.connect(databasePrefix);
    }
}
