package io.glasshouse.storage.clickhouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Child process of {@link TestSchemaIgnoresStandardInput}: migrates a fresh embedded engine while
 * its standard input holds data, and prints the versions applied. Exits non-zero on any failure.
 */
final class MigrateWithInputProbe {
    private MigrateWithInputProbe() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("glasshouse-stdin-probe-");
        try (ChdbEngine engine = ChdbEngine.start(LibchdbLocator.pinned().locate(null, System.getenv()), dir,
                        List.of("max_server_memory_usage=1000000000"));
                EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(engine, "probe", 1, Duration.ofMinutes(2))) {
            List<Integer> applied = new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
            System.out.println("applied " + applied);
        }
    }
}
