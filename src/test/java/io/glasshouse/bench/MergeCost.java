package io.glasshouse.bench;

import io.glasshouse.model.EventBatch;
import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouseEventStore;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the engine's CPU costs per span once its background merges are done, not only while the
 * inserts run: the benchmark's spans, mapped by the server's code, inserted (RowBinary, as the
 * server) into a fresh database per variant, in inserts of a given size, then waited on until no
 * merge has run for two seconds. Prints the process CPU per span at the last insert and once
 * settled, and the active parts left. A variant is a label and SQL run after the migrations
 * (table settings, codecs), so settings can be compared in one process on the same rows.
 *   java ... io.glasshouse.bench.MergeCost SPANS SPANS_PER_INSERT[,N...] 'label=SQL;SQL' ...
 */
final class MergeCost {
    private MergeCost() {}

    /**
     * -Dlookups=N: what the settled parts cost a read, the trace detail's observations statement
     * for N different traces (a fresh id each: the query condition cache remembers excluded
     * granules), as process CPU per look-up. More parts mean a granule read in each.
     */
    private static void printLookupCost(EmbeddedClickHouse clickHouse, String label, long pid) {
        int lookups = Integer.getInteger("lookups", 0);
        if (lookups == 0) {
            return;
        }
        List<String> traceIds = clickHouse.query(Sql.plain("SELECT DISTINCT trace_id FROM observations ORDER BY cityHash64(trace_id) LIMIT "
                + lookups)).rows().stream().map(row -> row.get("trace_id").asText()).toList();
        String project = clickHouse.query(Sql.plain("SELECT any(project_id) AS p FROM observations")).scalar().asText();
        long cpu0 = Cpu.processCpu(pid);
        for (String traceId : traceIds) {
            clickHouse.query(Sql.of("SELECT * FROM observations WHERE project_id = {p:String} AND trace_id = {t:String}"
                    + " ORDER BY event_version DESC LIMIT 1 BY trace_id, id").bind("p", project).bind("t", traceId).build());
        }
        long cpu1 = Cpu.processCpu(pid);
        System.out.printf("%-28s observations of a trace: %.1f ms CPU per look-up (%d look-ups)%n", label,
                (cpu1 - cpu0) / 1e6 / traceIds.size(), traceIds.size());
    }

    public static void main(String[] args) throws Exception {
        int spans = Integer.parseInt(args[0]);
        List<Integer> insertSizes = new ArrayList<>();
        for (String size : args[1].split(",")) {
            insertSizes.add(Integer.parseInt(size));
        }
        List<String> variants = new ArrayList<>(List.of("baseline="));
        for (int i = 2; i < args.length; i++) {
            variants.add(args[i]);
        }
        var requests = Workload.otlpRequests(42, spans, 200);
        // -Dprefill=N: the tables first get N other spans, merged and settled, as the server's warm-up leaves them.
        List<EventBatch> prefill = RawEngineRun.prefillInserts(Integer.getInteger("prefill", 0));
        Path dir = Files.createTempDirectory("glasshouse-merge-cost");
        var library = LibchdbLocator.pinned().locate(null, System.getenv());
        long pid = ProcessHandle.current().pid();
        try (ChdbEngine engine = ChdbEngine.start(library, dir, List.of("max_server_memory_usage=" + (2L << 30)))) {
            int round = 0;
            for (int repeat = 0; repeat < 2; repeat++) {
                for (int insertSize : insertSizes) {
                    List<EventBatch> batches = RawEngineRun.rowsAsServerStores(requests, insertSize).inserts();
                    long mapped = batches.stream().mapToLong(b -> b.observations().size()).sum();
                    for (String variant : variants) {
                        String label = variant.substring(0, variant.indexOf('='));
                        String statements = variant.substring(variant.indexOf('=') + 1);
                        String database = "cost_" + (++round);
                        try (EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, database, 2, Duration.ofMinutes(5))) {
                            new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
                            for (String statement : statements.split(";")) {
                                if (!statement.isBlank()) {
                                    clickHouse.execute(Sql.plain(statement));
                                }
                            }
                            prefill.forEach(new ClickHouseEventStore(clickHouse)::insert);
                            RawEngineRun.awaitNoMerges(clickHouse);
                            System.gc();
                            ThreadCpu threads0 = ThreadCpu.of(pid);
                            long cpu0 = Cpu.processCpu(pid);
                            long wall0 = System.nanoTime();
                            ClickHouseEventStore store = new ClickHouseEventStore(clickHouse);
                            batches.forEach(store::insert);
                            long cpu1 = Cpu.processCpu(pid);
                            long wall1 = System.nanoTime();
                            ThreadCpu threads1 = ThreadCpu.of(pid);
                            long idleWait = RawEngineRun.awaitNoMerges(clickHouse);
                            long cpu2 = Cpu.processCpu(pid);
                            ThreadCpu threads2 = ThreadCpu.of(pid);
                            System.out.printf("%-28s merge threads: %5.0f µs/span by the last insert, %5.0f µs/span settled%n", label,
                                    threads1.since(threads0).getOrDefault("MergeMutate", 0L) / 1e3 / mapped,
                                    threads2.since(threads0).getOrDefault("MergeMutate", 0L) / 1e3 / mapped);
                            long parts = clickHouse.query(Sql.plain("SELECT count() AS n FROM system.parts WHERE database = '"
                                    + database + "' AND table = 'observations' AND active")).scalar().asLong();
                            long bytes = clickHouse.query(Sql.plain("SELECT sum(bytes_on_disk) AS n FROM system.parts WHERE database = '"
                                    + database + "' AND table = 'observations' AND active")).scalar().asLong();
                            System.out.printf("%-28s insert %6d spans: %d inserts, CPU/span at last insert %5.0f µs, settled %5.0f µs"
                                            + " (%.1f s inserting, %.1f s merging after), %d parts, %.1f MB%n",
                                    label, insertSize, batches.size(), (cpu1 - cpu0) / 1e3 / mapped, (cpu2 - cpu0) / 1e3 / mapped,
                                    (wall1 - wall0) / 1e9, idleWait / 1e9, parts, bytes / 1e6);
                            printLookupCost(clickHouse, label, pid);
                            clickHouse.execute(Sql.plain("DROP DATABASE " + database + " SYNC"));
                        }
                    }
                }
            }
        }
    }
}
