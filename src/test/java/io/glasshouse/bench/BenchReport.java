package io.glasshouse.bench;

import io.glasshouse.bench.IngestBenchmark.ServerPhase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The results as markdown, and their place in docs/benchmarks.md. */
final class BenchReport {
    static final String BEGIN = "<!-- bench/ingest writes from here to the end marker; edit outside it -->";
    static final String END = "<!-- end of bench/ingest output -->";
    private static final String SECTION = "## Ingestion";
    private static final int TOP_THREADS = 8;

    private final BenchOptions options;
    private final Machine machine;
    private final double spanKilobytes;
    private final List<List<RawEngineRun.Result>> rawRounds;
    private final RawEngineRun.Mapped mapping;
    private final List<ServerPhase> phases;
    private final List<String> problems;

    /**
     * @param rawRounds the raw engine's measurement when no server phase ran (each server phase
     *     carries its own: {@link ServerPhase#rawBefore()}, {@link ServerPhase#rawAfter()})
     */
    BenchReport(BenchOptions options, Machine machine, double spanKilobytes, List<List<RawEngineRun.Result>> rawRounds,
            RawEngineRun.Mapped mapping, List<ServerPhase> phases, List<String> problems) {
        this.options = options;
        this.machine = machine;
        this.spanKilobytes = spanKilobytes;
        this.rawRounds = rawRounds;
        this.mapping = mapping;
        this.phases = phases;
        this.problems = problems;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Run of ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(options.quick() ? " (--quick: proves the harness, numbers mean little)" : "").append("\n\n");
        md.append("- Command: `").append(options.command().strip()).append("`\n");
        md.append("- Machine: ").append(machine.summary()).append("; load average ").append(machine.loadAverage())
                .append(" at start, ").append(Machine.loadAverageNow()).append(" at the end\n");
        md.append(String.format(Locale.ROOT, "- Traffic: %,d spans per path, %.2f KB per span as OTLP protobuf, about %d spans "
                        + "per request in whole traces, %d concurrent senders, seed %d; before it, %d warm-up rounds of %,d spans "
                        + "(not counted; the first %d with one trace per request, so per-request code is compiled as in a server "
                        + "that has been up a while; the server's JIT compilers' share of its CPU in the last one is in the thread table)%n",
                options.spans(), spanKilobytes, options.spansPerRequest(), options.senders(), options.seed(),
                options.quick() ? 1 : IngestBenchmark.WARMUP_ROUNDS, options.warmupSpans(),
                options.quick() ? 0 : IngestBenchmark.WARMUP_ROUNDS_ONE_TRACE_PER_REQUEST));
        md.append(String.format(Locale.ROOT, "- Raw engine: the same spans, mapped to rows by the server's code, inserted "
                + "%,d spans (+ their traces) per insert into fresh tables of an embedded engine in the load generator's "
                + "process (after one warm-up round); a third time into tables that first get the server's warm-up "
                + "rows (the same OTLP rounds, merged and settled), the state the server's tables are in when its "
                + "clock starts. Measured twice per server phase, while the server idles right before its measured "
                + "window and once it is quiet again right after, and the server compared with both rounds pooled "
                + "(total spans over total seconds)%n",
                options.rawSpansPerInsert()));
        if (!phases.isEmpty()) {
            md.append("- Server: `").append(phases.getFirst().command()).append("` (a fresh one per path)\n");
        }
        md.append("\n");

        md.append("| path | spans | MB | seconds | spans/s | MB/s | vs raw JSONEachRow | vs raw RowBinary, empty tables "
                + "| vs raw RowBinary, same table state | other processes |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        if (phases.isEmpty()) {
            rawRounds.forEach(round -> rawRows(md, round, ""));
        }
        for (ServerPhase phase : phases) {
            rawRows(md, phase.rawBefore(), ", before");
            rawRows(md, phase.rawAfter(), ", after");
            List<RawEngineRun.Result> raw = pooled(phase);
            LoadRun.Result l = phase.load();
            md.append(String.format(Locale.ROOT, "| **server, %s** | %,d | %.1f | %.2f | **%,.0f** | %.1f | %s | **%s** | **%s** "
                            + "| %.2f cores |%n",
                    l.protocol().label, l.spans(), l.bytes() / 1e6, l.wallNanos() / 1e9, l.spansPerSecond(),
                    l.megabytesPerSecond(), percent(l.spansPerSecond(), rate(raw, RawEngineRun.Method.JSON_EACH_ROW)),
                    percent(l.spansPerSecond(), rate(raw, RawEngineRun.Method.ROW_BINARY)),
                    percent(l.spansPerSecond(), rate(raw, RawEngineRun.Method.ROW_BINARY_SAME_STATE)),
                    cores(phase.cpu(), phase.cpu().others())));
        }
        md.append("\nEach server row is compared with the two raw rounds above it pooled (their spans over their seconds): "
                + "one taken while the server idled right before its measured window, one right after it, once it was "
                + "quiet again; the percentages in a raw row compare methods within that round. Empty tables: "
                + "the raw inserts start from nothing, so their merges only combine the new parts; same table state: "
                + "the tables first hold the warm-up rows the server got, as the server's do, so the new parts also "
                + "merge with those (docs/RATIONALE.md). MB: request bodies for "
                + "the server (OTLP protobuf, batch JSON); the engine's input format for raw rows. Seconds: first send to last "
                + "acknowledgement; raw: the inserts back to back. Other processes: CPU the rest of the machine used meanwhile "
                + "(this machine has ").append(machine.cores()).append(" cores); rows are only comparable when it is similar.\n\n");

        md.append("| path | CPU per span | raw RowBinary's CPU per span ÷ this, empty tables / same state | cores used | load generator | "
                + "ack latency p50 / p99 | inserts × rows | writer / engine | last ack → readable |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        if (phases.isEmpty()) {
            rawRounds.forEach(round -> rawCpuRows(md, round, ""));
        }
        for (ServerPhase phase : phases) {
            rawCpuRows(md, phase.rawBefore(), ", before");
            rawCpuRows(md, phase.rawAfter(), ", after");
            List<RawEngineRun.Result> raw = pooled(phase);
            LoadRun.Result l = phase.load();
            Cpu.Usage u = phase.cpu();
            IngestBenchmark.ServerStats s = phase.stats();
            double perSpan = u.server() / 1e3 / Math.max(1, l.spans());
            md.append(String.format(Locale.ROOT, "| **server, %s** | %.0f µs | %s / %s | %.2f | %.2f cores | %.0f / %.0f ms "
                            + "| %d × %,.0f | writer busy %.0f%% of the time | %.0f ms |%n",
                    l.protocol().label, perSpan, percent(cpuPerSpan(raw, RawEngineRun.Method.ROW_BINARY), perSpan),
                    percent(cpuPerSpan(raw, RawEngineRun.Method.ROW_BINARY_SAME_STATE), perSpan),
                    cores(u, u.server()), cores(u, u.self()), l.latencyMillis(0.5), l.latencyMillis(0.99), s.flushes(),
                    s.rowsWritten() / (double) Math.max(1, s.flushes()), 100.0 * s.flushSeconds() * 1e9 / l.wallNanos(),
                    phase.visibility().nanos() / 1e6));
        }
        md.append("\nCPU per span: the server process's CPU time (raw: the load generator's, engine threads included) over "
                + "the measured window, divided by the spans; unlike spans/s it hardly depends on what else runs, so its ratio "
                + "is the fairer comparison on a shared machine. Raw writer / engine: the share of the wall time inside the "
                + "engine call, and the CPU time of encoding rows (the inserting thread outside that call). Server inserts: "
                + "the writer's group commits (rows = spans + traces).\n");
        if (!phases.isEmpty()) {
            settledRows(md);
        }
        if (mapping != null) {
            md.append(String.format(Locale.ROOT, "%nThe server's OTLP ingest code alone (no HTTP, no engine), run on one thread of "
                            + "the load generator for the same spans, CPU per span: protobuf decoding %.0f µs, span mapping "
                            + "%.0f µs, merging and pricing %.0f µs.%n",
                    mapping.decodeCpuNanos() / 1e3 / mapping.spans(), mapping.mapCpuNanos() / 1e3 / mapping.spans(),
                    mapping.mergeCpuNanos() / 1e3 / mapping.spans()));
        }
        if (!phases.isEmpty()) {
            md.append("\nThe server's CPU by thread kind (from /proc; JVM, gRPC and engine threads alike), top ")
                    .append(TOP_THREADS).append(":\n\n| path | warm-up rounds (JIT share in the last) | ")
                    .append("threads: share of the server's CPU time while measured |\n|---|--:|---|\n");
            for (ServerPhase phase : phases) {
                long total = phase.serverThreads().values().stream().mapToLong(Long::longValue).sum();
                StringBuilder cells = new StringBuilder();
                phase.serverThreads().entrySet().stream().limit(TOP_THREADS).forEach(e -> cells
                        .append(cells.isEmpty() ? "" : ", ").append('`').append(e.getKey()).append("` ")
                        .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * e.getValue() / Math.max(1, total))));
                md.append("| server, ").append(phase.load().protocol().label).append(" | ")
                        .append(String.format(Locale.ROOT, "%d (%.0f%%)", phase.warmup().rounds(), 100 * phase.warmup().compilerShare()))
                        .append(" | ").append(cells).append(" |\n");
            }
        }
        if (!problems.isEmpty()) {
            md.append("\nProblems:\n");
            problems.forEach(problem -> md.append("- ").append(problem.replace("\n", " ")).append('\n'));
        }
        return md.toString();
    }

    // Both clocks run until the merges are done; reported next to, never instead of, the figures above.
    private void settledRows(StringBuilder md) {
        md.append("\nCPU per span until the merges are done (a second, symmetric comparison):\n\n"
                + "| path | raw RowBinary, settled: empty tables / same state | server, settled | raw ÷ server: empty / same state |\n"
                + "|---|--:|--:|--:|\n");
        for (ServerPhase phase : phases) {
            List<RawEngineRun.Result> raw = pooled(phase);
            double empty = settledPerSpan(raw, RawEngineRun.Method.ROW_BINARY);
            double same = settledPerSpan(raw, RawEngineRun.Method.ROW_BINARY_SAME_STATE);
            double server = phase.settledCpuNanos() / 1e3 / Math.max(1, phase.load().spans());
            md.append(String.format(Locale.ROOT, "| server, %s | %s / %s µs | %.0f µs | %s / %s |%n",
                    phase.load().protocol().label, micros(empty), micros(same), server, percent(empty, server), percent(same, server)));
        }
        md.append("\nSettled: the raw run's process CPU from its first insert until the engine has listed no running merge "
                + "for two seconds, "
                + "and the server's from the first measured send until it used under 10% of a core for half a second "
                + "after the load, counting after the load only the engine's merge threads (`MergeMutate`; the read-back "
                + "check's requests, queries and JIT work are not ingestion). The figures above stop the raw clock at the last insert, "
                + "before the merges of its parts, while the server pays the merges that fall into its window; here both "
                + "pay all of them. Why both are reported: docs/RATIONALE.md.\n");
    }

    private static double settledPerSpan(List<RawEngineRun.Result> round, RawEngineRun.Method method) {
        return round.stream().filter(r -> r.method() == method).findFirst()
                .map(r -> r.settledCpuNanos() / 1e3 / r.spans()).orElse(Double.NaN);
    }

    private static void rawRows(StringBuilder md, List<RawEngineRun.Result> round, String when) {
        for (RawEngineRun.Result r : round) {
            double seconds = r.wallNanos() / 1e9;
            md.append(String.format(Locale.ROOT, "| %s%s | %,d | %.1f | %.2f | %,.0f | %.1f | %s | %s | %s | %.2f cores |%n",
                    r.method().label, when, r.spans(), r.bytes() / 1e6, seconds, r.spans() / seconds, r.bytes() / 1e6 / seconds,
                    percent(r.spans() / seconds, rate(round, RawEngineRun.Method.JSON_EACH_ROW)),
                    percent(r.spans() / seconds, rate(round, RawEngineRun.Method.ROW_BINARY)),
                    percent(r.spans() / seconds, rate(round, RawEngineRun.Method.ROW_BINARY_SAME_STATE)),
                    cores(r.cpu(), r.cpu().others())));
        }
    }

    private static void rawCpuRows(StringBuilder md, List<RawEngineRun.Result> round, String when) {
        for (RawEngineRun.Result r : round) {
            Cpu.Usage u = r.cpu();
            double perSpan = u.self() / 1e3 / r.spans();
            md.append(String.format(Locale.ROOT, "| %s%s | %.0f µs | %s / %s | %.2f | (the same) | – | %d × %,d | engine %.0f%% of the "
                            + "time, encoding %.0f µs CPU per span | – |%n",
                    r.method().label, when, perSpan, percent(cpuPerSpan(round, RawEngineRun.Method.ROW_BINARY), perSpan),
                    percent(cpuPerSpan(round, RawEngineRun.Method.ROW_BINARY_SAME_STATE), perSpan),
                    cores(u, u.self()), r.inserts() / 2, (r.spans() + r.traceRows()) / Math.max(1, r.inserts() / 2),
                    100.0 * r.engineNanos() / r.wallNanos(), r.encodeCpuNanos() / 1e3 / r.spans()));
        }
    }

    /** A phase's raw rounds as one per method: every count, time and CPU figure summed over the rounds. */
    static List<RawEngineRun.Result> pooled(ServerPhase phase) {
        List<RawEngineRun.Result> pooled = new ArrayList<>();
        for (RawEngineRun.Method method : RawEngineRun.Method.values()) {
            List<RawEngineRun.Result> rounds = Stream.concat(phase.rawBefore().stream(), phase.rawAfter().stream())
                    .filter(r -> r.method() == method).toList();
            if (!rounds.isEmpty()) {
                pooled.add(rounds.stream().reduce(BenchReport::sum).orElseThrow());
            }
        }
        return pooled;
    }

    private static RawEngineRun.Result sum(RawEngineRun.Result a, RawEngineRun.Result b) {
        Cpu.Usage x = a.cpu();
        Cpu.Usage y = b.cpu();
        return new RawEngineRun.Result(a.method(), a.spans() + b.spans(), a.traceRows() + b.traceRows(), a.inserts() + b.inserts(),
                a.bytes() + b.bytes(), a.wallNanos() + b.wallNanos(), a.engineNanos() + b.engineNanos(),
                a.encodeNanos() + b.encodeNanos(), a.encodeCpuNanos() + b.encodeCpuNanos(),
                new Cpu.Usage(x.wallNanos() + y.wallNanos(), x.server() + y.server(), x.self() + y.self(),
                        x.machineBusy() + y.machineBusy()),
                a.settledCpuNanos() + b.settledCpuNanos());
    }

    private static double rate(List<RawEngineRun.Result> round, RawEngineRun.Method method) {
        return round.stream().filter(r -> r.method() == method).findFirst()
                .map(r -> r.spans() / (r.wallNanos() / 1e9)).orElse(Double.NaN);
    }

    private static double cpuPerSpan(List<RawEngineRun.Result> round, RawEngineRun.Method method) {
        return round.stream().filter(r -> r.method() == method).findFirst()
                .map(r -> r.cpu().self() / 1e3 / r.spans()).orElse(Double.NaN);
    }

    private static String percent(double rate, double reference) {
        // NaN: no raw run to compare with (--no-raw), on either side of the ratio.
        return Double.isNaN(rate) || Double.isNaN(reference) ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * rate / reference);
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static double cores(Cpu.Usage usage, long cpuNanos) {
        return usage.percentOfCore(cpuNanos) / 100;
    }

    /** Replaces the generated part of the Ingestion section, creating the file or section when missing. */
    void writeInto(Path docs) throws IOException {
        String generated = BEGIN + "\n\n" + markdown() + "\n" + END;
        String text = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + generated + text.substring(end + END.length());
        } else if (text.contains(SECTION + "\n")) {
            int at = text.indexOf(SECTION + "\n") + SECTION.length() + 1;
            text = text.substring(0, at) + "\n" + generated + "\n" + text.substring(at);
        } else {
            text = text.stripTrailing() + "\n\n" + SECTION + "\n\n" + generated + "\n";
        }
        Files.createDirectories(docs.toAbsolutePath().getParent());
        Files.writeString(docs, text, StandardCharsets.UTF_8);
    }
}
