package io.glasshouse.storage.clickhouse;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The trace detail through the HTTP transport, against the chDB-backed stand-in for a server. */
class TestTraceDetailHttp extends BaseTraceDetailTest {
    @RegisterExtension
    static final HttpTransportEndpoint ENDPOINT = new HttpTransportEndpoint("detail-password");

    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return ENDPOINT.connect(databasePrefix);
    }
}
