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
import java.util.Map;

/**
 * What one insert costs the embedded engine when it is small: the server's group commit stores
 * whatever arrived in one flush interval, so under light, steady traffic every insert holds a few
 * spans and its fixed cost (a part per table, the materialized views feeding the narrow tables,
 * the merges of those parts) is most of the CPU. Inserts INSERTS batches of SPANS_PER_INSERT
 * benchmark spans (RowBinary through {@code ClickHouseEventStore}, as the server) one after the
 * other into fresh tables, then waits until no merge runs, and prints wall time and process CPU per
 * insert and the threads that used it. {@code -Dsql='stmt;stmt'} runs statements after the
 * migrations (drop a view, change a table setting) to see what a part of the schema costs;
 * {@code -Dprefill=N} first stores N other spans in large inserts, as earlier traffic would have;
 * arguments after the first two are engine settings ({@code name=value}).
 *   java ... io.glasshouse.bench.InsertCost INSERTS SPANS_PER_INSERT [setting=value ...]
 */
final class InsertCost {
    private static final int WARM_UP_INSERTS = 10;

    private InsertCost() {}

    public static void main(String[] args) throws Exception {
        int inserts = Integer.parseInt(args[0]);
        int spansPerInsert = Integer.parseInt(args[1]);
        List<String> settings = new ArrayList<>(List.of("max_server_memory_usage=" + (2L << 30)));
        settings.addAll(List.of(args).subList(2, args.length));
        // Requests of SPANS_PER_INSERT spans in whole traces; one request per insert.
        var requests = Workload.otlpRequests(42, (inserts + WARM_UP_INSERTS) * spansPerInsert, spansPerInsert);
        List<EventBatch> batches = RawEngineRun.rowsAsServerStores(requests, spansPerInsert).inserts();
        Path dir = Files.createTempDirectory("glasshouse-insert-cost");
        var library = LibchdbLocator.pinned().locate(null, System.getenv());
        long pid = ProcessHandle.current().pid();
        try (ChdbEngine engine = ChdbEngine.start(library, dir, settings);
                EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, "insert_cost", 2, Duration.ofMinutes(5))) {
            new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
            for (String statement : System.getProperty("sql", "").split(";")) {
                if (!statement.isBlank()) {
                    clickHouse.execute(Sql.plain(statement));
                }
            }
            ClickHouseEventStore store = new ClickHouseEventStore(clickHouse);
            // -Dprefill=N: the tables first hold N other spans, as a server's earlier traffic leaves them.
            RawEngineRun.prefillInserts(Integer.getInteger("prefill", 0)).forEach(store::insert);
            batches.subList(0, WARM_UP_INSERTS).forEach(store::insert);
            RawEngineRun.awaitNoMerges(clickHouse);
            List<EventBatch> measured = batches.subList(WARM_UP_INSERTS, batches.size());

            ThreadCpu threads0 = ThreadCpu.of(pid);
            long cpu0 = Cpu.processCpu(pid);
            long wall0 = System.nanoTime();
            measured.forEach(store::insert);
            long cpu1 = Cpu.processCpu(pid);
            long wall1 = System.nanoTime();
            RawEngineRun.awaitNoMerges(clickHouse);
            long cpu2 = Cpu.processCpu(pid);
            Map<String, Long> threads = ThreadCpu.of(pid).since(threads0);

            int n = measured.size();
            double spans = measured.stream().mapToLong(b -> b.observations().size()).sum() / (double) n;
            System.out.printf("%s%d inserts of %.0f spans: wall %.1f ms per insert; process CPU %.1f ms per insert by the last"
                            + " insert, %.1f ms once merges are done%n",
                    settings.size() > 1 ? String.join(" ", settings.subList(1, settings.size())) + ": " : "",
                    n, spans, (wall1 - wall0) / 1e6 / n, (cpu1 - cpu0) / 1e6 / n, (cpu2 - cpu0) / 1e6 / n);
            StringBuilder top = new StringBuilder("  threads, ms of CPU per insert (engine pool threads rename themselves per task):");
            threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .forEach(e -> top.append(String.format(" %s %.1f", e.getKey(), e.getValue() / 1e6 / n)));
            System.out.println(top);
        }
    }
}
