package io.glasshouse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scratch tool: the server's CPU per ingested span under different JVM options, measured so that
 * other load on the machine hits every variant alike. One server jar process per variant runs at
 * the same time; each gets bench/ingest's warm-up, then the measured rounds go to the variants in
 * turn (the order rotating every round), and each round's CPU is counted until that server is
 * quiet again, so its merges are in its own figure.
 *
 * <pre>
 *   JvmOptionsAB JAR PROTOCOL SPANS_PER_ROUND ROUNDS 'label=-XX:Opt -XX:Other' 'label2=' ...
 * </pre>
 * PROTOCOL is otlp-http, otlp-grpc or batch; an empty option list is the default JVM.
 */
final class JvmOptionsAB {
    private static final int SENDERS = 32;
    private static final int SPANS_PER_REQUEST = 200;
    private static final int WARMUP_SPANS = 20_000;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Workload.Protocol protocol = Workload.Protocol.of(args[1]);
        int spansPerRound = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (String variant : Arrays.copyOfRange(args, 4, args.length)) {
            int eq = variant.indexOf('=');
            String options = variant.substring(eq + 1).strip();
            variants.put(variant.substring(0, eq), options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
        }
        Path root = Files.createTempDirectory("jvm-options-ab");
        Map<String, ServerProcess> servers = new LinkedHashMap<>();
        try {
            for (var variant : variants.entrySet()) {
                servers.put(variant.getKey(), ServerProcess.start(jar, variant.getValue(), root.resolve(variant.getKey())));
            }
            for (var server : servers.entrySet()) {
                server.getValue().awaitReady(java.time.Duration.ofSeconds(120));
                warmUp(protocol, server.getKey(), server.getValue());
            }
            Map<String, List<Double>> cpuPerSpan = new LinkedHashMap<>();
            Map<String, List<Double>> gcShare = new LinkedHashMap<>();
            Map<String, List<Double>> jitShare = new LinkedHashMap<>();
            List<String> labels = new ArrayList<>(servers.keySet());
            for (int round = 0; round < rounds; round++) {
                Workload workload = Workload.build(protocol, 7_000 + round, spansPerRound, SPANS_PER_REQUEST);
                for (int i = 0; i < labels.size(); i++) {
                    String label = labels.get((i + round) % labels.size());
                    ServerProcess server = servers.get(label);
                    long cpuBefore = Cpu.processCpu(server.pid());
                    ThreadCpu threadsBefore = ThreadCpu.of(server.pid());
                    LoadRun.Result result = LoadRun.run(workload, server, SENDERS);
                    server.awaitQuiet(10, java.time.Duration.ofSeconds(60));
                    long cpu = Cpu.processCpu(server.pid()) - cpuBefore;
                    Map<String, Long> threads = ThreadCpu.of(server.pid()).since(threadsBefore);
                    long total = Math.max(1, threads.values().stream().mapToLong(Long::longValue).sum());
                    if (result.failures() > 0) {
                        throw new IllegalStateException(label + ": " + result.failures() + " requests failed: " + result.firstFailure());
                    }
                    double perSpan = cpu / 1e3 / result.spans();
                    cpuPerSpan.computeIfAbsent(label, k -> new ArrayList<>()).add(perSpan);
                    gcShare.computeIfAbsent(label, k -> new ArrayList<>()).add(share(threads, "GC Thread", total));
                    jitShare.computeIfAbsent(label, k -> new ArrayList<>()).add(share(threads, "CompilerThre", total));
                    System.out.printf("round %d %-10s %6.1f µs/span  %6.0f spans/s  GC %4.1f%%  JIT %4.1f%%  load %s%n", round + 1, label,
                            perSpan, result.spansPerSecond(), 100 * gcShare.get(label).getLast(), 100 * jitShare.get(label).getLast(),
                            Machine.loadAverageNow());
                }
            }
            System.out.println();
            for (String label : labels) {
                System.out.printf("%-10s median %6.1f µs/span (min %6.1f, max %6.1f)  GC %4.1f%%  JIT %4.1f%%  %s%n", label,
                        median(cpuPerSpan.get(label)), min(cpuPerSpan.get(label)), max(cpuPerSpan.get(label)),
                        100 * median(gcShare.get(label)), 100 * median(jitShare.get(label)), variants.get(label));
            }
        } finally {
            for (ServerProcess server : servers.values()) {
                server.close();
            }
        }
    }

    /** bench/ingest's warm-up: three rounds of one trace per request, then three of the measured size. */
    private static void warmUp(Workload.Protocol protocol, String label, ServerProcess server) throws InterruptedException {
        for (int round = 1; round <= IngestBenchmark.WARMUP_ROUNDS; round++) {
            int perRequest = round <= IngestBenchmark.WARMUP_ROUNDS_ONE_TRACE_PER_REQUEST ? 1 : SPANS_PER_REQUEST;
            LoadRun.Result result = LoadRun.run(Workload.build(protocol, 1_000 + round, WARMUP_SPANS, perRequest), server, SENDERS);
            if (result.failures() > 0) {
                throw new IllegalStateException(label + " warm-up: " + result.failures() + " requests failed: " + result.firstFailure());
            }
            server.awaitQuiet(10, java.time.Duration.ofSeconds(60));
        }
        System.out.println("warmed up " + label);
    }

    private static double share(Map<String, Long> threads, String kind, long total) {
        return threads.entrySet().stream().filter(e -> e.getKey().contains(kind)).mapToLong(Map.Entry::getValue).sum() / (double) total;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
