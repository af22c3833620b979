package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.TimeRange;
import io.glasshouse.storage.query.UserSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Users as their traces describe them (a Glasshouse extension of Langfuse's API): the page of
 * users by last seen comes from the traces alone; tokens and cost are then summed over the
 * observations of just those users' traces.
 */
final class UserQueries {
    private final ClickHouse clickHouse;

    UserQueries(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    private static String users(WhereClause narrowing, String where) {
        return "SELECT user_id, count() AS trace_count, min(timestamp) AS first_seen, max(timestamp) AS last_seen FROM "
                + LiveRows.traces("user_id, id, timestamp, is_deleted", "user_id IS NOT NULL AND " + narrowing.text())
                + " WHERE is_deleted = 0 AND " + where + " GROUP BY user_id";
    }

    Page<UserSummary> list(ProjectId project, PageRequest page, TimeRange range) {
        WhereClause narrowing = TimeRanges.clause("timestamp", range, "r");
        Sql.Builder pageSql = ProjectScopedSql.forProject(project, users(narrowing, "1")
                        + " ORDER BY last_seen DESC, user_id LIMIT {limit:UInt32} OFFSET {offset:UInt64}")
                .bind("limit", page.limit())
                .bind("offset", page.offset());
        List<ObjectNode> rows = clickHouse.query(narrowing.bindTo(pageSql).build()).rows();
        long total = clickHouse.query(narrowing.bindTo(ProjectScopedSql.forProject(project,
                        "SELECT count() AS n FROM (" + users(narrowing, "1") + ")")).build())
                .scalar().asLong();
        return new Page<>(withUsage(project, rows, narrowing), total);
    }

    Optional<UserSummary> find(ProjectId project, String userId, TimeRange range) {
        WhereClause narrowing = TimeRanges.clause("timestamp", range, "r");
        Sql.Builder sql = ProjectScopedSql.forProject(project, users(narrowing, "user_id = {user:String}")).bind("user", userId);
        List<ObjectNode> rows = clickHouse.query(narrowing.bindTo(sql).build()).rows();
        return withUsage(project, rows, narrowing).stream().findFirst();
    }

    private List<UserSummary> withUsage(ProjectId project, List<ObjectNode> users, WhereClause narrowing) {
        if (users.isEmpty()) {
            return List.of();
        }
        List<String> userIds = users.stream().map(row -> row.get("user_id").asText()).toList();
        String userTraces = "SELECT id, user_id FROM " + LiveRows.traces("id, user_id, timestamp, is_deleted",
                "user_id IN {users:Array(String)} AND " + narrowing.text()) + " WHERE is_deleted = 0";
        Sql.Builder sql = ProjectScopedSql.forProject(project, "SELECT t.user_id AS user_id, count() AS observations,"
                        + " sum(o.usage_details['input']) AS input_tokens, sum(o.usage_details['output']) AS output_tokens,"
                        + " sum(if(mapContains(o.usage_details, 'total'), o.usage_details['total'],"
                        + " o.usage_details['input'] + o.usage_details['output'])) AS total_tokens,"
                        + " sum(ifNull(o.total_cost, 0)) AS cost FROM "
                        + LiveRows.observations("trace_id, id, usage_details, total_cost, is_deleted",
                                "trace_id IN (SELECT id FROM (" + userTraces + "))")
                        + " AS o INNER JOIN (" + userTraces + ") AS t ON o.trace_id = t.id"
                        + " WHERE o.is_deleted = 0 GROUP BY t.user_id")
                .bindStrings("users", userIds);
        Map<String, ObjectNode> usage = new HashMap<>();
        clickHouse.query(narrowing.bindTo(sql).build()).rows().forEach(row -> usage.put(row.get("user_id").asText(), row));
        List<UserSummary> summaries = new ArrayList<>(users.size());
        for (ObjectNode user : users) {
            String id = user.get("user_id").asText();
            ObjectNode sums = usage.get(id);
            Instant first = EventRows.instant(user.get("first_seen"));
            Instant last = EventRows.instant(user.get("last_seen"));
            summaries.add(new UserSummary(id, user.get("trace_count").asLong(),
                    sums == null ? 0 : sums.get("observations").asLong(),
                    sums == null ? 0 : sums.get("input_tokens").asLong(),
                    sums == null ? 0 : sums.get("output_tokens").asLong(),
                    sums == null ? 0 : sums.get("total_tokens").asLong(),
                    sums == null ? BigDecimal.ZERO : new BigDecimal(sums.get("cost").asText()).stripTrailingZeros(),
                    first, last));
        }
        return summaries;
    }
}
