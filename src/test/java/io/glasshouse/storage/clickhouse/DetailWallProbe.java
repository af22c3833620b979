package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.bench.SampleColumns;
import io.glasshouse.model.ProjectId;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scratch tool: where the wall time of one trace detail goes, in process, on a bench/query data
 * dir. Variants run interleaved (one detail of each per round, a fresh trace id each time, since
 * the query condition cache flatters a repeated id): "conc" is {@code findTraceDetail} as the
 * server runs it (observations on the caller's thread), "tracemain" the same with the trace on the
 * caller's thread instead (before session 5), "seq" the three reads one after another; a suffix ":setting=value,..." appends
 * SETTINGS to every statement. Per variant: detail wall p50/p90, process CPU per detail, and per
 * statement the offset of its start from the detail's start, its call wall (borrow + engine +
 * copy), the engine's own elapsed, the JSON parse, and the end offset.
 *   DetailWallProbe DATA_DIR ROUNDS POOL VARIANT...
 */
final class DetailWallProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static volatile String settings = "";
    private static volatile long detailStart;
    private static final Map<String, List<double[]>> STATEMENTS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int pool = Integer.parseInt(args[2]);
        List<String> variants = List.of(args).subList(3, args.length);
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        ChdbEngine engine = ChdbEngine.start(library, dataDir.resolve("clickhouse"), List.of("max_server_memory_usage=" + (4L << 30)));
        try (EmbeddedClickHouse ch = new EmbeddedClickHouse(engine, "glasshouse", pool, Duration.ofMinutes(30))) {
            new ClickHouseSchema(ch, SchemaDialect.singleNode()).migrate();
            List<String> ids = ch.query(Sql.plain("SELECT id FROM traces WHERE project_id = 'p-bench'"
                            + " AND cityHash64(id) % 500 = 11 ORDER BY cityHash64(id, 2) LIMIT 4000")).rows().stream()
                    .map(row -> row.get("id").asText()).toList();
            ClickHouseEventStore store = new ClickHouseEventStore(new Timed(ch));
            ProjectId project = new ProjectId("p-bench");
            Map<String, List<long[]>> details = new LinkedHashMap<>();
            int next = 0;
            for (int round = -5; round < rounds; round++) {
                for (String variant : variants) {
                    String[] parts = variant.split(":", 2);
                    settings = parts.length > 1 ? " SETTINGS " + parts[1].replace(",", ", ") : "";
                    String id = ids.get(next++ % ids.size());
                    long cpu0 = OS.getProcessCpuTime();
                    detailStart = System.nanoTime();
                    if (parts[0].equals("tracemain")) {
                        // The arrangement before session 5: the trace on the caller's thread, the rest beside it.
                        var observations = SideReads.start(() -> store.findObservations(project, id));
                        var scores = SideReads.start(() -> store.findScores(project, id));
                        store.findTrace(project, id).orElseThrow();
                        SideReads.join(observations);
                        SideReads.join(scores);
                    } else if (parts[0].equals("seq")) {
                        store.findTrace(project, id).orElseThrow();
                        store.findObservations(project, id);
                        store.findScores(project, id);
                    } else {
                        store.findTraceDetail(project, id).orElseThrow();
                    }
                    long wall = System.nanoTime() - detailStart;
                    long cpu = OS.getProcessCpuTime() - cpu0;
                    if (round >= 0) {
                        details.computeIfAbsent(variant, k -> new ArrayList<>()).add(new long[] {wall, cpu});
                        for (var e : DRAIN.entrySet()) {
                            STATEMENTS.computeIfAbsent(variant + " " + e.getKey(), k -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(e.getValue());
                        }
                    }
                    DRAIN.clear();
                }
            }
            for (String variant : variants) {
                List<long[]> d = details.get(variant);
                List<Long> walls = new ArrayList<>(d.stream().map(x -> x[0]).toList());
                Collections.sort(walls);
                double cpu = d.stream().mapToLong(x -> x[1]).average().orElse(0) / 1e6;
                System.out.printf("%-40s wall p50 %5.1f p90 %5.1f ms, process cpu %5.1f ms/detail%n", variant,
                        walls.get(walls.size() / 2) / 1e6, walls.get(walls.size() * 9 / 10) / 1e6, cpu);
                for (String table : List.of("traces", "observations", "scores")) {
                    List<double[]> s = STATEMENTS.get(variant + " " + table);
                    if (s == null) {
                        continue;
                    }
                    System.out.printf("    %-13s start %5.1f  call %5.1f  engine %5.1f  parse %4.2f  end %5.1f   (medians, ms)%n", table,
                            SampleColumns.median(s, 0), SampleColumns.median(s, 1), SampleColumns.median(s, 2),
                            SampleColumns.median(s, 3), SampleColumns.median(s, 4));
                }
            }
        } finally {
            engine.close();
        }
    }

    private static final Map<String, double[]> DRAIN = new ConcurrentHashMap<>();

    private record Timed(EmbeddedClickHouse inner) implements ForwardingClickHouse {
        @Override
        public QueryResult query(Sql sql) {
            long t0 = System.nanoTime();
            byte[] out = inner.query(new Sql(sql.text() + settings, sql.parameters()), "JSON");
            long t1 = System.nanoTime();
            QueryResult result = QueryResult.parse(out);
            long t2 = System.nanoTime();
            double elapsed;
            try {
                JsonNode stats = JSON.readTree(out).path("statistics");
                elapsed = stats.path("elapsed").asDouble() * 1000;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            String table = sql.text().contains("FROM observations") ? "observations"
                    : sql.text().contains("FROM scores") ? "scores" : "traces";
            DRAIN.put(table, new double[] {(t0 - detailStart) / 1e6, (t1 - t0) / 1e6, elapsed, (t2 - t1) / 1e6,
                    (t2 - detailStart) / 1e6});
            return result;
        }
    }
}
