package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.glasshouse.model.TraceRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads stored rows back from ClickHouse's JSON output into records. */
final class EventRows {
    private static final DateTimeFormatter DATETIME64 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private EventRows() {}

    static TraceRow trace(ProjectId project, JsonNode row) {
        return new TraceRow(
                project,
                row.get("id").asText(),
                instant(row.get("timestamp")),
                text(row, "name"),
                text(row, "user_id"),
                text(row, "session_id"),
                row.get("environment").asText(),
                text(row, "release"),
                text(row, "version"),
                text(row, "input"),
                text(row, "output"),
                stringMap(row.get("metadata")),
                strings(row.get("tags")),
                row.get("public").asBoolean(),
                row.get("bookmarked").asBoolean(),
                row.get("event_version").asLong(),
                row.get("is_deleted").asInt() == 1);
    }

    static ObservationRow observation(ProjectId project, JsonNode row) {
        JsonNode promptVersion = row.get("prompt_version");
        return new ObservationRow(
                project,
                row.get("trace_id").asText(),
                row.get("id").asText(),
                ObservationType.valueOf(row.get("type").asText()),
                text(row, "parent_observation_id"),
                text(row, "name"),
                row.get("environment").asText(),
                instant(row.get("start_time")),
                nullableInstant(row.get("end_time")),
                nullableInstant(row.get("completion_start_time")),
                ObservationLevel.valueOf(row.get("level").asText()),
                text(row, "status_message"),
                text(row, "version"),
                text(row, "input"),
                text(row, "output"),
                stringMap(row.get("metadata")),
                text(row, "provided_model_name"),
                text(row, "internal_model_id"),
                text(row, "model_parameters"),
                longMap(row.get("provided_usage_details")),
                longMap(row.get("usage_details")),
                decimalMap(row.get("provided_cost_details")),
                decimalMap(row.get("cost_details")),
                decimal(row.get("total_cost")),
                text(row, "prompt_id"),
                text(row, "prompt_name"),
                promptVersion == null || promptVersion.isNull() ? null : promptVersion.asInt(),
                stringMap(row.get("resource_attributes")),
                text(row, "scope_name"),
                row.get("event_version").asLong(),
                row.get("is_deleted").asInt() == 1);
    }

    static ScoreRow score(ProjectId project, JsonNode row) {
        return new ScoreRow(
                project,
                row.get("id").asText(),
                instant(row.get("timestamp")),
                text(row, "trace_id"),
                text(row, "observation_id"),
                text(row, "session_id"),
                text(row, "dataset_run_id"),
                row.get("name").asText(),
                row.get("value").asDouble(),
                text(row, "string_value"),
                ScoreDataType.valueOf(row.get("data_type").asText()),
                ScoreSource.valueOf(row.get("source").asText()),
                text(row, "comment"),
                text(row, "author_user_id"),
                text(row, "config_id"),
                text(row, "queue_id"),
                row.get("environment").asText(),
                stringMap(row.get("metadata")),
                row.get("event_version").asLong(),
                row.get("is_deleted").asInt() == 1);
    }

    static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Instant instant(JsonNode value) {
        return LocalDateTime.parse(value.asText(), DATETIME64).toInstant(ZoneOffset.UTC);
    }

    private static Instant nullableInstant(JsonNode value) {
        return value == null || value.isNull() ? null : instant(value);
    }

    private static BigDecimal decimal(JsonNode value) {
        return value == null || value.isNull() ? null : new BigDecimal(value.asText());
    }

    static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    private static Map<String, Long> longMap(JsonNode object) {
        Map<String, Long> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asLong()));
        return map;
    }

    private static Map<String, BigDecimal> decimalMap(JsonNode object) {
        Map<String, BigDecimal> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), new BigDecimal(entry.getValue().asText())));
        return map;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
