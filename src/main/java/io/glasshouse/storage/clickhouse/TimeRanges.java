package io.glasshouse.storage.clickhouse;

import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.TimeRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A time range as a condition on one column: {@code column >= from AND column < to}. */
final class TimeRanges {
    private TimeRanges() {}

    static WhereClause clause(String column, TimeRange range, String prefix) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (range.from() != null) {
            conditions.add(column + " >= {" + prefix + "from:DateTime64(6, 'UTC')}");
            values.put(prefix + "from", range.from());
        }
        if (range.to() != null) {
            conditions.add(column + " < {" + prefix + "to:DateTime64(6, 'UTC')}");
            values.put(prefix + "to", range.to());
        }
        return conditions.isEmpty() ? WhereClause.NONE : new WhereClause(String.join(" AND ", conditions), values);
    }
}
