package io.glasshouse.storage.clickhouse;

class TestScoreListsEmbedded extends BaseScoreListsTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }
}
