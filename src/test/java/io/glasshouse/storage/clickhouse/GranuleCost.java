package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.bench.EngineEvents;
import io.glasshouse.bench.QueryDatasetAccess;
import io.glasshouse.bench.SampleColumns;
import io.glasshouse.metrics.MetricsApiVersion;
import io.glasshouse.metrics.MetricsQuery;
import io.glasshouse.metrics.MetricsQueryParser;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.Sort;
import io.glasshouse.storage.query.TextSearch;
import io.glasshouse.storage.query.TimeRange;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceListRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scratch tool (session 7, granule size): the engine's cost per request of bench/query's kinds,
 * run through the server's own read code (TraceListQuery, ClickHouseEventStore's detail,
 * ClickHouseMetricsStore) in process on a bench/query data dir, measured as differences of
 * {@code system.events} around each request (CPU of the threads that ran it, marks, bytes read
 * and decompressed). Every request gets a fresh totals cache (so a list pays its total, the
 * environment list its FINAL count), and the parameters are drawn from SEED alone, so two data
 * dirs holding the same dataset answer the same requests: run it on each dir in turn, alternating.
 * A kind with a "c" appended (listc, userc, environmentc, searchc) shares one queries object over the
 * run instead, as the server does, so its totals cache answers repeated filters.
 * First prints the wide tables' parts: rows per mark shows the granule size the parts were written with.
 *   GranuleCost DATA_DIR ROUNDS SEED [kind,kind...]
 */
final class GranuleCost {
    private static final ProjectId PROJECT = new ProjectId("p-bench");
    private static final List<String> EVENTS = List.of("OSCPUVirtualTimeMicroseconds", "SelectedMarks",
            "ReadCompressedBytes", "CompressedReadBufferBytes", "SelectedRows");
    private static final List<String> ENVIRONMENTS = List.of("production", "staging", "development");
    private static final String METRICS = """
            {"view":"observations","dimensions":[{"field":"providedModelName"}],\
            "metrics":[{"measure":"totalCost","aggregation":"sum"}],"filters":[],\
            "timeDimension":{"granularity":"day"},"fromTimestamp":"%s","toTimestamp":"%s",\
            "config":{"row_limit":1000}}""";

    private GranuleCost() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        List<String> kinds = List.of((args.length > 3 ? args[3] : "list,user,environment,detail,metrics,search").split(","));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        ChdbEngine engine = ChdbEngine.start(library, dataDir.resolve("clickhouse"), List.of("max_server_memory_usage=" + (4L << 30)));
        try (EmbeddedClickHouse ch = new EmbeddedClickHouse(engine, "glasshouse", 4, Duration.ofMinutes(30))) {
            List<Integer> applied = new ClickHouseSchema(ch, SchemaDialect.singleNode()).migrate();
            if (!applied.isEmpty()) {
                throw new IllegalStateException("the data dir lacked migrations " + applied + ": not comparable");
            }
            printParts(ch, "before");
            int requests = rounds + 3;
            List<String> traceIds = column(ch, "SELECT id AS v FROM trace_versions WHERE project_id = 'p-bench'"
                    + " AND cityHash64(id) % 1000 = 3 GROUP BY id ORDER BY cityHash64(id, " + seed + ") LIMIT " + requests);
            List<String> users = column(ch, "SELECT DISTINCT user_id AS v FROM trace_versions WHERE project_id = 'p-bench'"
                    + " ORDER BY cityHash64(user_id, " + seed + ") LIMIT " + requests);
            List<String> needles = QueryDatasetAccess.needles();
            MetricsQuery metrics = MetricsQueryParser.parse(METRICS.formatted(QueryDatasetAccess.START, QueryDatasetAccess.END),
                    MetricsApiVersion.V2);
            Random random = new Random(seed);
            Map<String, List<double[]>> samples = new LinkedHashMap<>();
            // "...c" kinds share one queries object, as a server does: its totals cache answers repeats.
            ClickHouseEventQueries shared = new ClickHouseEventQueries(ch);
            for (int i = 0; i < requests; i++) {
                String environment = ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size()));
                int page = 1 + random.nextInt(5);
                String needle = needles.get(random.nextInt(needles.size()));
                String user = users.get(i % users.size());
                String traceId = traceIds.get(i % traceIds.size());
                for (String kind : kinds) {
                    ClickHouseEventQueries queries = kind.endsWith("c") ? shared : new ClickHouseEventQueries(ch);
                    Runnable request = switch (kind.endsWith("c") ? kind.substring(0, kind.length() - 1) : kind) {
                        case "list" -> () -> queries.listTraces(PROJECT, list(1, List.of(), null, TimeRange.ALL));
                        case "user" -> () -> queries.listTraces(PROJECT, list(1, List.of(FilterCondition.of("userId",
                                FilterType.STRING, FilterOperator.EQUALS, user)), null, TimeRange.ALL));
                        case "environment" -> () -> queries.listTraces(PROJECT, list(page, List.of(FilterCondition.of("environment",
                                FilterType.STRING_OPTIONS, FilterOperator.ANY_OF, List.of(environment))), null, TimeRange.ALL));
                        case "detail" -> () -> new ClickHouseEventStore(ch).findTraceDetail(PROJECT, traceId).orElseThrow();
                        case "metrics" -> () -> new ClickHouseMetricsStore(ch).metrics(PROJECT, metrics);
                        case "search" -> () -> queries.listTraces(PROJECT, list(1, List.of(),
                                new TextSearch(needle, TextSearch.Type.SUBSTRING),
                                new TimeRange(QueryDatasetAccess.START, QueryDatasetAccess.END)));
                        default -> throw new IllegalArgumentException("unknown kind " + kind);
                    };
                    Map<String, Long> before = EngineEvents.snapshot(ch);
                    long cpu0 = os.getProcessCpuTime();
                    long wall0 = System.nanoTime();
                    request.run();
                    long wall = System.nanoTime() - wall0;
                    long cpu = os.getProcessCpuTime() - cpu0;
                    Map<String, Long> after = EngineEvents.snapshot(ch);
                    if (i < 3) {
                        continue; // warm-up: JIT, page cache, marks cache
                    }
                    double[] sample = new double[2 + EVENTS.size()];
                    sample[0] = wall / 1e6;
                    sample[1] = cpu / 1e6;
                    for (int e = 0; e < EVENTS.size(); e++) {
                        sample[2 + e] = after.getOrDefault(EVENTS.get(e), 0L) - before.getOrDefault(EVENTS.get(e), 0L);
                    }
                    samples.computeIfAbsent(kind, k -> new ArrayList<>()).add(sample);
                }
            }
            System.out.printf("%-12s %4s %9s %9s %9s %9s %9s %9s %9s %9s%n", "kind", "n", "engCPU", "engMed", "procCPU",
                    "wallMed", "marks", "readMiB", "decMiB", "rows");
            samples.forEach((kind, list) -> System.out.printf("%-12s %4d %9.1f %9.1f %9.1f %9.1f %9.0f %9.2f %9.2f %9.0f%n",
                    kind, list.size(), SampleColumns.mean(list, 2) / 1000, SampleColumns.median(list, 2) / 1000, SampleColumns.mean(list, 1), SampleColumns.median(list, 0),
                    SampleColumns.mean(list, 3), SampleColumns.mean(list, 4) / 1048576, SampleColumns.mean(list, 5) / 1048576, SampleColumns.mean(list, 6)));
            printParts(ch, "after");
        } finally {
            engine.close();
        }
    }

    private static TraceListRequest list(int page, List<FilterCondition> filters, TextSearch search, TimeRange range) {
        return new TraceListRequest(new PageRequest(page, 50), range, filters, search, new Sort("timestamp", true),
                EnumSet.allOf(TraceFieldGroup.class));
    }

    // Rows per mark of the active parts: a granule's rows (index_granularity_bytes decides it for wide rows).
    private static void printParts(ClickHouse ch, String when) {
        for (ObjectNode row : ch.query(Sql.plain("SELECT table, count() AS parts, sum(rows) AS n_rows, sum(marks) AS n_marks,"
                + " round(sum(rows) / sum(marks)) AS rows_per_mark, round(sum(bytes_on_disk) / 1048576) AS disk_mib,"
                + " round(sum(primary_key_bytes_in_memory) / 1024) AS pk_kib"
                + " FROM system.parts WHERE database = 'glasshouse' AND active GROUP BY table ORDER BY table")).rows()) {
            System.out.println("parts " + when + ": " + row);
        }
    }

    private static List<String> column(ClickHouse ch, String sql) {
        return ch.query(Sql.plain(sql)).rows().stream().map(row -> row.get("v").asText()).toList();
    }
}
