package io.glasshouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The requests each query kind makes, drawn with a seeded random from the dataset: which traces
 * to open, which users and environments to filter by, which page, which needle to search for.
 * The raw SQL phase and the server phase replay the same list, so both answer the same questions.
 */
record QueryWorkload(List<String> traceIds, List<String> userIds, List<String> environments, List<Integer> pages,
        List<QueryDataset.Needle> needles, List<Long> needleCounts) {
    static final List<String> ENVIRONMENTS = List.of("production", "staging", "development");

    static QueryWorkload draw(ClickHouse clickHouse, QueryDataset dataset, int requests, long seed) {
        Random random = new Random(seed);
        List<String> traceIds = column(clickHouse, Sql.of("SELECT id AS v FROM traces WHERE project_id = {p:String}"
                + " GROUP BY id ORDER BY cityHash64(id, {seed:UInt64}) LIMIT {n:UInt32}")
                .bind("p", dataset.projectId()).bind("seed", seed).bind("n", requests).build());
        List<String> users = column(clickHouse, Sql.of("SELECT DISTINCT user_id AS v FROM traces WHERE project_id = {p:String}"
                + " ORDER BY cityHash64(user_id, {seed:UInt64}) LIMIT {n:UInt32}")
                .bind("p", dataset.projectId()).bind("seed", seed).bind("n", requests).build());
        List<String> userIds = new ArrayList<>();
        List<String> environments = new ArrayList<>();
        List<Integer> pages = new ArrayList<>();
        List<QueryDataset.Needle> needles = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            userIds.add(users.get(random.nextInt(users.size())));
            environments.add(ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size())));
            pages.add(1 + random.nextInt(5));
            needles.add(QueryDataset.NEEDLES.get(random.nextInt(QueryDataset.NEEDLES.size())));
        }
        List<Long> counts = new ArrayList<>();
        for (QueryDataset.Needle needle : QueryDataset.NEEDLES) {
            counts.add(clickHouse.query(Sql.plain("SELECT count() AS n FROM numbers(" + dataset.traces() + ") WHERE "
                    + QueryDataset.needleCondition(needle, "number"))).scalar().asLong());
        }
        return new QueryWorkload(List.copyOf(traceIds), List.copyOf(userIds), List.copyOf(environments), List.copyOf(pages),
                List.copyOf(needles), List.copyOf(counts));
    }

    /** How many traces hold the needle, by construction of the data. */
    long expectedMatches(QueryDataset.Needle needle) {
        return needleCounts.get(QueryDataset.NEEDLES.indexOf(needle));
    }

    String traceId(int i) {
        return traceIds.get(i % traceIds.size());
    }

    private static List<String> column(ClickHouse clickHouse, Sql sql) {
        return clickHouse.query(sql).rows().stream().map(row -> row.get("v")).map(JsonNode::asText).toList();
    }
}
