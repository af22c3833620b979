package io.glasshouse.storage.clickhouse;

class TestTextSearchEmbedded extends BaseTextSearchTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }
}
