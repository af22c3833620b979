package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingRows.generation;
import static io.glasshouse.storage.clickhouse.TestingRows.score;
import static io.glasshouse.storage.clickhouse.TestingRows.trace;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestJsonRowEncoder {
    private static final ProjectId PROJECT = new ProjectId("p");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATETIME64 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    @Test
    void writesAnObservationAsOneJsonObjectALineWithEveryColumn() throws Exception {
        JsonRowEncoder.Encoded encoded = JsonRowEncoder.encode(List.of(generation(PROJECT, "t", "g", 7)), EventColumns.OBSERVATION);

        assertThat(encoded.columns()).containsExactly("project_id", "trace_id", "id", "type", "parent_observation_id",
                "name", "environment", "start_time", "end_time", "completion_start_time", "level", "status_message",
                "version", "input", "output", "metadata", "provided_model_name", "internal_model_id", "model_parameters",
                "provided_usage_details", "usage_details", "provided_cost_details", "cost_details", "total_cost",
                "prompt_id", "prompt_name", "prompt_version", "resource_attributes", "scope_name", "event_version",
                "is_deleted");
        assertThat(encoded.chunks()).hasSize(1);
        String text = new String(encoded.chunks().getFirst(), UTF_8);
        assertThat(text).endsWith("}\n").containsOnlyOnce("\n");
        assertThat(JSON.readTree(text)).isEqualTo(JSON.readTree("""
                {"project_id":"p","trace_id":"t","id":"g","type":"GENERATION","parent_observation_id":null,
                 "name":"chat-completion","environment":"production","start_time":"2026-11-20 09:30:00.123456",
                 "end_time":"2026-11-20 09:30:01.373456","completion_start_time":"2026-11-20 09:30:00.423456",
                 "level":"DEFAULT","status_message":null,"version":null,
                 "input":"[{\\"role\\":\\"user\\",\\"content\\":\\"hi\\"}]",
                 "output":"{\\"role\\":\\"assistant\\",\\"content\\":\\"hello\\"}",
                 "metadata":{"step":"1"},"provided_model_name":"gpt-4o-mini","internal_model_id":"gpt-4o-mini",
                 "model_parameters":"{\\"temperature\\":0.2}",
                 "provided_usage_details":{"input":12,"output":3},"usage_details":{"input":12,"output":3,"total":15},
                 "provided_cost_details":{},
                 "cost_details":{"input":0.0000018,"output":0.0000018,"total":0.0000036},"total_cost":0.0000036,
                 "prompt_id":null,"prompt_name":"support-prompt","prompt_version":4,
                 "resource_attributes":{"service.name":"support-bot"},"scope_name":"langfuse-sdk",
                 "event_version":7,"is_deleted":0}"""));
    }

    @Test
    void writesTracesAndScoresWithTheirColumns() throws Exception {
        var traces = JsonRowEncoder.encode(List.of(trace(PROJECT, "t", "checkout", 2)), EventColumns.TRACE);
        assertThat(JSON.readTree(traces.chunks().getFirst()).get("tags").toString()).isEqualTo("[\"chat\",\"beta\"]");
        assertThat(JSON.readTree(traces.chunks().getFirst()).get("public").asBoolean()).isFalse();
        assertThat(traces.columns()).hasSize(17).startsWith("project_id", "id", "timestamp");

        var scores = JsonRowEncoder.encode(List.of(score(PROJECT, "s", "t", 3)), EventColumns.SCORE);
        assertThat(JSON.readTree(scores.chunks().getFirst()).get("value").asDouble()).isEqualTo(0.75);
        assertThat(scores.columns()).hasSize(20).contains("data_type", "source");
    }

    @Test
    void cutsLargeBatchesIntoChunksAtRowBoundaries() throws Exception {
        String input = "\"" + "x".repeat(10_000) + "\"";
        List<ObservationRow> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new ObservationRow(PROJECT, "t", "o-" + i, ObservationType.SPAN, null, null, "default",
                    TestingRows.T0, null, null, ObservationLevel.DEFAULT, null, null, input, null, Map.of(), null, null,
                    null, Map.of(), Map.of(), Map.of(), Map.of(), null, null, null, null, Map.of(), null, i, false));
        }

        List<byte[]> chunks = JsonRowEncoder.encode(rows, EventColumns.OBSERVATION).chunks();

        assertThat(chunks).hasSizeGreaterThan(2);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            assertThat(chunk[chunk.length - 1]).isEqualTo((byte) '\n');
            all.write(chunk);
        }
        String[] lines = all.toString(UTF_8).split("\n");
        assertThat(lines).hasSize(300);
        for (int i = 0; i < lines.length; i++) {
            assertThat(JSON.readTree(lines[i]).get("id").asText()).isEqualTo("o-" + i);
        }
        assertThat(chunks.getFirst().length).isBetween(JsonRowEncoder.CHUNK_BYTES, JsonRowEncoder.CHUNK_BYTES + 20_000);
    }

    @Test
    void formatsDateTime64LikeThePatternFormatter() {
        char[] out = new char[26];
        for (Instant instant : List.of(Instant.EPOCH, TestingRows.T0, Instant.parse("2026-02-28T23:59:59.999999999Z"),
                Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.parse("1900-01-01T00:00:00Z"),
                Instant.parse("2299-12-31T23:59:59.5Z"), Instant.parse("9999-12-31T23:59:59.999999Z"))) {
            assertThat(JsonRowEncoder.formatDateTime64(instant, out)).isTrue();
            assertThat(new String(out)).as(instant.toString()).isEqualTo(DATETIME64.format(instant));
        }
        assertThat(JsonRowEncoder.formatDateTime64(Instant.parse("+10000-01-01T00:00:00Z"), out)).isFalse();
    }

    @Test
    void encodesNoRowsAsNoChunks() {
        assertThat(JsonRowEncoder.encode(List.of(), EventColumns.OBSERVATION).chunks()).isEmpty();
    }
}
