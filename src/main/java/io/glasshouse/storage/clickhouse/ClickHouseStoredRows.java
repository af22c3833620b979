package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.ClickHouseEventStore.instant;
import static io.glasshouse.storage.clickhouse.ClickHouseEventStore.stringMap;
import static io.glasshouse.storage.clickhouse.ClickHouseEventStore.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.StoredRows;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** {@link StoredRows} on ClickHouse: the newest version of each id, one statement per chunk of ids. */
public final class ClickHouseStoredRows implements StoredRows {
    // Keeps each statement's parameter text small; a request's misses rarely come near it.
    static final int IDS_PER_STATEMENT = 1000;

    // Decimals are read as text so costs come back exactly; 64-bit integers are quoted by default.
    private static final String SELECT_OBSERVATIONS = """
            SELECT * FROM observations
            WHERE project_id = {project_id:String} AND id IN {ids:Array(String)}
            ORDER BY event_version DESC
            LIMIT 1 BY id
            SETTINGS output_format_json_quote_decimals = 1, output_format_json_quote_64bit_integers = 1""";

    private final ClickHouse clickHouse;

    public ClickHouseStoredRows(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
    }

    @Override
    public Map<String, ObservationRow> findObservations(ProjectId project, Collection<String> ids) {
        requireNonNull(project, "project is null");
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<String, ObservationRow> found = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += IDS_PER_STATEMENT) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + IDS_PER_STATEMENT));
            var result = clickHouse.query(ProjectScopedSql.forProject(project, SELECT_OBSERVATIONS)
                    .bindStrings("ids", chunk)
                    .build());
            for (JsonNode row : result.rows()) {
                if (row.get("is_deleted").asInt() == 0) {
                    ObservationRow observation = observationRow(project, row);
                    found.put(observation.id(), observation);
                }
            }
        }
        return found;
    }

    static ObservationRow observationRow(ProjectId project, JsonNode row) {
        String promptVersion = text(row, "prompt_version");
        String totalCost = text(row, "total_cost");
        return new ObservationRow(
                project,
                row.get("trace_id").asText(),
                row.get("id").asText(),
                ObservationType.valueOf(row.get("type").asText()),
                text(row, "parent_observation_id"),
                text(row, "name"),
                row.get("environment").asText(),
                instant(row.get("start_time")),
                optionalInstant(row.get("end_time")),
                optionalInstant(row.get("completion_start_time")),
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
                totalCost == null ? null : new BigDecimal(totalCost),
                text(row, "prompt_id"),
                text(row, "prompt_name"),
                promptVersion == null ? null : Integer.valueOf(promptVersion),
                stringMap(row.get("resource_attributes")),
                text(row, "scope_name"),
                row.get("event_version").asLong(),
                false);
    }

    private static Instant optionalInstant(JsonNode value) {
        return value == null || value.isNull() ? null : instant(value);
    }

    private static Map<String, Long> longMap(JsonNode object) {
        Map<String, Long> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), Long.parseLong(entry.getValue().asText())));
        return map;
    }

    private static Map<String, BigDecimal> decimalMap(JsonNode object) {
        Map<String, BigDecimal> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), new BigDecimal(entry.getValue().asText())));
        return map;
    }
}
