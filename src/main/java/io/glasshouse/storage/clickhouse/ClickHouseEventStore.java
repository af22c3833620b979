package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.EventStore;
import java.util.List;
import java.util.Optional;

/** The event store on ClickHouse, over either transport. */
public final class ClickHouseEventStore implements EventStore {
    private final ClickHouse clickHouse;

    public ClickHouseEventStore(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
    }

    @Override
    public void insert(EventBatch batch) {
        insertRows("traces", batch.traces(), EventColumns.TRACE);
        insertRows("observations", batch.observations(), EventColumns.OBSERVATION);
        insertRows("scores", batch.scores(), EventColumns.SCORE);
    }

    private <T> void insertRows(String table, List<T> rows, JsonRowEncoder.Columns<T> columns) {
        if (rows.isEmpty()) {
            return;
        }
        JsonRowEncoder.Encoded encoded = JsonRowEncoder.encode(rows, columns);
        clickHouse.insert(EventColumns.insertStatement(table, encoded), JsonRowEncoder.FORMAT, encoded.chunks());
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
        return Optional.of(EventRows.trace(project, result.rows().getFirst()));
    }

    @Override
    public List<ObservationRow> findObservations(ProjectId project, String traceId) {
        return newestLive(ProjectScopedSql.forProject(project, """
                        SELECT * FROM observations
                        WHERE project_id = {project_id:String} AND trace_id = {trace_id:String}
                        ORDER BY event_version DESC
                        LIMIT 1 BY id""")
                .bind("trace_id", traceId)
                .build()).stream()
                .map(row -> EventRows.observation(project, row))
                .sorted(java.util.Comparator.comparing(ObservationRow::startTime).thenComparing(ObservationRow::id))
                .toList();
    }

    @Override
    public Optional<ObservationRow> findObservation(ProjectId project, String observationId) {
        return newestLive(ProjectScopedSql.forProject(project, """
                        SELECT * FROM observations
                        WHERE project_id = {project_id:String} AND id = {id:String}
                        ORDER BY event_version DESC
                        LIMIT 1 BY trace_id, id""")
                .bind("id", observationId)
                .build()).stream()
                .findFirst()
                .map(row -> EventRows.observation(project, row));
    }

    @Override
    public List<ScoreRow> findScores(ProjectId project, String traceId) {
        return newestLive(ProjectScopedSql.forProject(project, """
                        SELECT * FROM scores
                        WHERE project_id = {project_id:String} AND trace_id = {trace_id:String}
                        ORDER BY event_version DESC
                        LIMIT 1 BY id""")
                .bind("trace_id", traceId)
                .build()).stream()
                .map(row -> EventRows.score(project, row))
                .sorted(java.util.Comparator.comparing(ScoreRow::timestamp).thenComparing(ScoreRow::id))
                .toList();
    }

    // The newest version of each entity, minus the deleted ones.
    private List<com.fasterxml.jackson.databind.node.ObjectNode> newestLive(Sql sql) {
        return clickHouse.query(sql).rows().stream().filter(row -> row.get("is_deleted").asInt() == 0).toList();
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

}
