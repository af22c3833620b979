package io.glasshouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.Sql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scratch tool (session 6): the trace list's observation-aggregates statement on observations (A)
 * against observation_versions (B, V016), interleaved in one process on a bench/query data dir,
 * with the engine's CPU, marks and bytes per statement as differences of {@code system.events}
 * (as StatementProfile). Applies pending migrations first (V016's backfill on a cached dataset),
 * and checks that both statements answer the same rows for every page. Page kinds: list page 1
 * (the 50 newest traces, the same every round, as the server repeats it), a userId page (the 50
 * newest traces of a user drawn per round) and 50 random traces.
 *   java ... io.glasshouse.bench.ObservationAggregatesAB DATA_DIR ROUNDS [SEED]
 */
final class ObservationAggregatesAB {
    private static final List<String> EVENTS = List.of("OSCPUVirtualTimeMicroseconds", "SelectedMarks", "SelectedRows",
            "ReadCompressedBytes", "CompressedReadBufferBytes");
    private static final String STATEMENT = "SELECT trace_id,"
            + " dateDiff('microsecond', min(start_time), max(ifNull(end_time, start_time))) / 1e6 AS latency,"
            + " sum(ifNull(total_cost, 0)) AS cost, arrayMap(x -> x.2, arraySort(groupArray((start_time, id)))) AS ids"
            + " FROM (SELECT trace_id, id, start_time, end_time, total_cost, is_deleted FROM %s"
            + " WHERE project_id = {project_id:String} AND trace_id IN {ids:Array(String)}"
            + " ORDER BY event_version DESC LIMIT 1 BY trace_id, id) WHERE is_deleted = 0 GROUP BY trace_id ORDER BY trace_id";

    private ObservationAggregatesAB() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Random random = new Random(args.length > 2 ? Long.parseLong(args[2]) : 6);
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        try (ChdbEngine engine = ChdbEngine.start(library, dataDir.resolve("clickhouse"), List.of("max_server_memory_usage=" + (4L << 30)));
                EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, "glasshouse", 1, Duration.ofMinutes(30))) {
            long started = System.nanoTime();
            List<Integer> applied = new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
            System.out.printf("migrations applied %s in %.1f s%n", applied, (System.nanoTime() - started) / 1e9);
            // Background merges count in system.events too: measure only once they have stopped.
            int quiet = 0;
            while (quiet < 3) {
                Thread.sleep(1000);
                quiet = clickHouse.query(Sql.plain("SELECT count() AS n FROM system.merges")).scalar().asLong() == 0 ? quiet + 1 : 0;
            }
            System.out.printf("merges settled after %.1f s%n", (System.nanoTime() - started) / 1e9);
            for (String table : List.of("observations", "observation_versions")) {
                ObjectNode parts = clickHouse.query(Sql.plain("SELECT count() AS parts, sum(rows) AS rows, sum(marks) AS marks,"
                        + " sum(bytes_on_disk) AS bytes, sum(primary_key_bytes_in_memory) AS pk FROM system.parts"
                        + " WHERE database = 'glasshouse' AND table = '" + table + "' AND active")).rows().getFirst();
                System.out.println(table + ": " + parts);
            }
            if (Integer.getInteger("writecost", 0) > 0) {
                writeCost(clickHouse, Integer.getInteger("writecost"));
                return;
            }
            // -Dsetup=SQL;SQL: statements run first (a variant table); -Dtables=a,b,c: the tables compared.
            for (String sql : System.getProperty("setup", "").split(";")) {
                if (!sql.isBlank()) {
                    long t0 = System.nanoTime();
                    clickHouse.execute(Sql.plain(sql));
                    System.out.printf("setup %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, sql.strip());
                }
            }
            List<String> compared = List.of(System.getProperty("tables", "observations,observation_versions").split(","));
            String project = "p-bench";
            List<String> newest = ids(clickHouse, "SELECT id FROM traces WHERE project_id = 'p-bench'"
                    + " ORDER BY timestamp DESC, id DESC LIMIT 50");
            List<String> users = ids(clickHouse, "SELECT DISTINCT user_id AS id FROM traces WHERE project_id = 'p-bench'"
                    + " AND user_id IS NOT NULL LIMIT 5000");
            List<String> sample = ids(clickHouse, "SELECT id FROM traces WHERE project_id = 'p-bench'"
                    + " AND cityHash64(id) % 200 = 3 LIMIT 20000");
            Map<String, long[]> totals = new LinkedHashMap<>();
            Map<String, List<Long>> cpus = new LinkedHashMap<>();
            int mismatches = 0;
            for (int round = -3; round < rounds; round++) {
                String user = users.get(random.nextInt(users.size()));
                Map<String, List<String>> pages = new LinkedHashMap<>();
                pages.put("list page 1", newest);
                pages.put("userId page", ids(clickHouse, "SELECT id FROM traces WHERE project_id = 'p-bench' AND user_id = '"
                        + user + "' ORDER BY timestamp DESC, id DESC LIMIT 50"));
                List<String> any = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    any.add(sample.get(random.nextInt(sample.size())));
                }
                pages.put("random 50", any);
                for (var page : pages.entrySet()) {
                    List<String> tables = new ArrayList<>(compared);
                    Collections.rotate(tables, round);
                    Map<String, List<ObjectNode>> answers = new HashMap<>();
                    for (String table : tables) {
                        Sql sql = Sql.of(STATEMENT.formatted(table)).bind("project_id", project).bindStrings("ids", page.getValue()).build();
                        Map<String, Long> before = EngineEvents.snapshot(clickHouse);
                        answers.put(table, clickHouse.query(sql).rows());
                        Map<String, Long> after = EngineEvents.snapshot(clickHouse);
                        if (round < 0) {
                            continue;
                        }
                        String name = page.getKey() + ", " + table;
                        long[] sums = totals.computeIfAbsent(name, k -> new long[EVENTS.size()]);
                        for (int e = 0; e < EVENTS.size(); e++) {
                            sums[e] += after.getOrDefault(EVENTS.get(e), 0L) - before.getOrDefault(EVENTS.get(e), 0L);
                        }
                        cpus.computeIfAbsent(name, k -> new ArrayList<>())
                                .add(after.getOrDefault(EVENTS.get(0), 0L) - before.getOrDefault(EVENTS.get(0), 0L));
                    }
                    if (answers.values().stream().distinct().count() > 1) {
                        mismatches++;
                        System.out.println("MISMATCH on " + page.getKey() + " " + page.getValue());
                    }
                }
            }
            totals.forEach((name, sums) -> {
                List<Long> cpu = cpus.get(name);
                Collections.sort(cpu);
                System.out.printf("%-36s cpu mean %.1f ms (p50 %.1f, min %.1f), marks %.0f, rows %.0f, read compressed %.0f KB,"
                                + " decompressed %.0f KB%n",
                        name, sums[0] / 1000.0 / rounds, cpu.get(cpu.size() / 2) / 1000.0, cpu.getFirst() / 1000.0,
                        (double) sums[1] / rounds, (double) sums[2] / rounds, sums[3] / 1024.0 / rounds, sums[4] / 1024.0 / rounds);
            });
            System.out.println("pages with different answers: " + mismatches);
        }
    }

    /**
     * -Dwritecost=N: what the view adds to an insert, as the engine CPU of N inserts of 3,500
     * observation versions into a copy of observation_versions (parts written, then merged until
     * settled) minus the same inserts into a Null table of its columns (the rows' read and the
     * statement's own cost), alternating, from a Memory table of observations' rows.
     */
    private static void writeCost(ClickHouse clickHouse, int inserts) throws InterruptedException {
        int size = 3_500;
        for (String sql : List.of("DROP TABLE IF EXISTS ov_src", "DROP TABLE IF EXISTS ov_copy", "DROP TABLE IF EXISTS ov_null",
                // Each insert's rows in trace order, numbered, so an insert reads its own rows without a sort.
                "CREATE TABLE ov_src ENGINE = Memory AS SELECT intDiv(rowNumberInAllBlocks(), " + size + ") AS k, * FROM ("
                        + "SELECT project_id, trace_id, id, start_time, end_time, total_cost, event_version, is_deleted FROM observations"
                        + " WHERE project_id = 'p-bench' AND cityHash64(trace_id) % 50 = 1 ORDER BY trace_id, id LIMIT " + inserts * size + ")",
                "CREATE TABLE ov_copy AS observation_versions", "CREATE TABLE ov_null AS observation_versions ENGINE = Null")) {
            clickHouse.execute(Sql.plain(sql));
        }
        long[] cpu = new long[2];
        for (int k = 0; k < inserts; k++) {
            for (int t = 0; t < 2; t++) {
                String table = (k + t) % 2 == 0 ? "ov_copy" : "ov_null";
                long before = EngineEvents.snapshot(clickHouse).getOrDefault(EVENTS.get(0), 0L);
                clickHouse.execute(Sql.plain("INSERT INTO " + table + " SELECT * EXCEPT k FROM ov_src WHERE k = " + k));
                cpu[table.equals("ov_copy") ? 0 : 1] += EngineEvents.snapshot(clickHouse).getOrDefault(EVENTS.get(0), 0L) - before;
            }
        }
        long before = EngineEvents.snapshot(clickHouse).getOrDefault(EVENTS.get(0), 0L);
        int quiet = 0;
        while (quiet < 3) {
            Thread.sleep(1000);
            quiet = clickHouse.query(Sql.plain("SELECT count() AS n FROM system.merges")).scalar().asLong() == 0 ? quiet + 1 : 0;
        }
        long merges = EngineEvents.snapshot(clickHouse).getOrDefault(EVENTS.get(0), 0L) - before;
        long rows = (long) inserts * size;
        System.out.printf("inserts of %d rows: into the copy %.2f µs per row, into Null %.2f µs per row, merges after %.2f µs per row"
                        + " (%d parts left); the view's part: %.2f µs per row%n", size, cpu[0] / (double) rows, cpu[1] / (double) rows,
                merges / (double) rows, clickHouse.query(Sql.plain("SELECT count() AS n FROM system.parts WHERE database = 'glasshouse'"
                        + " AND table = 'ov_copy' AND active")).scalar().asLong(), (cpu[0] - cpu[1] + merges) / (double) rows);
        for (String sql : List.of("DROP TABLE ov_src", "DROP TABLE ov_copy", "DROP TABLE ov_null")) {
            clickHouse.execute(Sql.plain(sql));
        }
    }

    private static List<String> ids(ClickHouse clickHouse, String sql) {
        return clickHouse.query(Sql.plain(sql)).rows().stream().map(row -> row.get("id").asText()).toList();
    }
}
