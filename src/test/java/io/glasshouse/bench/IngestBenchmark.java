package io.glasshouse.bench;

import io.glasshouse.bench.Workload.Protocol;
import io.glasshouse.model.EventBatch;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * End-to-end ingestion throughput of the packaged server over OTLP/HTTP, OTLP/gRPC and the
 * Langfuse batch API, next to the engine's own insert rate for the same rows, in one run.
 *
 * <ol>
 *   <li>Raw engine: the traffic is mapped to rows by the server's own code and inserted straight
 *       into a fresh embedded engine in THIS process (its own temp dir): JSONEachRow (the
 *       reference), then RowBinary through ClickHouseEventStore.insert, into empty tables and into
 *       tables in the server's state.
 *   <li>Per protocol: a fresh server process (java -jar, fixed init keys, free ports, temp data
 *       dir), a warm-up that is not counted, a pause until the server is idle, a raw round, then
 *       the same traffic from N concurrent senders, and once the server is quiet again another raw
 *       round: the server's window is bracketed by the two it is compared with. Only acknowledged
 *       spans count; the clock runs from the first send to the last acknowledgement. Sample traces
 *       are then read back, and the server's rows-written counter is checked against what was
 *       sent. The server is stopped with SIGTERM and must exit 0.
 * </ol>
 * A benchmark program, not a test (STYLE.md rule 12): it prints what it measured, including the
 * CPU the server, this process and everything else on the machine used, and fails only when the
 * harness itself did not work (a request failed, spans not visible, a bad exit).
 */
public final class IngestBenchmark {
    static final int WARMUP_ROUNDS = 6;
    /**
     * The first rounds send one trace per request. Per-request code (HTTP/2 and gRPC framing,
     * authentication, the response) runs once per request, so rounds of ~100 large requests call
     * it only a few hundred times and C2 was still compiling it during the measured window (7–13% of
     * the server's CPU there, sessions 4–5): a server that has been up for a while has long done
     * that. One trace per request calls it ~30 times as often; the traces, and so the rows the raw
     * engine's same-state tables get, are the same (Workload draws the same runs whatever the
     * request size).
     */
    static final int WARMUP_ROUNDS_ONE_TRACE_PER_REQUEST = 3;
    // The engine's background merge threads, as ThreadCpu names their kind.
    private static final String MERGE_THREADS = "MergeMutate";

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            if (List.of(args).contains("--help")) {
                System.out.print(BenchOptions.USAGE);
                return;
            }
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(options.jar())) {
            System.err.println("no server jar at " + options.jar() + "; build it first (bench/ingest does)");
            System.exit(2);
        }
        int exit = new IngestBenchmark().run(options);
        System.exit(exit);
    }

    private int run(BenchOptions options) throws Exception {
        Machine machine = Machine.describe();
        log("machine: " + machine.summary());
        log("load average at start: " + machine.loadAverage());
        Path root = Files.createTempDirectory("glasshouse-bench-");
        Cpu cpu = new Cpu();
        List<List<RawEngineRun.Result>> rawRounds = new ArrayList<>();
        ServerCodeRows mapping = null;
        List<ServerPhase> phases = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        double spanKilobytes = averageSpanKilobytes(options);
        RawEngineRun raw = null;
        try {
            if (options.raw()) {
                mapping = mapWithServerCode(options);
                raw = RawEngineRun.start(root.resolve("raw"), mapping.warmup(), serverWarmupRows(options),
                        mapping.measured().inserts(), cpu,
                        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                                .getTotalMemorySize() / 100 * 25); // the server's default --clickhouse-max-memory
            }
            if (raw != null && options.protocols().isEmpty()) {
                rawRounds.add(measureRaw(raw, "raw engine alone"));
            }
            for (Protocol protocol : options.protocols()) {
                ServerPhase phase = serverPhase(options, protocol, root.resolve("server-" + protocol.option), cpu, raw);
                phases.add(phase);
                problems.addAll(phase.problems());
            }
        } finally {
            if (raw != null) {
                raw.close();
            }
            if (options.keep()) {
                log("kept " + root);
            } else {
                deleteRecursively(root);
            }
        }
        BenchReport report = new BenchReport(options, machine, spanKilobytes, rawRounds,
                mapping == null ? null : mapping.measured(), phases, problems);
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        if (options.docs() != null) {
            report.writeInto(options.docs());
            log("wrote the results into " + options.docs() + " (section \"Ingestion\")");
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> log("PROBLEM: " + problem));
            return 1;
        }
        return 0;
    }

    // The OTLP protobuf size of the measured traffic per span, for the report.
    private static double averageSpanKilobytes(BenchOptions options) {
        var requests = Workload.otlpRequests(options.seed(), Math.min(options.spans(), 5_000), options.spansPerRequest());
        long bytes = requests.stream().mapToLong(r -> r.getSerializedSize()).sum();
        long spans = requests.stream().mapToLong(r -> r.getResourceSpans(0).getScopeSpans(0).getSpansCount()).sum();
        return bytes / 1e3 / spans;
    }

    /** The rows for the raw engine, made by the server's code, and what making the measured ones cost. */
    record ServerCodeRows(List<EventBatch> warmup, RawEngineRun.Mapped measured) {}

    private ServerCodeRows mapWithServerCode(BenchOptions options) {
        log("raw engine: mapping " + options.spans() + " spans to rows with the server's code");
        // The warm-up is mapped first, so the measured mapping runs on compiled code.
        List<EventBatch> warmup = options.warmupSpans() == 0 ? List.of() : RawEngineRun.rowsAsServerStores(
                Workload.otlpRequests(warmupSeed(options), options.warmupSpans(), options.spansPerRequest()),
                options.rawSpansPerInsert()).inserts();
        RawEngineRun.Mapped measured = RawEngineRun.rowsAsServerStores(
                Workload.otlpRequests(options.seed(), options.spans(), options.spansPerRequest()), options.rawSpansPerInsert());
        log(String.format("server code on one thread, CPU per span: decode %.0f µs, map %.0f µs, merge and price %.0f µs",
                measured.decodeCpuNanos() / 1e3 / measured.spans(), measured.mapCpuNanos() / 1e3 / measured.spans(),
                measured.mergeCpuNanos() / 1e3 / measured.spans()));
        return new ServerCodeRows(warmup, measured);
    }

    /**
     * The rows of every warm-up round a server gets (mapped from OTLP by the server's code), for the
     * raw run's same-state tables: the server's measured spans land in tables that hold these.
     */
    private static List<EventBatch> serverWarmupRows(BenchOptions options) {
        List<EventBatch> rows = new ArrayList<>();
        for (int round = 1; round <= warmupRounds(options); round++) {
            rows.addAll(RawEngineRun.rowsAsServerStores(Workload.otlpRequests(warmupSeed(options) + round,
                    options.warmupSpans(), options.spansPerRequest()), options.rawSpansPerInsert()).inserts());
        }
        log("raw engine: mapped the server's " + warmupRounds(options) + " warm-up rounds for the same-state tables");
        return rows;
    }

    // Every server gets all rounds, so its tables hold the same rows as the raw run's same-state tables.
    private static int warmupRounds(BenchOptions options) {
        return options.warmupSpans() == 0 ? 0 : options.quick() ? 1 : WARMUP_ROUNDS;
    }

    private static List<RawEngineRun.Result> measureRaw(RawEngineRun raw, String when) {
        List<RawEngineRun.Result> results = raw.measure();
        for (RawEngineRun.Result result : results) {
            log(String.format("%s, %s: %d spans in %.2f s = %.0f spans/s", result.method().label, when, result.spans(),
                    result.wallNanos() / 1e9, result.spans() / (result.wallNanos() / 1e9)));
        }
        return results;
    }

    // Background merges after the warm-up can keep a loaded machine busy for a while; quick mode waits less.
    private static int quietTimeoutSeconds(BenchOptions options) {
        return options.quick() ? 5 : 60;
    }

    private static long warmupSeed(BenchOptions options) {
        return options.seed() + 1_000_003;
    }

    /**
     * One protocol against a fresh server, with the raw engine's rounds measured right before and
     * right after its measured window (both empty when the raw engine was not measured).
     */
    record ServerPhase(
            List<RawEngineRun.Result> rawBefore,
            List<RawEngineRun.Result> rawAfter,
            LoadRun.Result load,
            Cpu.Usage cpu,
            long settledCpuNanos,
            Map<String, Long> serverThreads,
            Warmup warmup,
            Visibility.Result visibility,
            ServerStats stats,
            int exitCode,
            Duration ready,
            Duration settle,
            String command,
            List<String> problems) {}

    /** The server's ingest counters over the measured window. */
    record ServerStats(long rowsWritten, long flushes, double flushSeconds, long rejectedRows) {
        static ServerStats between(Map<String, Double> before, Map<String, Double> after) {
            return new ServerStats(
                    (long) delta(before, after, "glasshouse_ingest_rows_written_total"),
                    (long) delta(before, after, "glasshouse_ingest_flush_seconds_count"),
                    delta(before, after, "glasshouse_ingest_flush_seconds_sum"),
                    (long) delta(before, after, "glasshouse_ingest_rejected_rows_total"));
        }

        private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
            return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
        }
    }

    // The raw rounds run in this process while the server idles between its warm-up and its window,
    // and again once its merges are done: one raw round a few minutes before the window (as until
    // session 6) moved by up to 65% from phase to phase, more than the server did, so the ratio said
    // more about that minute than about the server. Both rounds pooled are the reference
    // (docs/RATIONALE.md, "bench/ingest: raw rounds bracket each server window").
    private ServerPhase serverPhase(BenchOptions options, Protocol protocol, Path dataDir, Cpu cpu,
            RawEngineRun raw) throws Exception {
        log(protocol.label + ": encoding " + options.spans() + " spans (+ warm-up rounds of " + options.warmupSpans() + ")");
        Workload measured = Workload.build(protocol, options.seed(), options.spans(), options.spansPerRequest());
        List<String> problems = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(options.jar(), options.serverJavaOptions(), dataDir, options.serverOptions())) {
            Duration ready = server.awaitReady(Duration.ofSeconds(120));
            cpu.watchServer(server.pid());
            log(protocol.label + ": server ready in " + ready.toMillis() + " ms (pid " + server.pid() + ")");
            Warmup warmup = warmUp(options, protocol, server, problems);
            System.gc(); // the encoding's garbage should not be collected on the clock
            Duration settle = server.awaitQuiet(10, Duration.ofSeconds(quietTimeoutSeconds(options)));
            log(protocol.label + ": warm-up done; server quiet after " + settle.toMillis() + " ms");
            List<RawEngineRun.Result> rawBefore = raw == null ? List.of() : measureRaw(raw, "before the " + protocol.label + " window");
            System.gc(); // the raw round's garbage should not be collected on the clock either
            Map<String, Double> before = server.metrics();
            Cpu.Mark mark = cpu.mark();
            ThreadCpu threadsBefore = ThreadCpu.of(server.pid());
            LoadRun.Result load = LoadRun.run(measured, server, options.senders());
            ThreadCpu threadsAfterLoad = ThreadCpu.of(server.pid());
            Map<String, Long> threads = threadsAfterLoad.since(threadsBefore);
            Cpu.Usage usage = cpu.since(mark);
            Visibility.Result visibility = Visibility.await(server, measured.samples, load.lastAckNanos(), Duration.ofSeconds(60));
            // The symmetric figure: the server's CPU until its merges are done too. After the load only
            // the engine's merge threads count: the read-back check's requests, queries and the JIT
            // compiling them are not ingestion (the raw side adds only its waiting for merges).
            server.awaitQuiet(10, Duration.ofSeconds(quietTimeoutSeconds(options)));
            long settledCpu = usage.server()
                    + ThreadCpu.of(server.pid()).since(threadsAfterLoad).getOrDefault(MERGE_THREADS, 0L);
            ServerStats stats = ServerStats.between(before, server.metrics());
            List<RawEngineRun.Result> rawAfter = raw == null ? List.of() : measureRaw(raw, "after the " + protocol.label + " window");
            log(String.format("%s: %d spans in %.2f s = %.0f spans/s, %.1f MB/s; visible %.0f ms after the last ack",
                    protocol.label, load.spans(), load.wallNanos() / 1e9, load.spansPerSecond(), load.megabytesPerSecond(),
                    visibility.nanos() / 1e6));
            int exitCode = server.stop(Duration.ofSeconds(60));
            cpu.watchServer(-1);

            if (load.failures() > 0) {
                problems.add(protocol.label + ": " + load.failures() + " of " + load.requests() + " requests failed, first: "
                        + load.firstFailure());
            }
            if (!visibility.complete()) {
                problems.add(protocol.label + ": traces not readable 60 s after the last ack: " + visibility.missing());
            }
            long expectedRows = load.spans() + load.traces();
            if (load.failures() == 0 && stats.rowsWritten() != expectedRows) {
                problems.add(protocol.label + ": the server wrote " + stats.rowsWritten() + " rows, expected "
                        + expectedRows + " (" + load.spans() + " observations + " + load.traces() + " traces)");
            }
            if (exitCode != 0) {
                problems.add(protocol.label + ": the server exited with " + exitCode + " after SIGTERM:\n" + server.stderrTail());
            }
            return new ServerPhase(rawBefore, rawAfter, load, usage, settledCpu, threads, warmup, visibility, stats, exitCode, ready, settle,
                    server.describeCommand(), List.copyOf(problems));
        }
    }

    /** How the server was warmed up: rounds sent, and the JIT compilers' share of its CPU in the last one. */
    record Warmup(int rounds, long spans, double compilerShare) {}

    /**
     * Sends {@link #warmupRounds} rounds of warm-up traffic (each with fresh ids), always all of them:
     * the raw run's same-state tables hold exactly these rows. On two busy cores C2 needs several
     * rounds, and pauses, to finish the ingest path; measuring earlier measures the compiler (its
     * share in the last round is reported).
     */
    private Warmup warmUp(BenchOptions options, Protocol protocol, ServerProcess server, List<String> problems)
            throws InterruptedException {
        int rounds = warmupRounds(options);
        long spans = 0;
        double compilerShare = Double.NaN;
        for (int round = 1; round <= rounds; round++) {
            int spansPerRequest = round <= WARMUP_ROUNDS_ONE_TRACE_PER_REQUEST && !options.quick() ? 1 : options.spansPerRequest();
            Workload workload = Workload.build(protocol, warmupSeed(options) + round, options.warmupSpans(), spansPerRequest);
            ThreadCpu before = ThreadCpu.of(server.pid());
            LoadRun.Result result = LoadRun.run(workload, server, options.senders());
            Map<String, Long> threads = ThreadCpu.of(server.pid()).since(before);
            spans += result.spans();
            long total = threads.values().stream().mapToLong(Long::longValue).sum();
            long compiler = threads.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                    .mapToLong(Map.Entry::getValue).sum();
            compilerShare = (double) compiler / Math.max(1, total);
            log(String.format("%s: warm-up round %d (%d requests): %.0f spans/s, JIT compilers %.0f%% of the server's CPU",
                    protocol.label, round, workload.requests(), result.spansPerSecond(), 100 * compilerShare));
            if (result.failures() > 0) {
                problems.add(protocol.label + " warm-up: " + result.failures() + " requests failed, first: "
                        + result.firstFailure());
                return new Warmup(round, spans, compilerShare);
            }
            // A pause after each round lets C2 work through its queue with the cores to itself, as a
            // server does between bursts; under constant load it would still be compiling when the clock starts.
            server.awaitQuiet(10, Duration.ofSeconds(quietTimeoutSeconds(options)));
        }
        return new Warmup(rounds, spans, compilerShare);
    }

    private static final long STARTED = System.nanoTime();

    static void log(String message) {
        System.err.printf("[bench %5.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
