package io.glasshouse.bench;

import io.glasshouse.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged server in its own process, started as a user starts it (./glasshouse's JVM options
 * from {@link ServerJvmOptions}), on free ports and a fresh data dir.
 */
final class ServerProcess implements AutoCloseable {
    static final String PUBLIC_KEY = "pk-lf-bench-public";
    static final String SECRET_KEY = "sk-lf-bench-secret-0123456789abcdef";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final List<String> command;
    private final Path stderr;
    final int port;
    final int grpcPort;

    private ServerProcess(Process process, List<String> command, Path stderr, int port, int grpcPort) {
        this.process = process;
        this.command = command;
        this.stderr = stderr;
        this.port = port;
        this.grpcPort = grpcPort;
    }

    static ServerProcess start(Path jar, List<String> javaOptions, Path dataDir) {
        return start(jar, javaOptions, dataDir, List.of());
    }

    /** As {@link #start(Path, List, Path)}, with more server options after the usual ones. */
    static ServerProcess start(Path jar, List<String> javaOptions, Path dataDir, List<String> serverOptions) {
        try {
            int port = FreePorts.pick();
            int grpcPort = FreePorts.pick();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED");
            command.addAll(ServerJvmOptions.ofRepository());
            command.addAll(javaOptions); // after the file's, so a bench option overrides them
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--data-dir", dataDir.toString(),
                    "--port", Integer.toString(port), "--grpc-port", Integer.toString(grpcPort)));
            command.addAll(serverOptions);
            Files.createDirectories(dataDir);
            Path out = dataDir.resolveSibling(dataDir.getFileName() + ".out");
            Path err = dataDir.resolveSibling(dataDir.getFileName() + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("GLASSHOUSE_"));
            builder.environment().put("GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY", PUBLIC_KEY);
            builder.environment().put("GLASSHOUSE_INIT_PROJECT_SECRET_KEY", SECRET_KEY);
            return new ServerProcess(ChildProcesses.stoppedOnExit(builder.start()), List.copyOf(command), err, port, grpcPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line, with the fixed key variables it runs under. */
    String describeCommand() {
        return "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY=" + PUBLIC_KEY + " GLASSHOUSE_INIT_PROJECT_SECRET_KEY=… "
                + String.join(" ", command);
    }

    long pid() {
        return process.pid();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Duration awaitReady(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + stderrTail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri("/api/public/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server was not ready after " + timeout + ":\n" + stderrTail());
    }

    /** The server's Prometheus counters, by name (labels included). */
    Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> metrics = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                metrics.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException | StringIndexOutOfBoundsException ignored) {
                // not a sample line
            }
        }
        return metrics;
    }

    /**
     * Waits until the server's CPU use drops below {@code percentOfCore} over half a second (merges
     * and JIT after the warm-up done), at most {@code timeout}; returns how long it took.
     */
    Duration awaitQuiet(double percentOfCore, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            long cpu = Cpu.processCpu(pid());
            long wall = System.nanoTime();
            Thread.sleep(500);
            double used = 100.0 * (Cpu.processCpu(pid()) - cpu) / (System.nanoTime() - wall);
            if (used < percentOfCore) {
                break;
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** SIGTERM, as an operator stops it; returns the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        return ChildProcesses.stop(process, timeout, "the server");
    }

    String stderrTail() {
        return ChildProcesses.tail(stderr, 40, "stderr");
    }

    @Override
    public void close() {
        ChildProcesses.close(process);
    }
}
