package io.glasshouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * bench/compare: Glasshouse (the packaged jar, embedded engine), the raw engine ceiling and Arize
 * Phoenix, one after another on the same machine and the same seeded workload. Per system and
 * protocol: start-up time, idle CPU and RSS, then a {@link LoadGenerator} process sends the
 * workload while this process samples the server's CPU and RSS, then the data dir's growth is
 * measured once the server is quiet, and the server is stopped with SIGTERM. Writes a markdown
 * report (and PNG charts) through {@link CompareReport}. Exits non-zero only when the harness failed.
 */
public final class CompareBenchmark {
    private static final long STARTED = System.nanoTime();

    /** One system and protocol, measured. {@code load} is the load generator's JSON. */
    record Phase(String system, String protocol, String command, long startupMillis, double idleCpuPercent,
            long idleRssBytes, long diskBytes, double loadCpuCores, long cpuPerSpanNanos, long peakRssBytes, int exitCode,
            JsonNode load) {
        /** Over every span stored, warm-up included. */
        double diskBytesPerSpan() {
            return diskBytes / (double) load.path("storedSpans").asLong();
        }

        double compression() {
            return load.path("storedRawJsonBytes").asLong() / (double) diskBytes;
        }
    }

    private final CompareOptions options;
    private final Path temp;

    private CompareBenchmark(CompareOptions options, Path temp) {
        this.options = options;
        this.temp = temp;
    }

    public static void main(String[] args) throws Exception {
        CompareOptions options = CompareOptions.parse(args);
        Path temp = Files.createTempDirectory("glasshouse-compare-");
        int exit;
        try {
            exit = new CompareBenchmark(options, temp).run();
        } finally {
            if (!options.keep()) {
                deleteRecursively(temp);
            } else {
                log("kept " + temp);
            }
        }
        System.exit(exit);
    }

    private int run() throws Exception {
        Machine machine = Machine.describe();
        log("machine: " + machine.summary() + "; load average " + machine.loadAverage());
        JsonNode raw = null;
        List<Phase> phases = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (options.systems().contains("raw")) {
            log("raw engine: " + options.spans() + " spans");
            raw = generate(List.of("--target", "raw", "--data-dir", temp.resolve("raw").toString()), null, null);
            failures.addAll(failuresOf("raw engine", raw));
        }
        if (options.systems().contains("glasshouse")) {
            for (String protocol : List.of("otlp-http", "otlp-grpc", "batch")) {
                Path dir = temp.resolve("glasshouse-" + protocol);
                phases.add(measure("Glasshouse", protocol, dir,
                        d -> new SystemUnderTest.Glasshouse(ServerProcess.start(options.jar(), List.of(), d), d)));
            }
        }
        if (options.systems().contains("phoenix")) {
            for (String protocol : options.phoenixProtocols()) {
                Path dir = temp.resolve("phoenix-" + protocol);
                phases.add(measure("Phoenix", protocol, dir, d -> PhoenixProcess.start(options.phoenixVenv(), d)));
            }
        }
        for (Phase phase : phases) {
            failures.addAll(failuresOf(phase.system() + " " + phase.protocol(), phase.load()));
            if (phase.exitCode() != 0 && phase.system().equals("Glasshouse")) {
                failures.add(phase.system() + " " + phase.protocol() + ": exit code " + phase.exitCode() + " after SIGTERM");
            }
        }
        String loadAfter = Machine.loadAverageNow();
        CompareReport report = new CompareReport(options, machine, loadAfter, Instant.now(), raw, phases);
        System.out.println(report.markdown());
        report.writeCharts(options.images());
        if (options.docs() != null) {
            report.writeInto(options.docs());
            log("wrote " + options.docs() + " and charts in " + options.images());
        }
        failures.forEach(failure -> log("FAILED: " + failure));
        return failures.isEmpty() ? 0 : 1;
    }

    private static List<String> failuresOf(String what, JsonNode load) {
        if (load == null) {
            return List.of(what + ": the load generator wrote no result");
        }
        if (load.path("failures").asInt() > 0) {
            return List.of(what + ": " + load.path("failures").asInt() + " failures, first: " + load.path("firstFailure").asText());
        }
        return List.of();
    }

    private Phase measure(String system, String protocol, Path dir, Function<Path, SystemUnderTest> start) throws Exception {
        log(system + " " + protocol + ": starting");
        try (SystemUnderTest sut = start.apply(dir)) {
            Duration ready = sut.awaitReady(Duration.ofMinutes(5));
            log(system + " " + protocol + ": ready after " + ready.toMillis() + " ms");
            Thread.sleep(options.settle().toMillis());
            long idleCpu = SystemUnderTest.treeCpuNanos(sut.pid());
            long idleStart = System.nanoTime();
            Thread.sleep(options.idleWindow().toMillis());
            double idlePercent = 100.0 * (SystemUnderTest.treeCpuNanos(sut.pid()) - idleCpu) / (System.nanoTime() - idleStart);
            long idleRss = SystemUnderTest.treeRssBytes(sut.pid());
            long emptyDisk = SystemUnderTest.diskBytes(dir);

            AtomicLong peakRss = new AtomicLong(idleRss);
            long[] window = new long[4]; // cpu and time at the first send and at the last acknowledgement
            long[] written = {-1, -1}; // cpu and data dir size once the server is quiet after the load, before the queries
            JsonNode load = generate(List.of("--target", system.toLowerCase(), "--protocol", protocol,
                    "--port", Integer.toString(sut.port()), "--grpc-port", Integer.toString(sut.grpcPort()),
                    "--senders", Integer.toString(options.senders()), "--queries", Integer.toString(options.queries()),
                    "--warmup-spans", Integer.toString(options.warmupSpans())),
                    line -> {
                        switch (line) {
                            case "sending" -> { window[0] = SystemUnderTest.treeCpuNanos(sut.pid()); window[1] = System.nanoTime(); }
                            case "acknowledged" -> { window[2] = SystemUnderTest.treeCpuNanos(sut.pid()); window[3] = System.nanoTime(); }
                            case "written" -> {
                                // Work deferred past the acknowledgement (merges, Phoenix's bulk inserter) counts; the queries after it do not.
                                awaitQuiet(sut.pid());
                                written[0] = SystemUnderTest.treeCpuNanos(sut.pid());
                                written[1] = SystemUnderTest.diskBytes(dir);
                                return true;
                            }
                            default -> { }
                        }
                        return false;
                    },
                    () -> peakRss.accumulateAndGet(SystemUnderTest.treeRssBytes(sut.pid()), Math::max));
            double loadCores = window[3] > window[1] ? (window[2] - window[0]) / (double) (window[3] - window[1]) : 0;
            if (written[0] < 0) { // the generator stopped before the queries (it failed): measure now
                awaitQuiet(sut.pid());
                written[0] = SystemUnderTest.treeCpuNanos(sut.pid());
                written[1] = SystemUnderTest.diskBytes(dir);
            }
            // From the first measured send until the server is quiet again: work deferred past the acknowledgement counts too.
            long cpuPerSpan = load == null || load.path("spans").asLong() == 0 ? 0
                    : (written[0] - window[0]) / load.path("spans").asLong();
            long disk = written[1] - emptyDisk;
            int exit = sut.stop(Duration.ofSeconds(60));
            log(system + " " + protocol + ": " + (load == null ? "no result" : Math.round(load.path("spansPerSecond").asDouble())
                    + " spans/s") + ", exit " + exit);
            return new Phase(system, protocol, sut.describeCommand(), ready.toMillis(), idlePercent, idleRss, disk, loadCores,
                    cpuPerSpan, peakRss.get(), exit, load);
        }
    }

    // Background work after the load (merges, Phoenix's bulk inserter) finishes before the data dir is measured.
    private static void awaitQuiet(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long cpu = SystemUnderTest.treeCpuNanos(pid);
            long wall = System.nanoTime();
            Thread.sleep(1_000);
            if (SystemUnderTest.treeCpuNanos(pid) - cpu < 0.05 * (System.nanoTime() - wall)) {
                return;
            }
        }
    }

    interface LineListener {
        /** Returns true to answer the line: the generator waits for a line on its stdin. */
        boolean line(String line) throws InterruptedException;
    }

    /** Runs the load generator in its own JVM; returns its JSON result (null if it wrote none). */
    private JsonNode generate(List<String> arguments, LineListener listener, Runnable sampler) throws Exception {
        Path out = Files.createTempFile(temp, "load-", ".json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx" + options.generatorHeap(),
                "-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName(),
                "--seed", Long.toString(options.seed()), "--spans", Integer.toString(options.spans()),
                "--spans-per-request", Integer.toString(options.spansPerRequest()), "--out", out.toString()));
        command.addAll(arguments);
        Process process = ChildProcesses.stoppedOnExit(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (listener != null && listener.line(line.strip()) || line.strip().equals("written")) {
                        process.getOutputStream().write('\n');
                        process.getOutputStream().flush();
                    }
                }
            } catch (IOException ignored) {
                // the generator exited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (process.isAlive()) {
            if (sampler != null) {
                sampler.run();
            }
            Thread.sleep(200);
        }
        reader.join();
        return Files.size(out) == 0 ? null : CompareTarget.JSON.readTree(out.toFile());
    }

    static void log(String message) {
        System.err.printf("[compare %6.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
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
