package io.glasshouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A server process bench/compare measures: Glasshouse's jar or Phoenix. Its figures are those of
 * the whole process tree (a server may fork workers), read from /proc.
 */
interface SystemUnderTest extends AutoCloseable {
    long pid();

    Path dataDir();

    int port();

    int grpcPort();

    /** Launch to ready; throws when it exits first or does not get ready in time. */
    Duration awaitReady(Duration timeout) throws InterruptedException;

    /** SIGTERM; the exit code. */
    int stop(Duration timeout) throws InterruptedException;

    String describeCommand();

    @Override
    void close();

    /** CPU time of the process and its descendants, in nanoseconds. */
    static long treeCpuNanos(long pid) {
        return tree(pid).mapToLong(Cpu::processCpu).sum();
    }

    /** Resident set size of the process and its descendants, in bytes. */
    static long treeRssBytes(long pid) {
        return tree(pid).mapToLong(SystemUnderTest::rssBytes).sum();
    }

    private static Stream<Long> tree(long pid) {
        return ProcessHandle.of(pid).map(p -> Stream.concat(Stream.of(p), p.descendants()).map(ProcessHandle::pid))
                .orElse(Stream.empty());
    }

    private static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return 1024 * Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited meanwhile
        }
        return 0;
    }

    /** Bytes of all files under the directory. */
    static long diskBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Glasshouse jar through {@link ServerProcess}, as bench/ingest starts it. */
    record Glasshouse(ServerProcess server, Path dataDir) implements SystemUnderTest {
        @Override
        public long pid() {
            return server.pid();
        }

        @Override
        public int port() {
            return server.port;
        }

        @Override
        public int grpcPort() {
            return server.grpcPort;
        }

        @Override
        public Duration awaitReady(Duration timeout) throws InterruptedException {
            return server.awaitReady(timeout);
        }

        @Override
        public int stop(Duration timeout) throws InterruptedException {
            return server.stop(timeout);
        }

        @Override
        public String describeCommand() {
            return server.describeCommand();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
