package io.glasshouse.storage.clickhouse;

class TestEventStoreEmbedded extends BaseEventStoreTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }
}
