package io.glasshouse.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The query benchmark's command line; {@code --help} prints it. */
record QueryBenchOptions(
        boolean quick,
        long observations,
        int iterations,
        int warmup,
        long seed,
        String engineMemory,
        Path dataRoot,
        Path jar,
        List<String> serverJavaOptions,
        boolean raw,
        boolean server,
        Path docs,
        String command,
        Set<QueryKind> kinds) {
    static final String USAGE = """
            bench/query [--quick] [options]
              --quick                 200,000 observations, few iterations (< 2 min with a cached dataset); does not write docs
              --observations N        observations to generate (default 10000000: 2M traces, 100k sessions, 5k users, 30 days)
              --iterations N          measured requests per query kind (default 60; quick 15)
              --warmup N              unmeasured requests per query kind first (default 30; quick 5)
              --seed N                seed of the request parameters (default 42); the data itself is fixed by its size
              --engine-memory SIZE    memory cap of the engine, for generation, raw SQL and the server (default 4GiB)
              --data-root PATH        where generated datasets are cached (default target/bench-query-data)
              --jar PATH              server jar (default target/glasshouse.jar)
              --server-java-option X  extra JVM option for the server (repeatable)
              --no-raw                skip the raw SQL phase
              --no-server             skip the server phase (raw SQL only)
              --docs PATH             write results into PATH's "Queries" section (default docs/benchmarks.md)
              --no-docs               print only
              --only KIND[,KIND...]   measure only these kinds (list, user, environment, detail, metrics, search); does not write docs
              --command TEXT          the command line to record in the report (set by bench/query)
            """;

    static QueryBenchOptions parse(String[] args) {
        OptionArguments cli = new OptionArguments(args, USAGE);
        boolean quick = Arrays.asList(args).contains("--quick");
        long observations = quick ? 200_000 : 10_000_000;
        int iterations = quick ? 15 : 60;
        int warmup = quick ? 5 : 30;
        long seed = 42;
        String memory = "4GiB";
        Path dataRoot = Path.of("target", "bench-query-data");
        Path jar = Path.of("target", "glasshouse.jar");
        List<String> javaOptions = new ArrayList<>();
        boolean raw = true;
        boolean server = true;
        Path docs = quick ? null : Path.of("docs", "benchmarks.md");
        String command = "bench/query " + String.join(" ", args);
        Set<QueryKind> kinds = EnumSet.allOf(QueryKind.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> { }
                case "--observations" -> observations = cli.positiveLong(arg, ++i);
                case "--iterations" -> iterations = (int) cli.positiveLong(arg, ++i);
                case "--warmup" -> warmup = (int) cli.positiveLong(arg, ++i);
                case "--seed" -> seed = Long.parseLong(cli.value(arg, ++i));
                case "--engine-memory" -> memory = cli.value(arg, ++i);
                case "--data-root" -> dataRoot = Path.of(cli.value(arg, ++i));
                case "--jar" -> jar = Path.of(cli.value(arg, ++i));
                case "--server-java-option" -> javaOptions.add(cli.value(arg, ++i));
                case "--no-raw" -> raw = false;
                case "--no-server" -> server = false;
                case "--docs" -> docs = Path.of(cli.value(arg, ++i));
                case "--no-docs" -> docs = null;
                case "--only" -> kinds = kinds(cli.value(arg, ++i));
                case "--command" -> command = cli.value(arg, ++i);
                case "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        if (kinds.size() < QueryKind.values().length) {
            docs = null; // a partial table must not replace the full one
        }
        return new QueryBenchOptions(quick, observations, iterations, warmup, seed, memory, dataRoot, jar,
                List.copyOf(javaOptions), raw, server, docs, command, Collections.unmodifiableSet(EnumSet.copyOf(kinds)));
    }

    private static Set<QueryKind> kinds(String list) {
        Set<QueryKind> kinds = EnumSet.noneOf(QueryKind.class);
        for (String name : list.split(",")) {
            kinds.add(Arrays.stream(QueryKind.values())
                    .filter(kind -> kind.option.equals(name.strip()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown kind '" + name + "' for --only\n" + USAGE)));
        }
        return kinds;
    }

    /** The engine cap in bytes ("4GiB", "512MiB" or a byte count). */
    long engineMemoryBytes() {
        String value = engineMemory.strip();
        if (value.endsWith("GiB")) {
            return Long.parseLong(value.substring(0, value.length() - 3).strip()) << 30;
        }
        if (value.endsWith("MiB")) {
            return Long.parseLong(value.substring(0, value.length() - 3).strip()) << 20;
        }
        return Long.parseLong(value);
    }
}
