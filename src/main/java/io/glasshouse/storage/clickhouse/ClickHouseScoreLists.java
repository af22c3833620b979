package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.ScoreFilter;
import io.glasshouse.storage.ScoreLists;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link ScoreLists} on ClickHouse. Scores are read with FINAL (newest version, tombstones
 * dropped) and joined to the traces they point at, reading only the traces of the matching
 * scores, for the trace properties the list shows and filters by.
 */
public final class ClickHouseScoreLists implements ScoreLists {
    private static final Set<String> OPERATORS = Set.of("<", ">", "<=", ">=", "=", "!=");

    private final ClickHouse clickHouse;

    public ClickHouseScoreLists(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
    }

    @Override
    public Page list(ProjectId project, ScoreFilter filter, int offset, int limit) {
        Statement statement = statement(filter);
        long total = clickHouse.query(statement.bind(ProjectScopedSql.forProject(project,
                        "SELECT count() AS n FROM (" + statement.text() + ")")).build())
                .scalar().asLong();
        List<Listed> scores = read(project, statement.bind(ProjectScopedSql.forProject(project, statement.text()
                        + " ORDER BY s.timestamp DESC, s.id DESC LIMIT {limit:UInt32} OFFSET {offset:UInt64}"))
                .bind("limit", limit)
                .bind("offset", offset)
                .build());
        return new Page(scores, total);
    }

    @Override
    public List<Listed> listAfter(ProjectId project, Optional<Position> after, int limit) {
        Statement statement = statement(ScoreFilter.none());
        String text = statement.text()
                + (after.isPresent() ? " WHERE (s.timestamp, s.id) < ({after_time:DateTime64(6)}, {after_id:String})" : "")
                + " ORDER BY s.timestamp DESC, s.id DESC LIMIT {limit:UInt32}";
        Sql.Builder sql = statement.bind(ProjectScopedSql.forProject(project, text)).bind("limit", limit);
        after.ifPresent(position -> sql.bind("after_time", position.timestamp()).bind("after_id", position.id()));
        return read(project, sql.build());
    }

    private List<Listed> read(ProjectId project, Sql sql) {
        List<Listed> listed = new ArrayList<>();
        for (JsonNode row : clickHouse.query(sql).rows()) {
            TraceSummary trace = row.get("trace_key").isNull() ? null : new TraceSummary(
                    EventRows.text(row, "trace_user_id"), EventRows.strings(row.get("trace_tags")),
                    EventRows.text(row, "trace_environment"));
            listed.add(new Listed(EventRows.score(project, row), trace));
        }
        return listed;
    }

    private record Statement(String text, List<Consumer<Sql.Builder>> bindings) {
        Sql.Builder bind(Sql.Builder sql) {
            bindings.forEach(binding -> binding.accept(sql));
            return sql;
        }
    }

    // The scores matching the filter, each with its trace's properties (nulls when it has none).
    private static Statement statement(ScoreFilter filter) {
        List<String> where = new ArrayList<>(List.of(ProjectScopedSql.PROJECT_FILTER));
        List<String> traceWhere = new ArrayList<>();
        List<Consumer<Sql.Builder>> bindings = new ArrayList<>();
        equal(where, bindings, "name", filter.name());
        equal(where, bindings, "config_id", filter.configId());
        equal(where, bindings, "queue_id", filter.queueId());
        equal(where, bindings, "session_id", filter.sessionId());
        equal(where, bindings, "dataset_run_id", filter.datasetRunId());
        equal(where, bindings, "trace_id", filter.traceId());
        equal(where, bindings, "source", filter.source() == null ? null : filter.source().name());
        equal(where, bindings, "data_type", filter.dataType() == null ? null : filter.dataType().name());
        in(where, bindings, "environment", filter.environments());
        in(where, bindings, "id", filter.scoreIds());
        in(where, bindings, "observation_id", filter.observationIds());
        if (filter.fromTimestamp() != null) {
            where.add("timestamp >= {from_timestamp:DateTime64(6)}");
            bindings.add(sql -> sql.bind("from_timestamp", filter.fromTimestamp()));
        }
        if (filter.toTimestamp() != null) {
            where.add("timestamp < {to_timestamp:DateTime64(6)}");
            bindings.add(sql -> sql.bind("to_timestamp", filter.toTimestamp()));
        }
        if (filter.operator() != null) {
            if (!OPERATORS.contains(filter.operator()) || filter.value() == null) {
                throw new IllegalArgumentException("operator must be one of " + OPERATORS + " with a value");
            }
            where.add("value " + filter.operator() + " {value:Float64}");
            bindings.add(sql -> sql.bind("value", filter.value()));
        }
        if (filter.userId() != null) {
            traceWhere.add("trace_user_id = {user_id:String}");
            bindings.add(sql -> sql.bind("user_id", filter.userId()));
        }
        if (!filter.traceTags().isEmpty()) {
            traceWhere.add("hasAll(trace_tags, {trace_tags:Array(String)})");
            bindings.add(sql -> sql.bindStrings("trace_tags", filter.traceTags()));
        }
        String scores = "SELECT * FROM scores FINAL WHERE " + String.join(" AND ", where);
        String text = "SELECT * FROM (SELECT s.*, t.trace_key, t.trace_user_id, t.trace_tags, t.trace_environment FROM (" + scores + ") AS s"
                + " LEFT JOIN (SELECT id AS trace_key, user_id AS trace_user_id, tags AS trace_tags, environment AS trace_environment"
                + " FROM traces FINAL WHERE " + ProjectScopedSql.PROJECT_FILTER
                + " AND id IN (SELECT trace_id FROM (" + scores + ") WHERE trace_id IS NOT NULL)) AS t ON t.trace_key = s.trace_id"
                + (traceWhere.isEmpty() ? "" : " WHERE " + String.join(" AND ", traceWhere))
                + " SETTINGS join_use_nulls = 1) AS s";
        return new Statement(text, bindings);
    }

    private static void equal(List<String> where, List<Consumer<Sql.Builder>> bindings, String column, String value) {
        if (value != null) {
            where.add(column + " = {" + column + ":String}");
            bindings.add(sql -> sql.bind(column, value));
        }
    }

    private static void in(List<String> where, List<Consumer<Sql.Builder>> bindings, String column, List<String> values) {
        if (!values.isEmpty()) {
            where.add(column + " IN {" + column + "_list:Array(String)}");
            bindings.add(sql -> sql.bindStrings(column + "_list", values));
        }
    }
}
