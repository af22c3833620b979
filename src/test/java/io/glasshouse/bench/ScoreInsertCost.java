package io.glasshouse.bench;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouseEventStore;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.Sql;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the V009 view (score keys by trace) costs on score inserts: process CPU per stored score
 * with the migrations as shipped and with the view dropped, a fresh database per variant, paired
 * and repeated three times, through ClickHouseEventStore.insert as the server stores them; "settled"
 * adds the merges until none has run for 2 s (and about 2 s of polling).
 *   java ... io.glasshouse.bench.ScoreInsertCost INSERTS SCORES_PER_INSERT
 */
final class ScoreInsertCost {
    private ScoreInsertCost() {}

    public static void main(String[] args) throws Exception {
        int inserts = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path dir = Files.createTempDirectory("glasshouse-score-insert-cost");
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        try (ChdbEngine engine = ChdbEngine.start(library, dir, List.of("max_server_memory_usage=" + (2L << 30)))) {
            int database = 0;
            for (int repeat = 0; repeat < 3; repeat++) {
                for (boolean withView : List.of(true, false)) {
                    try (EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, "cost_" + (++database), 2, Duration.ofMinutes(5))) {
                        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
                        if (!withView) {
                            clickHouse.execute(Sql.plain("DROP VIEW score_trace_keys_feed"));
                        }
                        ClickHouseEventStore store = new ClickHouseEventStore(clickHouse);
                        List<EventBatch> batches = batches(inserts, size);
                        long cpu = os.getProcessCpuTime();
                        for (EventBatch batch : batches) {
                            store.insert(batch);
                        }
                        long atLastInsert = os.getProcessCpuTime() - cpu;
                        RawEngineRun.awaitNoMerges(clickHouse);
                        long settled = os.getProcessCpuTime() - cpu;
                        double scores = (double) inserts * size;
                        System.out.printf("%-12s %.1f µs per score at the last insert, %.1f µs settled%n",
                                withView ? "with view" : "without view", atLastInsert / 1000.0 / scores, settled / 1000.0 / scores);
                    }
                }
            }
        }
    }

    // A score per row, three per trace, a second apart: deterministic and all in one month.
    private static List<EventBatch> batches(int inserts, int size) {
        ProjectId project = new ProjectId("p");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        List<EventBatch> batches = new ArrayList<>();
        for (int i = 0; i < inserts; i++) {
            List<ScoreRow> scores = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                int n = i * size + j;
                scores.add(new ScoreRow(project, "score-" + n, start.plusSeconds(n), "trace-" + n / 3, null, null, null,
                        "helpfulness", n % 10 / 10.0, null, ScoreDataType.NUMERIC, ScoreSource.API, "a comment " + n,
                        null, null, null, "production", Map.of(), 1, false));
            }
            batches.add(new EventBatch(List.of(), List.of(), scores));
        }
        return batches;
    }
}
