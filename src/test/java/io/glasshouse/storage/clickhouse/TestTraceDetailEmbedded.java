package io.glasshouse.storage.clickhouse;

class TestTraceDetailEmbedded extends BaseTraceDetailTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }
}
