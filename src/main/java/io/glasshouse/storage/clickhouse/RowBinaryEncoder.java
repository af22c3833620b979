package io.glasshouse.storage.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Encodes rows in ClickHouse's RowBinary, the engine's cheapest input format (DESIGN.md §2): no
 * field names, no quoting, no number or date parsing on the engine side. The bytes carry no
 * types, so each writer method is named after the exact column type it encodes and records it;
 * {@code TestRowBinaryEncoder} checks them against the tables' types in the engine.
 *
 * <p>Encodings: String and LowCardinality(String) = LEB128 length + UTF-8 bytes; Nullable(T) = one
 * byte (1 = NULL, 0 = a T follows); integers, Float64 and Bool little-endian fixed width;
 * DateTime64(6) = Int64 microseconds since the epoch; Decimal64(12) = Int64 of value × 10^12;
 * Array and Map = LEB128 count, then the elements (a map's as key, value pairs).
 *
 * <p>A value the column cannot hold is refused here with the engine's error code, as the engine
 * refuses it in a text format: RowBinary would store it silently wrapped or out of range.
 */
final class RowBinaryEncoder {
    static final String FORMAT = "RowBinary";
    static final int CHUNK_BYTES = 1 << 20;
    // ClickHouse's error codes for a value outside its type, used as the engine would use them.
    private static final int DECIMAL_OVERFLOW = 407;
    private static final int VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE = 321;
    private static final long MAX_DECIMAL64 = 999_999_999_999_999_999L;
    private static final BigInteger MAX_DECIMAL128 = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
    // DateTime64's range: 1900-01-01 00:00:00 to 2299-12-31 23:59:59.999999 UTC.
    private static final long MIN_DATETIME64_SECONDS = -2_208_988_800L;
    private static final long MAX_DATETIME64_SECONDS = 10_413_791_999L;

    private RowBinaryEncoder() {}

    /** Writes one row's columns in the order of the INSERT's column list. */
    @FunctionalInterface
    interface Columns<T> {
        void write(T row, Row out);
    }

    /** A column as the encoder writes it: its name and ClickHouse type, spelled as the engine spells it. */
    record Column(String name, String type) {}

    /** The encoded rows and the columns they carry, in order; chunks on the heap or in native memory. */
    record Encoded(List<Column> columns, List<MemorySegment> chunks) {
        String insertStatement(String table) {
            return "INSERT INTO " + table + " (" + String.join(", ", columns.stream().map(Column::name).toList()) + ")";
        }
    }

    /** Encodes into chunks on the heap. */
    static <T> Encoded encode(List<T> rows, Columns<T> columns) {
        return encode(rows, columns, null);
    }

    /**
     * Encodes into chunks allocated from {@code nativeMemory} (on the heap when null). The rows
     * are written to a scratch array on the heap ({@link Scratch}: large batches reuse one, which
     * goes back when this call ends), and each full chunk is copied out once, as the heap variant
     * copies it to an array of its exact size.
     */
    static <T> Encoded encode(List<T> rows, Columns<T> columns, Arena nativeMemory) {
        Row row = new Row(rows.size(), nativeMemory);
        try {
            for (T value : rows) {
                columns.write(value, row);
                row.endRow();
            }
            return new Encoded(List.copyOf(row.columns), row.finish());
        } finally {
            row.returnScratch();
        }
    }

    /**
     * The scratch arrays of large encodings, kept for the next one. A request's rows are written
     * to a scratch array and copied out chunk by chunk, so the array is garbage as soon as the
     * request is encoded: a fresh 1.25 MB array per OTLP request of a few hundred spans was an
     * eighth of what the request path allocates (JFR's allocation samples under bench/ingest), all
     * of it zeroed by the JVM first, and on a server whose heap is still growing touched page by
     * page for the first time. At most {@link #POOLED} arrays are kept (10 MB), enough for the
     * requests a few cores encode at once; when none is free a request allocates its own. Only
     * batches of 160 rows or more take and give back arrays, and an array grown for a long row is
     * dropped. What an array held before is never read: chunks copy only the bytes written.
     */
    static final class Scratch {
        static final int BYTES = CHUNK_BYTES + (CHUNK_BYTES >> 2);
        static final int POOLED = 8;
        // What a scratch array allows per row: a GenAI row is a few KB.
        private static final int BYTES_PER_ROW = 8192;
        // Rows from which a batch takes a pooled array.
        private static final int POOLED_FROM_ROWS = BYTES / BYTES_PER_ROW;
        // Last in, first out: the array used last is the likeliest to be in the cache still.
        private static final LinkedBlockingDeque<byte[]> FREE = new LinkedBlockingDeque<>(POOLED);

        private Scratch() {}

        static boolean pooled(int rows) {
            return rows >= POOLED_FROM_ROWS;
        }

        static byte[] take(int rows) {
            if (!pooled(rows)) {
                return new byte[Math.max(1, rows) * BYTES_PER_ROW];
            }
            byte[] free = FREE.pollFirst();
            return free != null ? free : new byte[BYTES];
        }

        /** Gives back an array {@link #take} handed to a batch of {@code rows}, unless it was grown since. */
        static void give(int rows, byte[] buffer) {
            if (pooled(rows) && buffer.length == BYTES) {
                FREE.offerFirst(buffer);
            }
        }

        /** Arrays waiting in the pool; for tests. */
        static int free() {
            return FREE.size();
        }
    }

    /**
     * The row being written. The first row's calls also record the column list; every row must
     * make the same calls in the same order, which the {@link Columns} lambdas do by construction.
     */
    static final class Row {
        private final List<Column> columns = new ArrayList<>();
        private final List<MemorySegment> chunks = new ArrayList<>();
        private final Arena nativeMemory;
        private final int rows;
        private boolean firstRow = true;
        private byte[] buffer;
        private int size;

        private Row(int rows, Arena nativeMemory) {
            this.nativeMemory = nativeMemory;
            this.rows = rows;
            // Most GenAI rows are a few KB; start near a chunk for large batches without over-allocating small ones.
            buffer = Scratch.take(rows);
        }

        private void returnScratch() {
            Scratch.give(rows, buffer);
            buffer = null;
        }

        private void column(String name, String type) {
            if (firstRow) {
                columns.add(new Column(name, type));
            }
        }

        private void endRow() {
            firstRow = false;
            if (size >= CHUNK_BYTES) {
                cutChunk();
            }
        }

        private List<MemorySegment> finish() {
            if (size > 0) {
                cutChunk();
            }
            return List.copyOf(chunks);
        }

        private void cutChunk() {
            chunks.add(nativeMemory == null
                    ? MemorySegment.ofArray(Arrays.copyOf(buffer, size))
                    : nativeMemory.allocate(size).copyFrom(MemorySegment.ofArray(buffer).asSlice(0, size)));
            size = 0;
        }

        Row string(String name, String value) {
            column(name, "String");
            text(value);
            return this;
        }

        Row lowCardinalityString(String name, String value) {
            column(name, "LowCardinality(String)");
            text(value);
            return this;
        }

        /** RowBinary carries LowCardinality as its nested type: the bytes of {@link #nullableString}. */
        Row lowCardinalityNullableString(String name, String value) {
            column(name, "LowCardinality(Nullable(String))");
            if (isNull(value)) {
                return this;
            }
            text(value);
            return this;
        }

        Row nullableString(String name, String value) {
            column(name, "Nullable(String)");
            if (isNull(value)) {
                return this;
            }
            text(value);
            return this;
        }

        Row strings(String name, List<String> values) {
            column(name, "Array(String)");
            varint(values.size());
            values.forEach(this::text);
            return this;
        }

        Row bool(String name, boolean value) {
            column(name, "Bool");
            byte1(value ? 1 : 0);
            return this;
        }

        Row int8(String name, int value) {
            if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
                throw outOfRange(name, value + " does not fit Int8");
            }
            column(name, "Int8");
            byte1(value);
            return this;
        }

        Row uint8(String name, boolean value) {
            column(name, "UInt8");
            byte1(value ? 1 : 0);
            return this;
        }

        Row int64(String name, long value) {
            column(name, "Int64");
            int64(value);
            return this;
        }

        Row uint64(String name, long value) {
            column(name, "UInt64");
            int64(unsigned(name, value));
            return this;
        }

        Row nullableUint32(String name, Integer value) {
            column(name, "Nullable(UInt32)");
            if (isNull(value)) {
                return this;
            }
            if (value < 0) {
                throw outOfRange(name, value + " is negative; the column is unsigned");
            }
            int32(value);
            return this;
        }

        Row float64(String name, double value) {
            column(name, "Float64");
            int64(Double.doubleToRawLongBits(value));
            return this;
        }

        Row nullableDecimal64(String name, BigDecimal value) {
            column(name, "Nullable(Decimal(18, 12))");
            if (isNull(value)) {
                return this;
            }
            int64(decimal64(name, value));
            return this;
        }

        /** Decimal128(12): value × 10^12 (extra digits cut, as for Decimal64), 16 bytes little-endian two's complement. */
        Row decimal128(String name, BigDecimal value) {
            column(name, "Decimal(38, 12)");
            BigInteger unscaled = value.setScale(12, RoundingMode.DOWN).unscaledValue();
            if (unscaled.abs().compareTo(MAX_DECIMAL128) > 0) {
                throw new ClickHouseException(DECIMAL_OVERFLOW, "Code: " + DECIMAL_OVERFLOW + ". DB::Exception: value of column "
                        + name + " is too large for Decimal128(12): at most 26 digits before the point. (DECIMAL_OVERFLOW)", null);
            }
            byte[] bigEndian = unscaled.toByteArray();
            byte signFill = (byte) (unscaled.signum() < 0 ? -1 : 0);
            ensure(16);
            for (int i = 0; i < 16; i++) {
                buffer[size++] = i < bigEndian.length ? bigEndian[bigEndian.length - 1 - i] : signFill;
            }
            return this;
        }

        Row dateTime64(String name, Instant value) {
            column(name, "DateTime64(6, 'UTC')");
            int64(micros(name, value));
            return this;
        }

        Row nullableDateTime64(String name, Instant value) {
            column(name, "Nullable(DateTime64(6, 'UTC'))");
            if (isNull(value)) {
                return this;
            }
            int64(micros(name, value));
            return this;
        }

        Row stringMap(String name, Map<String, String> map) {
            column(name, "Map(LowCardinality(String), String)");
            varint(map.size());
            map.forEach((key, value) -> {
                text(key);
                text(value);
            });
            return this;
        }

        Row uint64Map(String name, Map<String, Long> map) {
            column(name, "Map(LowCardinality(String), UInt64)");
            varint(map.size());
            map.forEach((key, value) -> {
                text(key);
                int64(unsigned(name, value));
            });
            return this;
        }

        Row decimal64Map(String name, Map<String, BigDecimal> map) {
            column(name, "Map(LowCardinality(String), Decimal(18, 12))");
            varint(map.size());
            map.forEach((key, value) -> {
                text(key);
                int64(decimal64(name, value));
            });
            return this;
        }

        // The Nullable prefix: true (and NULL written) when there is no value to follow.
        private boolean isNull(Object value) {
            byte1(value == null ? 1 : 0);
            return value == null;
        }

        private void text(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void byte1(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
        }

        private void varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[size++] = (byte) value;
        }

        private void int32(int value) {
            ensure(4);
            for (int i = 0; i < 4; i++) {
                buffer[size++] = (byte) (value >>> (8 * i));
            }
        }

        private void int64(long value) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buffer[size++] = (byte) (value >>> (8 * i));
            }
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }

    private static long unsigned(String column, long value) {
        if (value < 0) {
            throw outOfRange(column, value + " is negative; the column is unsigned");
        }
        return value;
    }

    // Extra fractional digits are cut, not rounded: what the engine does parsing a decimal from text.
    private static long decimal64(String column, BigDecimal value) {
        long unscaled;
        try {
            unscaled = value.setScale(12, RoundingMode.DOWN).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            unscaled = Long.MAX_VALUE;
        }
        if (Math.abs(unscaled) > MAX_DECIMAL64) {
            throw new ClickHouseException(DECIMAL_OVERFLOW,
                    "Code: " + DECIMAL_OVERFLOW + ". DB::Exception: value of column " + column
                            + " is too large for Decimal64(12): at most 6 digits before the point. (DECIMAL_OVERFLOW)",
                    null);
        }
        return unscaled;
    }

    // The fraction is truncated to microseconds, as the engine truncates a longer text fraction.
    private static long micros(String column, Instant value) {
        if (value.getEpochSecond() < MIN_DATETIME64_SECONDS || value.getEpochSecond() > MAX_DATETIME64_SECONDS) {
            throw outOfRange(column, value + " is outside DateTime64's range 1900-01-01 to 2299-12-31");
        }
        return value.getEpochSecond() * 1_000_000L + value.getNano() / 1_000;
    }

    private static ClickHouseException outOfRange(String column, String why) {
        return new ClickHouseException(VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE, "Code: " + VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
                + ". DB::Exception: value of column " + column + ": " + why + ". (VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE)", null);
    }
}
