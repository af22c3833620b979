package io.glasshouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.Sql;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded engine's cumulative counters ({@code system.events}): the scratch profilers take a
 * snapshot before and after a statement or request and report the differences, since the embedded
 * engine keeps no query log.
 */
public final class EngineEvents {
    private EngineEvents() {}

    /** Every counter's current value, by event name. */
    public static Map<String, Long> snapshot(ClickHouse clickHouse) {
        Map<String, Long> values = new HashMap<>();
        for (ObjectNode row : clickHouse.query(Sql.plain("SELECT event, value FROM system.events")).rows()) {
            values.put(row.get("event").asText(), row.get("value").asLong());
        }
        return values;
    }
}
