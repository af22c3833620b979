package io.glasshouse.it;

import static java.nio.charset.StandardCharsets.UTF_8;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server as a user runs it: {@code java -jar target/glasshouse.jar}, in its own
 * process, so start-up, signals and exit codes are real. Output goes to files under target/ so
 * a failing test can show it.
 */
final class TestingServerProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("glasshouse.jar", "target/glasshouse.jar"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    final int port;
    final long startedNanos;

    private TestingServerProcess(Process process, Path stdout, Path stderr, int port, long startedNanos) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /** Starts the jar with the given flags on free ports (unless the flags name one). */
    static TestingServerProcess start(List<String> flags, Map<String, String> environment) {
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Path out = Files.createTempFile(logs, "server-", ".out");
            Path err = Files.createTempFile(logs, "server-", ".err");
            int port = flags.contains("--port") ? portFlag(flags) : FreePorts.pick();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    // ./glasshouse's JVM options, so the process tests run the server as users do
                    "@" + Path.of("jvm.options").toAbsolutePath(),
                    "-Xmx512m",
                    "-jar",
                    JAR.toAbsolutePath().toString()));
            if (!flags.contains("--port")) {
                command.addAll(List.of("--port", Integer.toString(port)));
            }
            if (!flags.contains("--grpc-port")) {
                command.addAll(List.of("--grpc-port", Integer.toString(FreePorts.pick())));
            }
            command.addAll(flags);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("GLASSHOUSE_"));
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            return new TestingServerProcess(builder.start(), out, err, port, started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int portFlag(List<String> flags) {
        try {
            return Integer.parseInt(flags.get(flags.indexOf("--port") + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException notANumber) {
            return FreePorts.pick(); // the test is about a bad --port; nothing will listen anyway
        }
    }

    /** Waits until /api/public/ready answers 200; returns the time since the process started. */
    Duration awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "\nstderr:\n" + stderr());
            }
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(uri("/api/public/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("server not ready after " + timeout + "\nstderr:\n" + stderr());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy(); // SIGTERM on Linux
        return awaitExit(timeout);
    }

    /** Sends SIGKILL: no shutdown hooks run. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not exit within " + timeout + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
