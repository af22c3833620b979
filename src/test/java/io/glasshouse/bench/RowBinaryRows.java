package io.glasshouse.bench;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.TraceRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Encodes trace and observation rows in ClickHouse's RowBinary for the schema of
 * V001__events.sql: the engine's cheapest input format, so the ceiling the server is compared
 * with. Columns with defaults that the server never sends (created_at, updated_at) are left out
 * here too. Type encodings: String and LowCardinality(String) = varint length + bytes;
 * Nullable(T) = one byte (1 = NULL) then T; DateTime64(6) = Int64 microseconds; Decimal64(12) =
 * Int64 of value × 10^12; Map and Array = varint count then the elements; integers little-endian.
 * The benchmark checks the result against the same rows inserted as JSONEachRow.
 */
final class RowBinaryRows {
    static final String FORMAT = "RowBinary";
    static final String TRACE_COLUMNS = "project_id, id, timestamp, name, user_id, session_id, environment, release, "
            + "version, input, output, metadata, tags, public, bookmarked, event_version, is_deleted";
    static final String OBSERVATION_COLUMNS = "project_id, trace_id, id, type, parent_observation_id, name, environment, "
            + "start_time, end_time, completion_start_time, level, status_message, version, input, output, metadata, "
            + "provided_model_name, internal_model_id, model_parameters, provided_usage_details, usage_details, "
            + "provided_cost_details, cost_details, total_cost, prompt_id, prompt_name, prompt_version, "
            + "resource_attributes, scope_name, event_version, is_deleted";
    private static final int CHUNK_BYTES = 4 << 20;

    private RowBinaryRows() {}

    static List<byte[]> traces(List<TraceRow> rows) {
        Out out = new Out();
        for (TraceRow row : rows) {
            out.string(row.projectId().value());
            out.string(row.id());
            out.dateTime64(row.timestamp());
            out.nullableString(row.name());
            out.nullableString(row.userId());
            out.nullableString(row.sessionId());
            out.string(row.environment());
            out.nullableString(row.release());
            out.nullableString(row.version());
            out.nullableString(row.input());
            out.nullableString(row.output());
            out.stringMap(row.metadata());
            out.varint(row.tags().size());
            row.tags().forEach(out::string);
            out.byte1(row.isPublic() ? 1 : 0);
            out.byte1(row.bookmarked() ? 1 : 0);
            out.int64(row.eventVersion());
            out.byte1(row.deleted() ? 1 : 0);
            out.endRow();
        }
        return out.chunks();
    }

    static List<byte[]> observations(List<ObservationRow> rows) {
        Out out = new Out();
        for (ObservationRow row : rows) {
            out.string(row.projectId().value());
            out.string(row.traceId());
            out.string(row.id());
            out.string(row.type().name());
            out.nullableString(row.parentObservationId());
            out.nullableString(row.name());
            out.string(row.environment());
            out.dateTime64(row.startTime());
            out.nullableDateTime64(row.endTime());
            out.nullableDateTime64(row.completionStartTime());
            out.string(row.level().name());
            out.nullableString(row.statusMessage());
            out.nullableString(row.version());
            out.nullableString(row.input());
            out.nullableString(row.output());
            out.stringMap(row.metadata());
            out.nullableString(row.providedModelName());
            out.nullableString(row.internalModelId());
            out.nullableString(row.modelParameters());
            out.longMap(row.providedUsageDetails());
            out.longMap(row.usageDetails());
            out.decimalMap(row.providedCostDetails());
            out.decimalMap(row.costDetails());
            if (row.totalCost() == null) {
                out.byte1(1);
            } else {
                out.byte1(0);
                out.decimal64(row.totalCost());
            }
            out.nullableString(row.promptId());
            out.nullableString(row.promptName());
            if (row.promptVersion() == null) {
                out.byte1(1);
            } else {
                out.byte1(0);
                out.int32(row.promptVersion());
            }
            out.stringMap(row.resourceAttributes());
            out.nullableString(row.scopeName());
            out.int64(row.eventVersion());
            out.byte1(row.deleted() ? 1 : 0);
            out.endRow();
        }
        return out.chunks();
    }

    /** A growable buffer cut into chunks of about CHUNK_BYTES at row boundaries. */
    private static final class Out {
        private final List<byte[]> chunks = new ArrayList<>();
        private byte[] buffer = new byte[1 << 16];
        private int size;

        void endRow() {
            if (size >= CHUNK_BYTES) {
                chunks.add(Arrays.copyOf(buffer, size));
                size = 0;
            }
        }

        List<byte[]> chunks() {
            if (size > 0) {
                chunks.add(Arrays.copyOf(buffer, size));
                size = 0;
            }
            return chunks;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        void byte1(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
        }

        void varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[size++] = (byte) value;
        }

        void int32(int value) {
            ensure(4);
            for (int i = 0; i < 4; i++) {
                buffer[size++] = (byte) (value >>> (8 * i));
            }
        }

        void int64(long value) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buffer[size++] = (byte) (value >>> (8 * i));
            }
        }

        void string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void nullableString(String value) {
            if (value == null) {
                byte1(1);
                return;
            }
            byte1(0);
            string(value);
        }

        void dateTime64(Instant value) {
            int64(Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000));
        }

        void nullableDateTime64(Instant value) {
            if (value == null) {
                byte1(1);
                return;
            }
            byte1(0);
            dateTime64(value);
        }

        void decimal64(BigDecimal value) {
            int64(value.setScale(12, RoundingMode.DOWN).unscaledValue().longValueExact());
        }

        void stringMap(Map<String, String> map) {
            varint(map.size());
            map.forEach((key, value) -> {
                string(key);
                string(value);
            });
        }

        void longMap(Map<String, Long> map) {
            varint(map.size());
            map.forEach((key, value) -> {
                string(key);
                int64(value);
            });
        }

        void decimalMap(Map<String, BigDecimal> map) {
            varint(map.size());
            map.forEach((key, value) -> {
                string(key);
                decimal64(value);
            });
        }
    }
}
