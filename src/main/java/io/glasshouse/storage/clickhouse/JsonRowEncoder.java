package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes rows as JSONEachRow: one JSON object a line, keys = column names, written field by field
 * with one streaming generator, and cut into chunks of about {@link #CHUNK_BYTES} at row
 * boundaries. The ingest path encodes every stored row here, so it builds no per-row maps and no
 * buffer of the whole batch (a 20,000-row batch of GenAI spans is about 100 MB).
 */
final class JsonRowEncoder {
    static final String FORMAT = "JSONEachRow";
    static final int CHUNK_BYTES = 1 << 20;
    private static final DateTimeFormatter DATETIME64 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonRowEncoder() {}

    /** Writes one row's columns; the first row's column names become the INSERT's column list. */
    @FunctionalInterface
    interface Columns<T> {
        void write(T row, Row out) throws IOException;
    }

    /** The encoded rows and the columns they carry, in order. */
    record Encoded(List<String> columns, List<byte[]> chunks) {}

    static <T> Encoded encode(List<T> rows, Columns<T> columns) {
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(CHUNK_BYTES, Math.max(1, rows.size()) * 4096) + 64 * 1024);
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            generator.setRootValueSeparator(null);
            Row row = new Row(generator);
            for (T value : rows) {
                generator.writeStartObject();
                columns.write(value, row);
                generator.writeEndObject();
                generator.writeRaw('\n');
                row.endRow();
                generator.flush();
                if (out.size() >= CHUNK_BYTES) {
                    chunks.add(out.toByteArray());
                    out.reset();
                }
            }
            generator.flush();
            if (out.size() > 0) {
                chunks.add(out.toByteArray());
            }
            return new Encoded(row.columns(), List.copyOf(chunks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields of the row being written; values as ClickHouse reads them in JSONEachRow. */
    static final class Row {
        private final JsonGenerator generator;
        private final char[] dateTime = new char[26];
        private final List<String> columns = new ArrayList<>();
        private boolean firstRow = true;

        private Row(JsonGenerator generator) {
            this.generator = generator;
        }

        private void name(String column) throws IOException {
            if (firstRow) {
                columns.add(column);
            }
            generator.writeFieldName(column);
        }

        private void endRow() {
            firstRow = false;
        }

        private List<String> columns() {
            return List.copyOf(columns);
        }

        Row string(String column, String value) throws IOException {
            name(column);
            if (value == null) {
                generator.writeNull();
            } else {
                generator.writeString(value);
            }
            return this;
        }

        Row number(String column, long value) throws IOException {
            name(column);
            generator.writeNumber(value);
            return this;
        }

        Row nullableNumber(String column, Integer value) throws IOException {
            name(column);
            if (value == null) {
                generator.writeNull();
            } else {
                generator.writeNumber(value.intValue());
            }
            return this;
        }

        Row number(String column, double value) throws IOException {
            name(column);
            generator.writeNumber(value);
            return this;
        }

        Row decimal(String column, BigDecimal value) throws IOException {
            name(column);
            if (value == null) {
                generator.writeNull();
            } else {
                generator.writeNumber(value);
            }
            return this;
        }

        Row bool(String column, boolean value) throws IOException {
            name(column);
            generator.writeBoolean(value);
            return this;
        }

        /** DateTime64(6) as {@code yyyy-MM-dd HH:mm:ss.ffffff} in UTC; null stays null. */
        Row dateTime64(String column, Instant value) throws IOException {
            name(column);
            if (value == null) {
                generator.writeNull();
                return this;
            }
            if (formatDateTime64(value, dateTime)) {
                generator.writeString(dateTime, 0, dateTime.length);
            } else {
                generator.writeString(DATETIME64.format(value));
            }
            return this;
        }

        Row strings(String column, List<String> values) throws IOException {
            name(column);
            generator.writeStartArray();
            for (String value : values) {
                generator.writeString(value);
            }
            generator.writeEndArray();
            return this;
        }

        Row stringMap(String column, Map<String, String> map) throws IOException {
            name(column);
            generator.writeStartObject();
            for (Map.Entry<String, String> entry : map.entrySet()) {
                generator.writeStringField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
            return this;
        }

        Row longMap(String column, Map<String, Long> map) throws IOException {
            name(column);
            generator.writeStartObject();
            for (Map.Entry<String, Long> entry : map.entrySet()) {
                generator.writeNumberField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
            return this;
        }

        Row decimalMap(String column, Map<String, BigDecimal> map) throws IOException {
            name(column);
            generator.writeStartObject();
            for (Map.Entry<String, BigDecimal> entry : map.entrySet()) {
                generator.writeNumberField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
            return this;
        }
    }

    /**
     * Writes {@code yyyy-MM-dd HH:mm:ss.ffffff} (UTC, fraction truncated to microseconds, as the
     * pattern formatter does) into {@code out}; false for years outside 0-9999, which the caller
     * formats the slow way. The formatter showed up as a tenth of the encoding time.
     */
    static boolean formatDateTime64(Instant value, char[] out) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(value.getEpochSecond(), value.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return false;
        }
        digits(out, 0, t.getYear(), 4);
        out[4] = '-';
        digits(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, t.getDayOfMonth(), 2);
        out[10] = ' ';
        digits(out, 11, t.getHour(), 2);
        out[13] = ':';
        digits(out, 14, t.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, t.getSecond(), 2);
        out[19] = '.';
        digits(out, 20, t.getNano() / 1_000, 6);
        return true;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
