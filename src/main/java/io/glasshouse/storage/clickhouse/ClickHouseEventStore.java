package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.EventStore;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The event store on ClickHouse, over either transport. */
public final class ClickHouseEventStore implements EventStore {
    private static final DateTimeFormatter DATETIME64 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private final ClickHouse clickHouse;

    public ClickHouseEventStore(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
    }

    @Override
    public void insert(EventBatch batch) {
        insertRows("traces", batch.traces(), EventColumns::trace);
        insertRows("observations", batch.observations(), EventColumns::observation);
        insertRows("scores", batch.scores(), EventColumns::score);
    }

    private <T> void insertRows(String table, List<T> rows, Function<T, Map<String, Object>> columns) {
        if (rows.isEmpty()) {
            return;
        }
        List<Map<String, Object>> encoded = EventColumns.all(rows, columns);
        clickHouse.insert(
                EventColumns.insertStatement(table, encoded.getFirst()),
                JsonRowEncoder.FORMAT,
                List.of(JsonRowEncoder.encode(encoded)));
    }

    @Override
    public Optional<TraceRow> findTrace(ProjectId project, String traceId) {
        var result = clickHouse.query(ProjectScopedSql.forProject(project, """
                        SELECT * FROM traces
                        WHERE project_id = {project_id:String} AND id = {id:String}
                        ORDER BY event_version DESC
                        LIMIT 1""")
                .bind("id", traceId)
                .build());
        if (result.isEmpty() || result.rows().getFirst().get("is_deleted").asInt() == 1) {
            return Optional.empty();
        }
        return Optional.of(traceRow(project, result.rows().getFirst()));
    }

    @Override
    public long countTraces(ProjectId project) {
        return countLive(project, "traces", "id");
    }

    @Override
    public long countObservations(ProjectId project) {
        return countLive(project, "observations", "trace_id, id");
    }

    @Override
    public long countScores(ProjectId project) {
        return countLive(project, "scores", "id");
    }

    // Counts each entity once, by its newest version, leaving out deleted ones: what a merged
    // ReplacingMergeTree would hold, without FINAL.
    private long countLive(ProjectId project, String table, String key) {
        return clickHouse.query(ProjectScopedSql.forProject(project, "SELECT count() AS n FROM (SELECT " + key
                                + ", argMax(is_deleted, event_version) AS deleted FROM " + table
                                + " WHERE project_id = {project_id:String} GROUP BY " + key + ") WHERE deleted = 0")
                        .build())
                .scalar()
                .asLong();
    }

    @Override
    public boolean isHealthy() {
        try {
            return clickHouse.query(Sql.plain("SELECT 1 AS ok")).scalar().asInt() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static TraceRow traceRow(ProjectId project, JsonNode row) {
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

    static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Instant instant(JsonNode value) {
        return LocalDateTime.parse(value.asText(), DATETIME64).toInstant(ZoneOffset.UTC);
    }

    static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
