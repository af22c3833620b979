package io.glasshouse.storage.clickhouse;

class TestEventQueriesEmbedded extends BaseEventQueriesTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }
}
