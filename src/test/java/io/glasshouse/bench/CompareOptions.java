package io.glasshouse.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** bench/compare's command line; {@code --help} prints it. */
record CompareOptions(
        boolean quick,
        int spans,
        int warmupSpans,
        int spansPerRequest,
        int senders,
        int queries,
        long seed,
        List<String> systems,
        List<String> phoenixProtocols,
        Duration settle,
        Duration idleWindow,
        Path jar,
        Path phoenixVenv,
        Path docs,
        Path images,
        String generatorHeap,
        String command,
        boolean keep) {
    static final String USAGE = """
            bench/compare [--quick] [options]
              --quick                 small counts (< 2 min once built), proves the harness works; writes no docs
              --spans N               spans per system and protocol (default 5000; quick 300)
              --warmup-spans N        spans sent first, unmeasured, to every system (default 1000; quick 100)
              --spans-per-request N   spans per request, whole traces (default 100; quick 50)
              --senders N             concurrent senders (default 16; quick 4)
              --queries N             runs of each query after the load (default 50; quick 5)
              --seed N                workload seed (default 42)
              --systems LIST          comma-separated: glasshouse,raw,phoenix (default all)
              --phoenix-protocols L   Phoenix's protocols: otlp-http,otlp-grpc (default both; quick otlp-http)
              --idle-seconds N        idle CPU window after start-up (default 20; quick 1)
              --jar PATH              Glasshouse jar (default target/glasshouse.jar)
              --phoenix-venv PATH     Phoenix's venv (default bench/.phoenix-venv)
              --docs PATH             write the "Side by side" section of PATH (default docs/benchmarks.md)
              --no-docs               print only
              --images DIR            PNG charts (default docs/img; quick: target/bench-compare)
              --command TEXT          the command line to record (set by bench/compare)
              --keep                  keep the temporary data dirs and logs
            """;

    static CompareOptions parse(String[] args) {
        OptionArguments cli = new OptionArguments(args, USAGE);
        List<String> list = Arrays.asList(args);
        if (list.contains("--help")) {
            System.out.print(USAGE);
            System.exit(0);
        }
        boolean quick = list.contains("--quick");
        // Phoenix writes about 20 spans/s on one core here (its bulk inserter is the limit), so 6,000 spans take it
        // about 5 minutes per protocol to make readable; more would only lengthen the run.
        int spans = quick ? 300 : 5_000;
        int warmup = quick ? 100 : 1_000;
        int perRequest = quick ? 50 : 100;
        int senders = quick ? 4 : 16;
        int queries = quick ? 5 : 50;
        long seed = 42;
        List<String> systems = List.of("raw", "glasshouse", "phoenix");
        int idleSeconds = quick ? 1 : 20;
        Path jar = Path.of("target", "glasshouse.jar");
        Path venv = Path.of("bench", ".phoenix-venv");
        Path docs = quick ? null : Path.of("docs", "benchmarks.md");
        Path images = quick ? Path.of("target", "bench-compare") : Path.of("docs", "img");
        String command = "bench/compare " + String.join(" ", args);
        boolean keep = false;
        // Phoenix takes 20-120 s to start on a shared 2-core machine: quick mode starts it once.
        List<String> phoenixProtocols = quick ? List.of("otlp-http") : List.of("otlp-http", "otlp-grpc");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> { }
                case "--spans" -> spans = cli.positive(arg, ++i);
                case "--warmup-spans" -> warmup = Integer.parseInt(cli.value(arg, ++i));
                case "--spans-per-request" -> perRequest = cli.positive(arg, ++i);
                case "--senders" -> senders = cli.positive(arg, ++i);
                case "--queries" -> queries = cli.positive(arg, ++i);
                case "--seed" -> seed = Long.parseLong(cli.value(arg, ++i));
                case "--systems" -> systems = Arrays.stream(cli.value(arg, ++i).split(",")).map(String::strip).toList();
                case "--phoenix-protocols" -> phoenixProtocols = Arrays.stream(cli.value(arg, ++i).split(","))
                        .map(String::strip).filter(p -> List.of("otlp-http", "otlp-grpc").contains(p)).toList();
                case "--idle-seconds" -> idleSeconds = cli.positive(arg, ++i);
                case "--jar" -> jar = Path.of(cli.value(arg, ++i));
                case "--phoenix-venv" -> venv = Path.of(cli.value(arg, ++i));
                case "--docs" -> docs = Path.of(cli.value(arg, ++i));
                case "--no-docs" -> docs = null;
                case "--images" -> images = Path.of(cli.value(arg, ++i));
                case "--command" -> command = cli.value(arg, ++i);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        for (String system : systems) {
            if (!List.of("raw", "glasshouse", "phoenix").contains(system)) {
                throw new IllegalArgumentException("unknown system '" + system + "'; one of glasshouse, raw, phoenix");
            }
        }
        return new CompareOptions(quick, spans, warmup, perRequest, senders, queries, seed, systems, phoenixProtocols,
                Duration.ofMillis(quick ? 500 : 5_000), Duration.ofSeconds(idleSeconds), jar, venv, docs, images,
                quick ? "1g" : "3g", command, keep);
    }
}
