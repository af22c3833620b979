package io.glasshouse.storage.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test JVM's one embedded engine (libchdb allows one per process). Each test gets its own
 * database on it, so tests never see each other's rows. A shutdown hook closes the engine the
 * orderly way, so the forked test JVM exits cleanly.
 */
public final class TestingClickHouse {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static ChdbEngine engine;

    private TestingClickHouse() {}

    public static synchronized ChdbEngine engine() {
        if (engine == null) {
            try {
                Path dir = Files.createTempDirectory("glasshouse-test-chdb-");
                LibchdbLocator locator = LibchdbLocator.pinned();
                engine = ChdbEngine.start(
                        locator.locate(null, System.getenv()),
                        dir,
                        List.of("max_server_memory_usage=2000000000"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChdbEngine started = engine;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "chdb-test-shutdown"));
        }
        return engine;
    }

    /** A fresh database on the shared engine, with a small connection pool. */
    public static EmbeddedClickHouse newDatabase(String prefix) {
        return new EmbeddedClickHouse(engine(), newDatabaseName(prefix), 3, Duration.ofSeconds(30));
    }

    /** A database name no other test in this JVM uses. */
    public static String newDatabaseName(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    }
}
