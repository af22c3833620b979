package io.glasshouse.storage.clickhouse;

class TestEmbeddedClickHouseTransport extends BaseClickHouseTransportTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }
}
