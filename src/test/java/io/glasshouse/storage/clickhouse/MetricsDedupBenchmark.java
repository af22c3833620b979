package io.glasshouse.storage.clickhouse;

import io.glasshouse.metrics.MetricsApiVersion;
import io.glasshouse.metrics.MetricsQueryParser;
import io.glasshouse.model.ProjectId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to read "the newest version of each observation" cheaply in an aggregate: the metrics SQL
 * (FINAL) against LIMIT 1 BY and per-id argMax over the same light columns, and against no
 * de-duplication at all (wrong with duplicates; the floor). Query: cost by model by day over 30
 * days. Rows are generated inside the engine: N observations in 10 inserts (10 parts), 10% of
 * them stored again with a higher version. Run with bench/metrics-dedup [rows].
 */
public final class MetricsDedupBenchmark {
    private static final ProjectId PROJECT = new ProjectId("bench");
    private static final int RUNS = 9;

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 300_000;
        try (EmbeddedClickHouse clickHouse = TestingClickHouse.newDatabase("dedup_bench")) {
            new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
            long loadStart = System.nanoTime();
            for (int chunk = 0; chunk < 10; chunk++) {
                insert(clickHouse, rows, chunk, 1, "1");
            }
            for (int chunk = 0; chunk < 10; chunk++) {
                insert(clickHouse, rows, chunk, 2, "number % 10 = 0");
            }
            System.out.printf("loaded %,d observations (+%,d second versions) in %d ms%n", rows, rows / 10,
                    (System.nanoTime() - loadStart) / 1_000_000);

            Sql metricsSql = MetricsSql.compile(PROJECT, MetricsQueryParser.parse("""
                    {"view":"observations","dimensions":[{"field":"providedModelName"}],
                     "metrics":[{"measure":"totalCost","aggregation":"sum"}],"timeDimension":{"granularity":"day"},
                     "fromTimestamp":"2026-10-01T00:00:00Z","toTimestamp":"2026-10-31T00:00:00Z","config":{"row_limit":1000}}""",
                    MetricsApiVersion.V2));
            String range = "project_id = {project_id:String} AND start_time >= '2026-10-01' AND start_time <= '2026-10-31'";
            Map<String, Sql> variants = new LinkedHashMap<>();
            variants.put("FINAL (what the metrics API runs)", metricsSql);
            variants.put("LIMIT 1 BY over light columns", ProjectScopedSql.forProject(PROJECT, """
                    SELECT provided_model_name, toStartOfDay(start_time) AS day, sum(toFloat64(total_cost)) AS cost FROM (
                      SELECT provided_model_name, start_time, total_cost, is_deleted FROM observations WHERE %s
                      ORDER BY event_version DESC LIMIT 1 BY trace_id, id) WHERE is_deleted = 0
                    GROUP BY provided_model_name, day ORDER BY day, provided_model_name""".formatted(range)).build());
            variants.put("argMax per id over light columns", ProjectScopedSql.forProject(PROJECT, """
                    SELECT t.1 AS model, toStartOfDay(t.2) AS day, sum(toFloat64(t.3)) AS cost FROM (
                      SELECT argMax(tuple(provided_model_name, start_time, total_cost, is_deleted), event_version) AS t
                      FROM observations WHERE %s GROUP BY trace_id, id) WHERE t.4 = 0
                    GROUP BY model, day ORDER BY day, model""".formatted(range)).build());
            variants.put("no de-duplication (wrong; the floor)", ProjectScopedSql.forProject(PROJECT, """
                    SELECT provided_model_name, toStartOfDay(start_time) AS day, sum(toFloat64(total_cost)) AS cost
                    FROM observations WHERE %s AND is_deleted = 0
                    GROUP BY provided_model_name, day ORDER BY day, provided_model_name""".formatted(range)).build());

            time(clickHouse, variants, "10 fresh parts, keys overlapping", rows);
            // What background merges converge to: one part per partition, duplicates merged away.
            clickHouse.execute(Sql.plain("OPTIMIZE TABLE observations FINAL"));
            time(clickHouse, variants, "after OPTIMIZE FINAL", rows);
        }
        System.exit(0);
    }

    private static void time(ClickHouse clickHouse, Map<String, Sql> variants, String state, long rows) {
        System.out.printf("%n| cost by model by day, 30 days, %,d rows, %s | median ms | max ms | groups |%n|---|---|---|---|%n",
                rows + rows / 10, state);
        for (Map.Entry<String, Sql> variant : variants.entrySet()) {
            List<Long> millis = new ArrayList<>();
            int groups = 0;
            clickHouse.query(variant.getValue()); // warm-up
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                groups = clickHouse.query(variant.getValue()).rows().size();
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            Collections.sort(millis);
            System.out.printf("| %s | %d | %d | %d |%n", variant.getKey(), millis.get(RUNS / 2), millis.getLast(), groups);
        }
    }

    private static void insert(ClickHouse clickHouse, long rows, int chunk, int version, String condition) {
        long from = rows * chunk / 10;
        long count = rows * (chunk + 1) / 10 - from;
        clickHouse.execute(Sql.plain("""
                INSERT INTO observations (project_id, trace_id, id, type, name, start_time, end_time, provided_model_name,
                  usage_details, cost_details, total_cost, event_version)
                SELECT 'bench', concat('t', toString(intDiv(number, 4))), concat('o', toString(number)), 'GENERATION', 'llm',
                  toDateTime64('2026-10-01 00:00:00', 6, 'UTC') + toIntervalMillisecond(intDiv(number * 2592000000, %d)),
                  toDateTime64('2026-10-01 00:00:01', 6, 'UTC') + toIntervalMillisecond(intDiv(number * 2592000000, %d)),
                  ['gpt-4o', 'claude-3', 'gemini', 'llama', 'mistral'][number %% 5 + 1],
                  map('input', 100, 'output', 20, 'total', 120), map('total', toDecimal64(0.001, 12)),
                  toDecimal64(0.001 * (number %% 7 + %d), 12), %d
                FROM numbers(%d, %d) WHERE %s""".formatted(rows, rows, version, version, from, count, condition)));
    }
}
