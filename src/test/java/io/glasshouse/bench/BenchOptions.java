package io.glasshouse.bench;

import io.glasshouse.bench.Workload.Protocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The benchmark's command line; {@code --help} prints it. */
record BenchOptions(
        boolean quick,
        int spans,
        int warmupSpans,
        int senders,
        int spansPerRequest,
        int rawSpansPerInsert,
        List<Protocol> protocols,
        boolean raw,
        long seed,
        Path jar,
        List<String> serverJavaOptions,
        List<String> serverOptions,
        Path docs,
        String command,
        boolean keep) {
    static final String USAGE = """
            bench/ingest [--quick] [options]
              --quick                  small counts (< 2 min), proves the harness works; does not write docs
              --spans N                spans sent per path, and inserted raw (default 100000; quick 2000)
              --warmup-spans N         spans per warm-up round, not counted (default 20000; quick 400); each
                                       server gets 6 rounds (quick: 1), and the raw engine's same-state
                                       tables hold the same rows
              --senders N              concurrent senders (default 32; quick 8)
              --spans-per-request N    spans per request, whole traces (default 200; quick 100)
              --raw-spans-per-insert N spans per raw insert (default 5000; quick 1000)
              --protocols LIST         comma-separated: otlp-http,otlp-grpc,batch (default all), or none
              --no-raw                 skip the raw engine run
              --seed N                 traffic seed (default 42)
              --jar PATH               server jar (default target/glasshouse.jar)
              --server-java-option X   extra JVM option for the server (repeatable), e.g. -XX:StartFlightRecording=...
              --server-option X        extra server option (repeatable), e.g. --flush-interval-ms=100
              --docs PATH              write results into PATH's "Ingestion" section (default docs/benchmarks.md)
              --no-docs                print only
              --command TEXT           the command line to record in the report (set by bench/ingest)
              --keep                   keep the temporary data dirs and server logs
            """;

    static BenchOptions parse(String[] args) {
        OptionArguments cli = new OptionArguments(args, USAGE);
        boolean quick = Arrays.asList(args).contains("--quick");
        int spans = quick ? 2_000 : 100_000;
        int warmup = quick ? 400 : 20_000;
        int senders = quick ? 8 : 32;
        int perRequest = quick ? 100 : 200;
        int perInsert = quick ? 1_000 : 5_000;
        List<Protocol> protocols = List.of(Protocol.values());
        boolean raw = true;
        long seed = 42;
        Path jar = Path.of("target", "glasshouse.jar");
        List<String> javaOptions = new ArrayList<>();
        List<String> serverOptions = new ArrayList<>();
        Path docs = quick ? null : Path.of("docs", "benchmarks.md");
        String command = "bench/ingest " + String.join(" ", args);
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> { }
                case "--spans" -> spans = cli.positive(arg, ++i);
                case "--warmup-spans" -> warmup = cli.nonNegative(arg, ++i);
                case "--senders" -> senders = cli.positive(arg, ++i);
                case "--spans-per-request" -> perRequest = cli.positive(arg, ++i);
                case "--raw-spans-per-insert" -> perInsert = cli.positive(arg, ++i);
                case "--protocols" -> protocols = cli.value(arg, ++i).equals("none") ? List.of()
                        : Arrays.stream(args[i].split(",")).map(String::strip).map(Protocol::of).distinct().toList();
                case "--no-raw" -> raw = false;
                case "--seed" -> seed = Long.parseLong(cli.value(arg, ++i));
                case "--jar" -> jar = Path.of(cli.value(arg, ++i));
                case "--server-java-option" -> javaOptions.add(cli.value(arg, ++i));
                case "--server-option" -> serverOptions.add(cli.value(arg, ++i));
                case "--docs" -> docs = Path.of(cli.value(arg, ++i));
                case "--no-docs" -> docs = null;
                case "--command" -> command = cli.value(arg, ++i);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        return new BenchOptions(quick, spans, warmup, senders, perRequest, perInsert, protocols, raw, seed, jar,
                List.copyOf(javaOptions), List.copyOf(serverOptions), docs, command, keep);
    }
}
