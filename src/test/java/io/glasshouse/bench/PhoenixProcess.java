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
import java.util.List;

/**
 * Arize Phoenix from bench/.phoenix-venv ({@code phoenix serve}), with its default storage
 * (SQLite in {@code PHOENIX_WORKING_DIR}) on free ports and a fresh working dir. Ready when
 * {@code GET /healthz} answers 200.
 */
final class PhoenixProcess implements SystemUnderTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path workingDir;
    private final Path log;
    private final int port;
    private final int grpcPort;
    private final String command;

    private PhoenixProcess(Process process, Path workingDir, Path log, int port, int grpcPort, String command) {
        this.process = process;
        this.workingDir = workingDir;
        this.log = log;
        this.port = port;
        this.grpcPort = grpcPort;
        this.command = command;
    }

    static PhoenixProcess start(Path venv, Path workingDir) {
        try {
            Files.createDirectories(workingDir);
            int port = FreePorts.pick();
            int grpcPort = FreePorts.pick();
            List<String> command = List.of(venv.resolve("bin/phoenix").toAbsolutePath().toString(), "serve");
            Path log = workingDir.resolveSibling(workingDir.getFileName() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("PHOENIX_"));
            builder.environment().put("PHOENIX_WORKING_DIR", workingDir.toString());
            builder.environment().put("PHOENIX_PORT", Integer.toString(port));
            builder.environment().put("PHOENIX_GRPC_PORT", Integer.toString(grpcPort));
            builder.environment().put("PHOENIX_HOST", "127.0.0.1");
            builder.environment().put("PHOENIX_TELEMETRY_ENABLED", "false");
            String described = "PHOENIX_WORKING_DIR=" + workingDir + " PHOENIX_PORT=" + port + " PHOENIX_GRPC_PORT=" + grpcPort
                    + " PHOENIX_HOST=127.0.0.1 PHOENIX_TELEMETRY_ENABLED=false " + String.join(" ", command);
            return new PhoenixProcess(ChildProcesses.stoppedOnExit(builder.start()), workingDir, log, port, grpcPort, described);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Path dataDir() {
        return workingDir;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int grpcPort() {
        return grpcPort;
    }

    @Override
    public String describeCommand() {
        return command;
    }

    @Override
    public Duration awaitReady(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Phoenix exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Phoenix was not ready after " + timeout + ":\n" + logTail());
    }

    @Override
    public int stop(Duration timeout) throws InterruptedException {
        return ChildProcesses.stop(process, timeout, "Phoenix");
    }

    String logTail() {
        return ChildProcesses.tail(log, 30, "log");
    }

    @Override
    public void close() {
        ChildProcesses.close(process);
    }
}
