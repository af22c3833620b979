package io.glasshouse.bench;

import io.glasshouse.storage.clickhouse.Sql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * bench/query: read latencies of the public API on a generated dataset (10M observations in 2M
 * traces by default), next to the same questions asked in hand-written SQL straight on the engine
 * in the same run. Order: prepare (or reuse) the dataset; raw SQL on an embedded engine in this
 * process; close it; start the server jar on the same data dir and ask it over HTTP. The engine
 * belongs to one process at a time, so the two phases never overlap.
 */
public final class QueryBenchmark {
    private QueryBenchmark() {}

    @FunctionalInterface
    interface Request {
        long run(QueryKind kind, int i) throws Exception;
    }

    /** The dataset's stored size, per table. */
    record TableSize(String table, long rows, long compressedBytes, long uncompressedBytes, long parts) {}

    /** Active parts of one partition of a table: their layout decides what FINAL has to merge. */
    record PartitionParts(String table, String partition, long parts, long rows, long smallestRows, long largestRows) {}

    public static void main(String[] args) throws Exception {
        QueryBenchOptions options;
        try {
            options = QueryBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Machine machine = Machine.describe();
        String loadAtStart = Machine.loadAverageNow();
        QueryDataStore.Prepared prepared = QueryDataStore.prepare(options.dataRoot(), options.observations(),
                options.engineMemoryBytes());
        QueryDataset dataset = prepared.dataset();
        int requests = options.warmup() + options.iterations();

        QueryWorkload workload;
        List<TableSize> sizes;
        List<PartitionParts> parts;
        Map<QueryKind, Latencies> raw = new EnumMap<>(QueryKind.class);
        try (QueryDataStore.Engine engine = QueryDataStore.Engine.open(prepared.dataDir(), options.engineMemoryBytes())) {
            QueryDataStore.migrate(engine);
            workload = QueryWorkload.draw(engine.clickHouse(), dataset, requests, options.seed());
            sizes = sizes(engine);
            parts = parts(engine);
            if (options.raw()) {
                RawQueries queries = new RawQueries(engine.clickHouse(), dataset, workload);
                for (QueryKind kind : options.kinds()) {
                    raw.put(kind, measure(kind, options, queries::run));
                    System.err.printf("[bench] raw SQL  %-45s %s%n", kind.label, summary(raw.get(kind)));
                }
            }
        }

        Map<QueryKind, Latencies> server = new EnumMap<>(QueryKind.class);
        String serverCommand = null;
        List<String> problems = new ArrayList<>();
        if (options.server()) {
            try (ServerProcess process = ServerProcess.start(options.jar(), options.serverJavaOptions(), prepared.dataDir(),
                    List.of("--clickhouse-max-memory", options.engineMemory()))) {
                serverCommand = process.describeCommand();
                process.awaitReady(Duration.ofMinutes(2));
                HttpQueries queries = new HttpQueries(process::uri, workload);
                for (QueryKind kind : options.kinds()) {
                    if (kind.rawOnly()) {
                        continue;
                    }
                    server.put(kind, measure(kind, options, queries::run));
                    System.err.printf("[bench] server   %-45s %s%n", kind.label, summary(server.get(kind)));
                }
                int exit = process.stop(Duration.ofSeconds(60));
                if (exit != 0) {
                    problems.add("the server exited with " + exit + " after SIGTERM");
                }
            }
        }
        for (QueryKind kind : QueryKind.values()) {
            Latencies s = server.get(kind);
            Latencies r = raw.get(kind);
            if (s != null && r != null && s.measured() && r.measured() && s.mismatches(r) > 0) {
                problems.add(kind.label + ": " + s.mismatches(r) + " of " + s.found().length
                        + " requests found a different number of rows or matches than the raw SQL (server "
                        + s.distinctFound() + ", raw " + r.distinctFound() + ")");
            }
        }

        QueryReport report = new QueryReport(options, machine, loadAtStart, prepared, sizes, parts, workload, raw, server,
                serverCommand, problems);
        System.out.println(report.markdown());
        if (options.docs() != null) {
            report.writeInto(options.docs());
            System.err.println("[bench] wrote " + options.docs());
        }
    }

    private static Latencies measure(QueryKind kind, QueryBenchOptions options, Request request) {
        try {
            for (int i = 0; i < options.warmup(); i++) {
                request.run(kind, i);
            }
            long[] nanos = new long[options.iterations()];
            long[] found = new long[options.iterations()];
            for (int n = 0; n < options.iterations(); n++) {
                int i = options.warmup() + n;
                long start = System.nanoTime();
                found[n] = request.run(kind, i);
                nanos[n] = System.nanoTime() - start;
            }
            return new Latencies(nanos, found, null);
        } catch (HttpQueries.Unavailable e) {
            return Latencies.unavailable(e.getMessage());
        } catch (Exception e) {
            return Latencies.unavailable(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static String summary(Latencies latencies) {
        if (!latencies.measured()) {
            return "not measured: " + latencies.unavailable();
        }
        return String.format(java.util.Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, found %s",
                latencies.percentileMillis(0.5), latencies.percentileMillis(0.95), latencies.percentileMillis(0.99),
                latencies.distinctFound());
    }

    private static List<PartitionParts> parts(QueryDataStore.Engine engine) {
        return engine.clickHouse().query(Sql.plain("SELECT table, partition, count() AS parts, sum(rows) AS all_rows,"
                        + " min(rows) AS smallest, max(rows) AS largest FROM system.parts WHERE active AND database = '"
                        + QueryDataStore.DATABASE + "' AND table IN ('traces', 'observations', 'scores')"
                        + " GROUP BY table, partition ORDER BY table, partition"))
                .rows().stream()
                .map(row -> new PartitionParts(row.get("table").asText(), row.get("partition").asText(), row.get("parts").asLong(),
                        row.get("all_rows").asLong(), row.get("smallest").asLong(), row.get("largest").asLong()))
                .toList();
    }

    private static List<TableSize> sizes(QueryDataStore.Engine engine) {
        return engine.clickHouse().query(Sql.plain("SELECT table, sum(rows) AS rows, sum(data_compressed_bytes) AS c,"
                        + " sum(data_uncompressed_bytes) AS u, count() AS parts FROM system.parts WHERE active AND database = '"
                        + QueryDataStore.DATABASE + "' AND table IN ('traces', 'observations', 'scores') GROUP BY table ORDER BY table"))
                .rows().stream()
                .map(row -> new TableSize(row.get("table").asText(), row.get("rows").asLong(), row.get("c").asLong(),
                        row.get("u").asLong(), row.get("parts").asLong()))
                .toList();
    }

}
