package io.glasshouse.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.TraceRow;
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
 * Encodes trace and observation rows as JSONEachRow: one JSON object a line, keys = column names,
 * written field by field with one streaming generator, and cut into chunks of about
 * {@link #CHUNK_BYTES} at row boundaries. This was the server's insert format until it moved to
 * RowBinary; the benchmark keeps it as the reference that the server's RowBinary encoder must
 * store identical rows to (the engine parses text types itself here, so the two are independent).
 */
final class JsonEachRowRows {
    static final String FORMAT = "JSONEachRow";
    static final int CHUNK_BYTES = 1 << 20;
    private static final DateTimeFormatter DATETIME64 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonEachRowRows() {}

    static final Columns<TraceRow> TRACE = (row, c) -> c
            .string("project_id", row.projectId().value())
            .string("id", row.id())
            .dateTime64("timestamp", row.timestamp())
            .string("name", row.name())
            .string("user_id", row.userId())
            .string("session_id", row.sessionId())
            .string("environment", row.environment())
            .string("release", row.release())
            .string("version", row.version())
            .string("input", row.input())
            .string("output", row.output())
            .stringMap("metadata", row.metadata())
            .strings("tags", row.tags())
            .bool("public", row.isPublic())
            .bool("bookmarked", row.bookmarked())
            .number("event_version", row.eventVersion())
            .number("is_deleted", row.deleted() ? 1 : 0);

    static final Columns<ObservationRow> OBSERVATION = (row, c) -> c
            .string("project_id", row.projectId().value())
            .string("trace_id", row.traceId())
            .string("id", row.id())
            .string("type", row.type().name())
            .string("parent_observation_id", row.parentObservationId())
            .string("name", row.name())
            .string("environment", row.environment())
            .dateTime64("start_time", row.startTime())
            .dateTime64("end_time", row.endTime())
            .dateTime64("completion_start_time", row.completionStartTime())
            .string("level", row.level().name())
            .string("status_message", row.statusMessage())
            .string("version", row.version())
            .string("input", row.input())
            .string("output", row.output())
            .stringMap("metadata", row.metadata())
            .string("provided_model_name", row.providedModelName())
            .string("internal_model_id", row.internalModelId())
            .string("model_parameters", row.modelParameters())
            .longMap("provided_usage_details", row.providedUsageDetails())
            .longMap("usage_details", row.usageDetails())
            .decimalMap("provided_cost_details", row.providedCostDetails())
            .decimalMap("cost_details", row.costDetails())
            .decimal("total_cost", row.totalCost())
            .string("prompt_id", row.promptId())
            .string("prompt_name", row.promptName())
            .nullableNumber("prompt_version", row.promptVersion())
            .stringMap("resource_attributes", row.resourceAttributes())
            .string("scope_name", row.scopeName())
            .number("event_version", row.eventVersion())
            .number("is_deleted", row.deleted() ? 1 : 0);

    static String insertStatement(String table, Encoded encoded) {
        return "INSERT INTO " + table + " (" + String.join(", ", encoded.columns()) + ")";
    }

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
