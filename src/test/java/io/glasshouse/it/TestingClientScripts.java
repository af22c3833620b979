package io.glasshouse.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real client SDKs under {@code e2e/}, run as the subprocesses a user would run: Node.js from
 * the PATH, Python from {@code e2e/.venv}. Output goes to files under target/it-logs, so nothing
 * blocks on a full pipe and a failing test can show it.
 */
final class TestingClientScripts {
    static final Path E2E = Path.of("e2e").toAbsolutePath();
    static final Path PYTHON = E2E.resolve(".venv/bin/python");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Variables that would point a script somewhere else than the test says. */
    private static final List<String> FOREIGN_PREFIXES = List.of("LANGFUSE_", "OTEL_", "OPENAI_", "OPENINFERENCE_");

    /** What a script did: its exit code, its stdout parsed (null when it printed no JSON), its stderr. */
    record Result(List<String> command, int exitCode, JsonNode printed, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + "\nstderr:\n" + stderr + "\nstdout:\n" + stdout;
        }
    }

    private TestingClientScripts() {}

    /** Installs the pinned SDKs (e2e/setup: idempotent, about 20 ms when everything is current). */
    static void setUp(Duration timeout) throws IOException, InterruptedException {
        Result setup = run(List.of("bash", E2E.resolve("setup").toString()), Map.of(), timeout);
        if (!setup.succeeded()) {
            throw new IllegalStateException("e2e/setup failed: " + setup.describe());
        }
    }

    static Result node(String script, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        return run(List.of("node", E2E.resolve("node").resolve(script).toString()), environment, timeout);
    }

    static Result python(String script, List<String> arguments, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), E2E.resolve("python").resolve(script).toString()));
        command.addAll(arguments);
        return run(command, environment, timeout);
    }

    /** Runs a command in e2e/ with only the given client configuration; kills it after the timeout. */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Path out = Files.createTempFile(logs, "client-", ".out");
        Path err = Files.createTempFile(logs, "client-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(E2E.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> FOREIGN_PREFIXES.stream().anyMatch(name::startsWith));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            String stderr = Files.readString(err, UTF_8);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\nstderr:\n" + stderr);
        }
        String stdout = Files.readString(out, UTF_8);
        return new Result(command, process.exitValue(), lastJsonLine(stdout), stdout, Files.readString(err, UTF_8));
    }

    private static JsonNode lastJsonLine(String stdout) {
        List<String> lines = stdout.lines().filter(line -> line.startsWith("{")).toList();
        if (lines.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(lines.getLast());
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The fake OpenAI-compatible server (e2e/python/fake_openai.py) on a free port. */
    static final class FakeOpenAi implements AutoCloseable {
        private final Process process;
        final int port;

        private FakeOpenAi(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static FakeOpenAi start(Duration timeout) throws IOException, InterruptedException {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Process process = new ProcessBuilder(PYTHON.toString(), E2E.resolve("python/fake_openai.py").toString(), "0")
                    .directory(E2E.toFile())
                    .redirectError(Files.createTempFile(logs, "fake-openai-", ".err").toFile())
                    .start();
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
            CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                String line = firstLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null) {
                    throw new IllegalStateException("fake_openai.py exited with " + process.waitFor());
                }
                return new FakeOpenAi(process, JSON.readTree(line).path("port").asInt());
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                throw new IllegalStateException("fake_openai.py did not report its port within " + timeout, e);
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port + "/v1";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
