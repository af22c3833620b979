package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.StoredRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

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

    private static final String SELECT_TRACES = """
            SELECT * FROM traces
            WHERE project_id = {project_id:String} AND id IN {ids:Array(String)}
            ORDER BY event_version DESC
            LIMIT 1 BY id
            SETTINGS output_format_json_quote_64bit_integers = 1""";

    private final ClickHouse clickHouse;

    public ClickHouseStoredRows(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
    }

    @Override
    public Map<String, ObservationRow> findObservations(ProjectId project, Collection<String> ids) {
        return newest(project, ids, SELECT_OBSERVATIONS, EventRows::observation, ObservationRow::id);
    }

    @Override
    public Map<String, TraceRow> findTraces(ProjectId project, Collection<String> ids) {
        return newest(project, ids, SELECT_TRACES, EventRows::trace, TraceRow::id);
    }

    // The newest version of each id that is not deleted, by id.
    private <R> Map<String, R> newest(ProjectId project, Collection<String> ids, String select,
            BiFunction<ProjectId, JsonNode, R> read, Function<R, String> idOf) {
        requireNonNull(project, "project is null");
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<String, R> found = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += IDS_PER_STATEMENT) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + IDS_PER_STATEMENT));
            var result = clickHouse.query(ProjectScopedSql.forProject(project, select)
                    .bindStrings("ids", chunk)
                    .build());
            for (JsonNode row : result.rows()) {
                if (row.get("is_deleted").asInt() == 0) {
                    R stored = read.apply(project, row);
                    found.put(idOf.apply(stored), stored);
                }
            }
        }
        return found;
    }
}
