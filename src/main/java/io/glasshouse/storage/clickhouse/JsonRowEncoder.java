package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.glasshouse.model.ProjectId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Encodes rows as JSONEachRow: one JSON object a line, keys = column names. */
final class JsonRowEncoder {
    static final String FORMAT = "JSONEachRow";
    private static final DateTimeFormatter DATETIME64 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final ObjectWriter WRITER = new ObjectMapper()
            .registerModule(new SimpleModule()
                    .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                        @Override
                        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                                throws IOException {
                            generator.writeString(DATETIME64.format(value));
                        }
                    })
                    .addSerializer(ProjectId.class, new StdSerializer<>(ProjectId.class) {
                        @Override
                        public void serialize(ProjectId value, JsonGenerator generator, SerializerProvider provider)
                                throws IOException {
                            generator.writeString(value.value());
                        }
                    }))
            .writer();

    private JsonRowEncoder() {}

    /** Encodes each row's column map; returns one chunk. */
    static byte[] encode(List<Map<String, Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 512);
        try {
            for (Map<String, Object> row : rows) {
                WRITER.writeValue(out, row);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
