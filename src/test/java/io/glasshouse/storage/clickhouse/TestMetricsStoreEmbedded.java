package io.glasshouse.storage.clickhouse;

class TestMetricsStoreEmbedded extends BaseMetricsStoreTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }
}
