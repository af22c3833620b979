package io.glasshouse.storage.clickhouse;

class TestObservationRollupEmbedded extends BaseObservationRollupTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }
}
