package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest version of each row per sort key, picked in Java from every version a look-up
 * returned: what {@code ORDER BY event_version DESC LIMIT 1 BY <key>} does in SQL, without the
 * engine's sort and limit-by steps, which cost 1-2 ms of engine CPU per statement (about 8% of a
 * trace detail; docs/query-performance-plan.md, "Session 5"). Only for look-ups that return few
 * rows (one trace, one id): every version before merges comes back, which is a handful per row.
 * The look-up's condition must select whole keys (sort-key columns, or values that do not
 * change between versions), as for {@link LiveRows}; conditions on other columns are tested on
 * the picked rows.
 */
final class NewestVersions {
    private NewestVersions() {}

    /**
     * An event table's sort key, as the columns of each row that hold it. The day of
     * {@code toDate(timestamp)} is selected from the engine ({@link #columns}) rather than
     * computed here, so that times outside the Date range fold into the engine's own key.
     */
    enum Key {
        TRACE("*, toDate(timestamp) AS key_day", List.of("key_day", "id")),
        OBSERVATION("*", List.of("trace_id", "id")),
        SCORE("*, toDate(timestamp) AS key_day", List.of("key_day", "name", "id"));

        private final String columns;
        private final List<String> keyColumns;

        Key(String columns, List<String> keyColumns) {
            this.columns = columns;
            this.keyColumns = keyColumns;
        }

        /** What a look-up selects: every column, plus the key's day where the key has one. */
        String columns() {
            return columns;
        }

        private List<String> of(ObjectNode row) {
            List<String> key = new ArrayList<>(keyColumns.size());
            for (String column : keyColumns) {
                key.add(row.get(column).asText());
            }
            return key;
        }
    }

    /** The newest version per key, deleted ones dropped, newest first. */
    static List<ObjectNode> live(Key key, List<ObjectNode> versions) {
        Map<List<String>, ObjectNode> newest = new HashMap<>();
        for (ObjectNode row : versions) {
            newest.merge(key.of(row), row, (kept, candidate) -> version(candidate) > version(kept) ? candidate : kept);
        }
        return newest.values().stream()
                .filter(row -> row.get("is_deleted").asInt() == 0)
                .sorted(Comparator.comparingLong(NewestVersions::version).reversed())
                .toList();
    }

    private static long version(ObjectNode row) {
        return row.get("event_version").asLong();
    }
}
