package io.glasshouse.storage.clickhouse;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A {@link ClickHouse} that passes every call on to {@link #inner()}. The scratch probes
 * ({@link QueryProbe}, {@link DetailWallProbe}) implement it and override only the call they time.
 */
interface ForwardingClickHouse extends ClickHouse {
    ClickHouse inner();

    @Override
    default QueryResult query(Sql sql) {
        return inner().query(sql);
    }

    @Override
    default void execute(Sql sql) {
        inner().execute(sql);
    }

    @Override
    default void insert(String insertSql, String format, List<byte[]> chunks) {
        inner().insert(insertSql, format, chunks);
    }

    @Override
    default boolean readsNativeSegmentsInPlace() {
        return inner().readsNativeSegmentsInPlace();
    }

    @Override
    default void insertSegments(String insertSql, String format, List<MemorySegment> chunks) {
        inner().insertSegments(insertSql, format, chunks);
    }

    @Override
    default String database() {
        return inner().database();
    }

    @Override
    default String describe() {
        return inner().describe();
    }

    @Override
    default void close() {
        inner().close();
    }
}
