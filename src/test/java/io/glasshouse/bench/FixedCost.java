package io.glasshouse.bench;

import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.Sql;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scratch tool: the fixed CPU cost of a statement in the embedded engine. Variants are statements
 * read from a file ({@code ;;}-separated, each named by its first line, a {@code --} comment);
 * every round runs a block of each variant in turn (interleaved A/B), and reports per statement
 * the process CPU (all threads: the JVM's and the engine's), the calling thread's CPU, the
 * engine's {@code OSCPUVirtualTimeMicroseconds} (threads that ran the query) and wall time, as
 * medians over the rounds. {@code {TID}} becomes a different trace id every statement (the query
 * condition cache would flatter repeats). Extra engine connect arguments come from the system
 * property {@code engine.args} ({@code name=value,name=value}); {@code -Dsetup=FILE} runs the
 * statements of FILE once first (DDL, inserts).
 *   java ... io.glasshouse.bench.FixedCost DATA_DIR FILE ROUNDS BLOCK
 * DATA_DIR "-" runs on an empty engine in a temporary directory.
 */
final class FixedCost {
    private static final List<String> EVENTS = List.of("OSCPUVirtualTimeMicroseconds", "UserTimeMicroseconds",
            "SystemTimeMicroseconds", "Query", "SelectedMarks", "ReadCompressedBytes");

    private FixedCost() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = args[0].equals("-") ? Files.createTempDirectory("fixedcost-") : Path.of(args[0]);
        Path engineDir = args[0].equals("-") ? dataDir : dataDir.resolve("clickhouse");
        int rounds = Integer.parseInt(args[2]);
        int block = Integer.parseInt(args[3]);
        Map<String, String> statements = new LinkedHashMap<>();
        for (String text : Files.readString(Path.of(args[1])).split(";;")) {
            if (!text.isBlank()) {
                statements.put(text.strip().lines().findFirst().orElseThrow(), text);
            }
        }
        List<String> engineArgs = new ArrayList<>(List.of("max_server_memory_usage=" + (4L << 30)));
        String extra = System.getProperty("engine.args", "");
        if (!extra.isBlank()) {
            engineArgs.addAll(Arrays.asList(extra.split(",")));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        try (ChdbEngine engine = ChdbEngine.start(library, engineDir, engineArgs);
                EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, "glasshouse", 1, Duration.ofMinutes(30));
                EmbeddedClickHouse other = new EmbeddedClickHouse(engine, "glasshouse", 1, Duration.ofMinutes(30))) {
            // Session B: the same engine, a connection with SET statements applied (-Db.set=a=1;b=2).
            String sets = System.getProperty("b.set", "");
            Map<String, ClickHouse> sessions = new LinkedHashMap<>();
            sessions.put("", clickHouse);
            if (!sets.isBlank()) {
                for (String set : sets.split(";")) {
                    other.execute(Sql.plain("SET " + set));
                }
                sessions.put("B ", other);
            }
            String setup = System.getProperty("setup", "");
            if (!setup.isBlank()) {
                for (String text : Files.readString(Path.of(setup)).split(";;")) {
                    if (!text.isBlank()) {
                        clickHouse.execute(Sql.plain(text));
                    }
                }
            }
            List<String> ids = List.of("none");
            if (!args[0].equals("-")) {
                ids = clickHouse.query(Sql.plain("SELECT id FROM traces WHERE project_id = 'p-bench'"
                                + " AND cityHash64(id) % 500 = 7 ORDER BY cityHash64(id, 1) LIMIT 4000")).rows().stream()
                        .map(row -> row.get("id").asText()).toList();
            }
            Map<String, List<double[]>> samples = new LinkedHashMap<>();
            int next = 0;
            Map<String, long[]> threadsBefore = Map.of();
            for (int round = -2; round < rounds; round++) {
                if (round == 0) {
                    threadsBefore = threadCpu();
                }
                for (var statement : statements.entrySet()) {
                  List<String> order = new ArrayList<>(sessions.keySet());
                  if (round % 2 != 0) {
                      java.util.Collections.reverse(order);
                  }
                  for (String session : order) {
                    ClickHouse target = sessions.get(session);
                    List<String> texts = new ArrayList<>();
                    for (int i = 0; i < block; i++) {
                        texts.add(statement.getValue().replace("{TID}", ids.get(next++ % ids.size())));
                    }
                    Map<String, Long> before = EngineEvents.snapshot(target);
                    long cpu0 = os.getProcessCpuTime();
                    long thread0 = threads.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    for (String text : texts) {
                        target.query(bound(text));
                    }
                    long wall = System.nanoTime() - wall0;
                    long thread = threads.getCurrentThreadCpuTime() - thread0;
                    long cpu = os.getProcessCpuTime() - cpu0;
                    Map<String, Long> after = EngineEvents.snapshot(target);
                    if (round < 0) {
                        continue;
                    }
                    double[] sample = new double[4 + EVENTS.size()];
                    sample[0] = cpu / 1e6 / block;
                    sample[1] = thread / 1e6 / block;
                    sample[2] = wall / 1e6 / block;
                    for (int e = 0; e < EVENTS.size(); e++) {
                        sample[3 + e] = (after.getOrDefault(EVENTS.get(e), 0L) - before.getOrDefault(EVENTS.get(e), 0L))
                                / (double) block;
                    }
                    samples.computeIfAbsent(session + statement.getKey(), k -> new ArrayList<>()).add(sample);
                  }
                }
            }
            if (Boolean.getBoolean("threads")) {
                printThreads(threadsBefore, threadCpu());
            }
            System.out.printf("%-60s %8s %8s %8s %8s %8s %8s %8s %8s %8s%n", "per statement, median of rounds", "procCPU",
                    "thrCPU", "thrMin", "wall", "engCPU", "engMin", "engUser", "engSys", "marks");
            samples.forEach((name, list) -> System.out.printf("%-60s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.1f%n",
                    name.length() > 60 ? name.substring(0, 60) : name, SampleColumns.median(list, 0),
                    SampleColumns.median(list, 1), SampleColumns.min(list, 1), SampleColumns.median(list, 2),
                    SampleColumns.median(list, 3) / 1000, SampleColumns.min(list, 3) / 1000, SampleColumns.median(list, 4) / 1000,
                    SampleColumns.median(list, 5) / 1000, SampleColumns.median(list, 7)));
        }
    }

    // On-CPU nanoseconds per thread (schedstat), keyed by tid, with the thread's current name.
    private static Map<String, long[]> threadCpu() throws java.io.IOException {
        Map<String, long[]> result = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    long ns = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    String name = Files.readString(task.resolve("comm")).strip();
                    result.put(task.getFileName() + " " + name, new long[] {ns});
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return result;
    }

    private static void printThreads(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, Long> byName = new HashMap<>();
        Map<String, long[]> beforeByTid = new HashMap<>();
        before.forEach((key, value) -> beforeByTid.put(key.split(" ")[0], value));
        after.forEach((key, value) -> {
            long[] was = beforeByTid.get(key.split(" ")[0]);
            long delta = value[0] - (was == null ? 0 : was[0]);
            String name = key.substring(key.indexOf(' ') + 1).replaceAll("[0-9]+$", "#");
            byName.merge(name, delta, Long::sum);
        });
        long total = byName.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("thread CPU over the measured rounds: %.1f ms%n", total / 1e6);
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(e -> System.out.printf("  %-30s %8.1f ms%n", e.getKey(), e.getValue() / 1e6));
    }

    // {p:String} in a statement is bound server-side to 'p-bench', as the server's statements bind
    // the project id; {tid:String} to the round's trace id (given as "{TID}" replaced first).
    private static Sql bound(String text) {
        if (!text.contains("{p:String}")) {
            return Sql.plain(text);
        }
        return Sql.of(text).bind("p", "p-bench").build();
    }
}
