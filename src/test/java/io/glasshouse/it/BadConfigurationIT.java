package io.glasshouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad configuration ends start-up with ONE clear line on stderr and a non-zero exit code, and
 * leaves the data dir uncreated.
 */
class BadConfigurationIT {
    @TempDir
    Path temp;

    private record Outcome(int exitCode, String stderr, boolean dataDirExists) {
        String lastLine() {
            List<String> lines = stderr.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.getLast();
        }
    }

    private Outcome run(List<String> flags, Map<String, String> environment) throws Exception {
        Path dataDir = temp.resolve("data");
        List<String> all = new ArrayList<>(flags);
        if (!flags.contains("--data-dir")) {
            all.addAll(List.of("--data-dir", dataDir.toString()));
        }
        try (TestingServerProcess server = TestingServerProcess.start(all, environment)) {
            int exitCode = server.awaitExit(Duration.ofSeconds(60));
            return new Outcome(exitCode, server.stderr(), Files.exists(dataDir));
        }
    }

    private static void assertOneClearLine(Outcome outcome, int expectedExit, String... phrases) {
        assertThat(outcome.exitCode()).as("exit code; stderr: %s", outcome.stderr()).isEqualTo(expectedExit);
        assertThat(outcome.stderr().strip().lines().filter(line -> line.startsWith("glasshouse:")).count())
                .as("one message line; stderr: %s", outcome.stderr())
                .isEqualTo(1);
        assertThat(outcome.lastLine()).startsWith("glasshouse: ").contains(phrases);
        assertThat(outcome.stderr()).doesNotContain("Exception", "\tat ");
        assertThat(outcome.dataDirExists()).as("data dir created").isFalse();
    }

    @Test
    void unknownFlag() throws Exception {
        assertOneClearLine(run(List.of("--no-such-flag"), Map.of()), 2, "Unknown option", "--no-such-flag");
    }

    @Test
    void valueOfTheWrongType() throws Exception {
        assertOneClearLine(run(List.of("--port", "many"), Map.of()), 2, "--port", "many");
    }

    @Test
    void environmentValueOfTheWrongType() throws Exception {
        assertOneClearLine(run(List.of(), Map.of("GLASSHOUSE_FLUSH_INTERVAL_MS", "soon")), 2, "soon");
    }

    @Test
    void unknownKeyInConfigFile() throws Exception {
        Path config = Files.writeString(temp.resolve("glasshouse.properties"), "port = 3001\nflush-intervall-ms = 5\n");
        assertOneClearLine(run(List.of("--config", config.toString()), Map.of()), 1, "flush-intervall-ms");
    }

    @Test
    void dataDirUnderARegularFile() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
        Outcome outcome = run(List.of("--data-dir", file.resolve("data").toString()), Map.of());
        assertOneClearLine(outcome, 1, "data dir", "not a directory");
    }

    @Test
    void dataDirOnAReadOnlyFileSystem() throws Exception {
        // /proc refuses new files even for root, which permission bits cannot show.
        assertOneClearLine(run(List.of("--data-dir", "/proc/glasshouse-data"), Map.of()), 1, "/proc/glasshouse-data");
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertOneClearLine(
                    run(List.of("--port", Integer.toString(port), "--host", "0.0.0.0"), Map.of()),
                    1, "port " + port, "in use", "--port");
        }
    }

    @Test
    void libchdbThatDoesNotExist() throws Exception {
        assertOneClearLine(run(List.of("--libchdb", temp.resolve("nope/libchdb.so").toString()), Map.of()), 1,
                "libchdb not found", "GLASSHOUSE_LIBCHDB");
    }

    @Test
    void libchdbThatIsNotALibrary() throws Exception {
        Path fake = Files.writeString(temp.resolve("libchdb.so"), "not an ELF file");
        assertOneClearLine(run(List.of(), Map.of("GLASSHOUSE_LIBCHDB", fake.toString())), 1, "cannot load", "libchdb.so");
    }

    @Test
    void libchdbThatIsAnotherLibrary() throws Exception {
        Path libz = findSystemLibrary("libz.so.1");
        assertOneClearLine(run(List.of("--libchdb", libz.toString()), Map.of()), 1, "is not libchdb");
    }

    @Test
    void unreachableClickHouseServer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Outcome outcome = run(List.of(
                        "--clickhouse-url", "http://127.0.0.1:" + closedPort,
                        "--clickhouse-password", "s3cret-value"),
                Map.of());
        assertOneClearLine(outcome, 1, "cannot reach ClickHouse", "127.0.0.1:" + closedPort);
        assertThat(outcome.stderr()).doesNotContain("s3cret-value");
    }

    private static Path findSystemLibrary(String name) throws IOException {
        for (String dir : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64")) {
            Path candidate = Path.of(dir, name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IOException(name + " not found in the usual library directories");
    }
}
