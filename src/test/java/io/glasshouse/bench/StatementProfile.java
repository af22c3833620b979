package io.glasshouse.bench;

import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scratch tool: the engine's cost per statement on a bench/query data dir, as differences of
 * {@code system.events} around each run (the embedded engine has no query log). Statements come
 * from a file, separated by {@code ;;}, each named by its first line (a {@code --} comment);
 * {@code &&} inside one joins statements measured together. {@code {TID}} becomes a trace id,
 * a different one for every statement and round: the query condition cache remembers which
 * granules a condition excluded, so a repeated id would flatter whatever runs second. The
 * {@code SELECT} of system.events around each run is inside the figures (about 3 ms of CPU, as
 * {@code SELECT 1} shows).
 *   java ... io.glasshouse.bench.StatementProfile DATA_DIR FILE ROUNDS [ID_OFFSET]
 */
final class StatementProfile {
    private static final List<String> EVENTS = List.of("OSCPUVirtualTimeMicroseconds", "SelectedMarks", "SelectedParts",
            "ReadCompressedBytes", "CompressedReadBufferBytes");

    private StatementProfile() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[2]);
        int offset = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Map<String, String> statements = new LinkedHashMap<>();
        for (String text : Files.readString(Path.of(args[1])).split(";;")) {
            if (!text.isBlank()) {
                statements.put(text.strip().lines().findFirst().orElseThrow(), text);
            }
        }
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        try (ChdbEngine engine = ChdbEngine.start(library, dataDir.resolve("clickhouse"), List.of("max_server_memory_usage=" + (4L << 30)));
                EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, "glasshouse", 1, Duration.ofMinutes(30))) {
            List<String> ids = clickHouse.query(Sql.plain("SELECT id FROM traces WHERE project_id = 'p-bench'"
                            + " AND cityHash64(id) % 500 = 7 ORDER BY cityHash64(id, 1) LIMIT 4000")).rows().stream()
                    .map(row -> row.get("id").asText()).toList();
            Map<String, long[]> totals = new LinkedHashMap<>();
            Map<String, List<Long>> walls = new LinkedHashMap<>();
            int next = offset;
            for (int round = -3; round < rounds; round++) {
                for (var statement : statements.entrySet()) {
                    String text = statement.getValue().replace("{TID}", ids.get(next++ % ids.size()));
                    Map<String, Long> before = EngineEvents.snapshot(clickHouse);
                    long start = System.nanoTime();
                    for (String part : text.split("&&")) {
                        clickHouse.query(Sql.plain(part));
                    }
                    long micros = (System.nanoTime() - start) / 1000;
                    Map<String, Long> after = EngineEvents.snapshot(clickHouse);
                    if (round < 0) {
                        continue; // warm-up
                    }
                    long[] sums = totals.computeIfAbsent(statement.getKey(), k -> new long[EVENTS.size()]);
                    for (int e = 0; e < EVENTS.size(); e++) {
                        sums[e] += after.getOrDefault(EVENTS.get(e), 0L) - before.getOrDefault(EVENTS.get(e), 0L);
                    }
                    walls.computeIfAbsent(statement.getKey(), k -> new ArrayList<>()).add(micros);
                }
            }
            totals.forEach((name, sums) -> {
                List<Long> wall = walls.get(name);
                Collections.sort(wall);
                System.out.printf("%-50s cpu %.1f ms, marks %.1f, parts %.1f, read compressed %.0f KB, decompressed %.0f KB, wall p50 %.1f ms%n",
                        name, sums[0] / 1000.0 / rounds, (double) sums[1] / rounds, (double) sums[2] / rounds,
                        sums[3] / 1024.0 / rounds, sums[4] / 1024.0 / rounds, wall.get(wall.size() / 2) / 1000.0);
            });
        }
    }
}
