package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import java.util.List;
import java.util.Set;

/**
 * Reads stored event rows back as ClickHouse returns them (column name → JSON value), for tests
 * that compare what was stored field by field without going through the code under test.
 * Decimals and 64-bit integers come back as strings.
 */
public final class TestingEventRows {
    private static final Set<String> TABLES = Set.of("traces", "observations", "scores");

    private TestingEventRows() {}

    /** The newest version of the row with this id, or null when there is none. */
    public static ObjectNode latest(ClickHouse clickHouse, String table, ProjectId project, String id) {
        List<ObjectNode> rows = versions(clickHouse, table, project, id);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /** Every stored version of the row with this id, newest first. */
    public static List<ObjectNode> versions(ClickHouse clickHouse, String table, ProjectId project, String id) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not an event table: " + table);
        }
        return clickHouse.query(ProjectScopedSql.forProject(project, "SELECT * FROM " + table
                                + " WHERE project_id = {project_id:String} AND id = {id:String}"
                                + " ORDER BY event_version DESC"
                                + " SETTINGS output_format_json_quote_decimals = 1")
                        .bind("id", id)
                        .build())
                .rows();
    }

    /** The newest version of every row of the table in the project, one per id. */
    public static List<ObjectNode> latestOfEach(ClickHouse clickHouse, String table, ProjectId project) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not an event table: " + table);
        }
        return clickHouse.query(ProjectScopedSql.forProject(project, "SELECT * FROM " + table
                                + " WHERE project_id = {project_id:String}"
                                + " ORDER BY event_version DESC LIMIT 1 BY id"
                                + " SETTINGS output_format_json_quote_decimals = 1")
                        .build())
                .rows();
    }
}
