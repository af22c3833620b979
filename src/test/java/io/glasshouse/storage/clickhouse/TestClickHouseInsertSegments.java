package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestClickHouseInsertSegments {
    /** A transport that takes arrays only (as HTTP does) and keeps what it was given. */
    private static final class ArraysOnly implements ClickHouse {
        final List<byte[]> inserted = new ArrayList<>();

        @Override
        public QueryResult query(Sql sql) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Sql sql) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void insert(String insertSql, String format, List<byte[]> chunks) {
            inserted.addAll(chunks);
        }

        @Override
        public String database() {
            return "test";
        }

        @Override
        public String describe() {
            return "arrays only";
        }

        @Override
        public void close() {}
    }

    @Test
    void aWholeArrayGoesAsItIsAndAnythingElseIsCopied() {
        ArraysOnly transport = new ArraysOnly();
        byte[] whole = {1, 2, 3, 4};
        byte[] sliced = {5, 6, 7, 8};

        try (MallocArena arena = new MallocArena()) {
            MemorySegment nativeChunk = arena.allocate(2).copyFrom(MemorySegment.ofArray(new byte[] {9, 10}));
            transport.insertSegments("INSERT INTO t (x)", "RowBinary",
                    List.of(MemorySegment.ofArray(whole), MemorySegment.ofArray(sliced).asSlice(1, 2), nativeChunk));
        }

        assertThat(transport.inserted.get(0)).as("no copy of a whole array").isSameAs(whole);
        assertThat(transport.inserted.get(1)).containsExactly(6, 7);
        assertThat(transport.inserted.get(2)).containsExactly(9, 10);
        assertThat(transport.readsNativeSegmentsInPlace()).isFalse();
    }

    @Test
    void theEventStoreKeepsRowsInNativeMemoryOnlyForATransportThatReadsThemThere() {
        var rows = new io.glasshouse.model.EventBatch(
                List.of(TestingRows.trace(new io.glasshouse.model.ProjectId("p"), "t1", "name", 1)), List.of(), List.of());
        ArraysOnly transport = new ArraysOnly();
        new ClickHouseEventStore(transport).insert(rows);
        assertThat(transport.inserted).isNotEmpty();

        List<Boolean> nativeChunks = new ArrayList<>();
        ClickHouse inPlace = new ForwardingClickHouse() {
            @Override
            public ClickHouse inner() {
                return transport;
            }

            @Override
            public boolean readsNativeSegmentsInPlace() {
                return true;
            }

            @Override
            public void insertSegments(String insertSql, String format, List<MemorySegment> chunks) {
                chunks.forEach(chunk -> nativeChunks.add(chunk.isNative()));
                ForwardingClickHouse.super.insertSegments(insertSql, format, chunks);
            }
        };
        new ClickHouseEventStore(inPlace).insert(rows);
        assertThat(nativeChunks).as("the traces' chunks, then the rollup's (none here)").contains(true);
    }
}
