package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.EventCatalogues;
import io.glasshouse.storage.clickhouse.query.FilterSql;
import io.glasshouse.storage.clickhouse.query.TextSearchSql;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.ObservationListRequest;
import io.glasshouse.storage.query.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of observations, newest start first (ties by id, so the order is total): first the
 * page's keys from the newest live rows, then the full rows of just those keys, looked up by
 * (trace id, id) — the table's own order. Conditions on trace columns (userId, sessionId, …)
 * become {@code trace_id IN (traces matching them)}; they test any stored version of the trace.
 */
final class ObservationListQuery {
    private final ClickHouse clickHouse;

    ObservationListQuery(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    Page<ObservationRow> list(ProjectId project, ObservationListRequest request) {
        FilterSql observationFilter = FilterSql.over(EventCatalogues.OBSERVATIONS, "f", "filter");
        FilterSql traceFilter = FilterSql.over(EventCatalogues.TRACE_CONTEXT, "t", "filter");
        boolean onTraces = false;
        for (FilterCondition condition : request.filters()) {
            if (EventCatalogues.OBSERVATIONS.find(condition.column()).isPresent()) {
                observationFilter.add(condition);
            } else if (EventCatalogues.TRACE_CONTEXT.find(condition.column()).isPresent()) {
                traceFilter.add(condition);
                onTraces = true;
            } else {
                throw GlasshouseException.invalid("filter: unknown column '" + condition.column() + "' for observations; known columns: "
                        + String.join(", ", EventCatalogues.OBSERVATIONS.columns().stream().map(c -> c.name()).toList()) + ", "
                        + String.join(", ", EventCatalogues.TRACE_CONTEXT.columns().stream().map(c -> c.name()).toList()));
            }
        }
        WhereClause narrowing = TimeRanges.clause("start_time", request.range(), "r");
        WhereClause traces = traceFilter.build();
        if (onTraces) {
            narrowing = narrowing.and(new WhereClause("trace_id IN (SELECT id FROM traces WHERE " + ProjectScopedSql.PROJECT_FILTER
                    + " AND " + traces.text() + ")", traces.values()));
        }
        WhereClause filter = observationFilter.build();
        if (request.search() != null) {
            filter = filter.and(TextSearchSql.matching(request.search(), List.of("input", "output"), List.of("metadata"), "s"));
        }
        if (request.after() != null) {
            filter = filter.and(new WhereClause("(start_time, id) < ({cursor_time:DateTime64(6, 'UTC')}, {cursor_id:String})",
                    Map.of("cursor_time", request.after().startTime(), "cursor_id", request.after().id())));
        }
        String live = LiveRows.observations("*", narrowing.text()) + " WHERE is_deleted = 0 AND " + filter.text();

        Sql.Builder keysSql = ProjectScopedSql.forProject(project, "SELECT trace_id, id FROM " + live
                        + " ORDER BY start_time DESC, id DESC LIMIT {limit:UInt32}"
                        + (request.page() != null ? " OFFSET {offset:UInt64}" : ""))
                .bind("limit", request.page() != null ? request.page().limit() : request.limit());
        if (request.page() != null) {
            keysSql.bind("offset", request.page().offset());
        }
        List<ObjectNode> keys = clickHouse.query(filter.bindTo(narrowing.bindTo(keysSql)).build()).rows();
        long total = -1;
        if (request.page() != null) {
            total = clickHouse.query(filter.bindTo(narrowing.bindTo(
                            ProjectScopedSql.forProject(project, "SELECT count() AS n FROM " + live))).build())
                    .scalar().asLong();
        }
        if (keys.isEmpty()) {
            return new Page<>(List.of(), total);
        }
        Map<String, ObservationRow> rows = rows(project, keys, request.withIo());
        List<ObservationRow> page = new ArrayList<>(keys.size());
        for (ObjectNode key : keys) {
            ObservationRow row = rows.get(key.get("trace_id").asText() + "\n" + key.get("id").asText());
            if (row != null) {
                page.add(row);
            }
        }
        return new Page<>(page, total);
    }

    private Map<String, ObservationRow> rows(ProjectId project, List<ObjectNode> keys, boolean withIo) {
        List<String> traceIds = keys.stream().map(key -> key.get("trace_id").asText()).distinct().toList();
        List<String> ids = keys.stream().map(key -> key.get("id").asText()).distinct().toList();
        String columns = withIo ? "*" : "* EXCEPT (input, output, metadata), NULL AS input, NULL AS output, map() AS metadata";
        Sql sql = ProjectScopedSql.forProject(project, "SELECT * FROM " + LiveRows.observations(columns,
                                "trace_id IN {trace_ids:Array(String)} AND id IN {ids:Array(String)}")
                        + " WHERE is_deleted = 0")
                .bindStrings("trace_ids", traceIds)
                .bindStrings("ids", ids)
                .build();
        Map<String, ObservationRow> rows = new HashMap<>();
        for (ObjectNode row : clickHouse.query(sql).rows()) {
            ObservationRow observation = EventRows.observation(project, row);
            rows.put(observation.traceId() + "\n" + observation.id(), observation);
        }
        return rows;
    }
}
