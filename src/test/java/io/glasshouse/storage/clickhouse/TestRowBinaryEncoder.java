package io.glasshouse.storage.clickhouse;


import static io.glasshouse.storage.clickhouse.TestingRows.generation;
import static io.glasshouse.storage.clickhouse.TestingRows.score;
import static io.glasshouse.storage.clickhouse.TestingRows.trace;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestRowBinaryEncoder {
    private static final ProjectId PROJECT = new ProjectId("p");

    // RowBinary bytes carry no types: a writer method that disagrees with the schema would store garbage.
    @Test
    void everyColumnIsWrittenAsTheTypeTheSchemaDeclares() {
        try (EmbeddedClickHouse clickHouse = TestingClickHouse.newDatabase("rowbinary_types")) {
            new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
            assertThat(typesOf(RowBinaryEncoder.encode(List.of(trace(PROJECT, "t", "n", 1)), EventColumns.TRACE)))
                    .isEqualTo(schemaTypes(clickHouse, "traces"));
            assertThat(typesOf(RowBinaryEncoder.encode(List.of(generation(PROJECT, "t", "g", 1)), EventColumns.OBSERVATION)))
                    .isEqualTo(schemaTypes(clickHouse, "observations"));
            assertThat(typesOf(RowBinaryEncoder.encode(List.of(score(PROJECT, "s", "t", 1)), EventColumns.SCORE)))
                    .isEqualTo(schemaTypes(clickHouse, "scores"));
            assertThat(typesOf(HourlyRollupRows.encode(List.of(new ObservationRollup.Signed(generation(PROJECT, "t", "g", 1), 1)))))
                    .isEqualTo(schemaTypes(clickHouse, HourlyRollupRows.TABLE));
        }
    }

    @Test
    void writesNullsLengthsAndLittleEndianNumbersAsClickHouseReadsThem() {
        ObservationRow span = new ObservationRow(PROJECT, "t", "ü", ObservationType.SPAN, null, null, "default",
                Instant.ofEpochSecond(1, 2_999), null, null, ObservationLevel.DEFAULT, null, null, null, null,
                Map.of(), null, null, null, Map.of(), Map.of(), Map.of(), Map.of(), null, null, null, 300, Map.of(), null,
                258, true);
        byte[] bytes = RowBinaryEncoder.encode(List.of(span), EventColumns.OBSERVATION).chunks().getFirst().toArray(JAVA_BYTE);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "0170" + "0174" + "02c3bc" + "045350414e" // project_id, trace_id, id (UTF-8), type
                        + "01" + "01" + "0764656661756c74" // parent, name: NULL; environment
                        + "42420f0000000000" // start_time: 1,000,002 µs, nanoseconds cut
                        + "01" + "01" + "0744454641554c54" // end, completion: NULL; level
                        + "01010101" + "00" // status, version, input, output: NULL; metadata {}
                        + "010101" + "00000000" // model, model id, parameters: NULL; four empty maps
                        + "01" + "01" + "01" + "002c010000" // total_cost, prompt id, name: NULL; prompt_version 300
                        + "00" + "01" // resource_attributes {}, scope NULL
                        + "0201000000000000" + "01"); // event_version 258, is_deleted
    }

    @Test
    void cutsLargeBatchesIntoChunksAtRowBoundaries() {
        String input = "x".repeat(10_000);
        List<ObservationRow> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new ObservationRow(PROJECT, "t", String.format("o-%03d", i), ObservationType.SPAN, null, null, "default",
                    TestingRows.T0, null, null, ObservationLevel.DEFAULT, null, null, input, null, Map.of(), null, null,
                    null, Map.of(), Map.of(), Map.of(), Map.of(), null, null, null, null, Map.of(), null, i, false));
        }
        List<byte[]> chunks = arrays(RowBinaryEncoder.encode(rows, EventColumns.OBSERVATION));
        byte[] one = arrays(RowBinaryEncoder.encode(rows.subList(0, 1), EventColumns.OBSERVATION)).getFirst();

        assertThat(chunks).hasSizeGreaterThan(2);
        for (byte[] chunk : chunks.subList(0, chunks.size() - 1)) {
            assertThat(chunk.length).isBetween(RowBinaryEncoder.CHUNK_BYTES, RowBinaryEncoder.CHUNK_BYTES + one.length);
            assertThat(chunk.length % one.length).as("whole rows only (every row here is as long)").isZero();
        }
        assertThat(chunks.stream().mapToInt(c -> c.length).sum()).isEqualTo(300 * one.length);
    }

    @Test
    void encodesTheSameChunksIntoNativeMemory() {
        List<ObservationRow> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new ObservationRow(PROJECT, "t", "o-" + i, ObservationType.SPAN, null, "ü-" + i, "default",
                    TestingRows.T0, null, null, ObservationLevel.DEFAULT, null, null, "x".repeat(5_000 + i), null,
                    Map.of("k", "v" + i), null, null, null, Map.of(), Map.of(), Map.of(), Map.of(), null, null, null, null,
                    Map.of(), null, i, false));
        }
        List<byte[]> onHeap = arrays(RowBinaryEncoder.encode(rows, EventColumns.OBSERVATION));
        try (MallocArena arena = new MallocArena()) {
            RowBinaryEncoder.Encoded encoded = RowBinaryEncoder.encode(rows, EventColumns.OBSERVATION, arena);

            assertThat(encoded.chunks()).hasSizeGreaterThan(1).allSatisfy(chunk -> assertThat(chunk.isNative()).isTrue());
            assertThat(arrays(encoded)).zipSatisfy(onHeap, (nativeChunk, heapChunk) -> assertThat(nativeChunk).isEqualTo(heapChunk));
        }
    }

    // Large encodings write to pooled scratch arrays that still hold an earlier request's bytes.
    @Test
    void aReusedScratchArrayEncodesAsAFreshOne() {
        int free = RowBinaryEncoder.Scratch.free();
        // Leaves the array it used, full of "y", on top of the pool, where the next batch takes it.
        RowBinaryEncoder.encode(spans(300, "y".repeat(9_000), TestingRows.T0), EventColumns.OBSERVATION);
        assertThat(RowBinaryEncoder.Scratch.free()).as("the array came back to the pool").isEqualTo(Math.max(1, free));
        List<ObservationRow> rows = spans(300, "short", TestingRows.T0);

        byte[] pooled = concatenated(arrays(RowBinaryEncoder.encode(rows, EventColumns.OBSERVATION)));
        // Batches of 100 rows are below the pooled size: each gets a fresh array.
        List<byte[]> fresh = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += 100) {
            fresh.addAll(arrays(RowBinaryEncoder.encode(rows.subList(from, from + 100), EventColumns.OBSERVATION)));
        }

        assertThat(pooled).isEqualTo(concatenated(fresh));
    }

    @Test
    void aFailedEncodingStillReturnsItsScratchArray() {
        RowBinaryEncoder.encode(spans(300, "z", TestingRows.T0), EventColumns.OBSERVATION);
        int free = RowBinaryEncoder.Scratch.free();
        List<ObservationRow> rows = new ArrayList<>(spans(299, "z", TestingRows.T0));
        rows.addAll(spans(1, "z", Instant.parse("2400-01-01T00:00:00Z")));

        assertThatThrownBy(() -> RowBinaryEncoder.encode(rows, EventColumns.OBSERVATION))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("DateTime64");
        assertThat(RowBinaryEncoder.Scratch.free()).isEqualTo(free);
    }

    @Test
    void aMallocArenaHandsOutWritableMemoryAndRefusesAfterClosing() {
        MallocArena arena = new MallocArena();
        MemorySegment block = arena.allocate(1 << 20);
        block.fill((byte) 7);
        MemorySegment empty = arena.allocate(0);

        assertThat(block.byteSize()).isEqualTo(1 << 20);
        assertThat(block.get(JAVA_BYTE, (1 << 20) - 1)).isEqualTo((byte) 7);
        assertThat(empty.byteSize()).isZero();
        assertThat(block.address() % 16).as("malloc's alignment").isZero();
        assertThatThrownBy(() -> arena.allocate(64, 32)).isInstanceOf(IllegalArgumentException.class);
        arena.close();
        arena.close();
        assertThat(arena.isClosed()).isTrue();
        assertThatThrownBy(() -> arena.allocate(8)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void encodesNoRowsAsNoChunks() {
        assertThat(RowBinaryEncoder.encode(List.of(), EventColumns.OBSERVATION).chunks()).isEmpty();
    }

    private static List<ObservationRow> spans(int count, String input, Instant start) {
        List<ObservationRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new ObservationRow(PROJECT, "t", "o-" + i, ObservationType.SPAN, null, "span " + i, "default", start,
                    null, null, ObservationLevel.DEFAULT, null, null, input, null, Map.of("k", "v" + i), null, null, null,
                    Map.of(), Map.of(), Map.of(), Map.of(), null, null, null, null, Map.of(), null, i, false));
        }
        return rows;
    }

    private static byte[] concatenated(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static List<byte[]> arrays(RowBinaryEncoder.Encoded encoded) {
        return encoded.chunks().stream().map(chunk -> chunk.toArray(JAVA_BYTE)).toList();
    }

    private static Map<String, String> typesOf(RowBinaryEncoder.Encoded encoded) {
        Map<String, String> types = new LinkedHashMap<>();
        encoded.columns().forEach(column -> types.put(column.name(), column.type()));
        return types;
    }

    // Every column but the two the server leaves to their defaults, in table order.
    private static Map<String, String> schemaTypes(ClickHouse clickHouse, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        clickHouse.query(Sql.of("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String}"
                                + " AND name NOT IN ('created_at', 'updated_at') ORDER BY position")
                        .bind("t", table)
                        .build())
                .rows()
                .forEach(row -> types.put(row.get("name").asText(), row.get("type").asText()));
        return types;
    }
}
