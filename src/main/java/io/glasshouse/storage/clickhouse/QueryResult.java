package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Rows of a SELECT, as ClickHouse's JSON output format describes them. */
public record QueryResult(List<Column> columns, List<ObjectNode> rows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The output format both transports request. */
    static final String FORMAT = "JSON";

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public record Column(String name, String type) {}

    static QueryResult parse(byte[] json) {
        if (json.length == 0) {
            return new QueryResult(List.of(), List.of());
        }
        try {
            JsonNode root = JSON.readTree(json);
            List<Column> columns = new ArrayList<>();
            for (JsonNode meta : root.path("meta")) {
                columns.add(new Column(meta.path("name").asText(), meta.path("type").asText()));
            }
            List<ObjectNode> rows = new ArrayList<>();
            for (JsonNode row : root.path("data")) {
                rows.add((ObjectNode) row);
            }
            return new QueryResult(columns, rows);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("ClickHouse returned output that is not its JSON format", e);
        }
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The single value of a one-row, one-column result. */
    public JsonNode scalar() {
        if (rows.size() != 1 || columns.size() != 1) {
            throw new IllegalStateException("expected one value, got " + rows.size() + " rows of " + columns.size());
        }
        return rows.getFirst().get(columns.getFirst().name());
    }
}
