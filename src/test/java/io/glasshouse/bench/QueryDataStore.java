package io.glasshouse.bench;

import io.glasshouse.model.Project;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouse;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.ObservationRollup;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.Sql;
import io.glasshouse.storage.meta.Bootstrap;
import io.glasshouse.storage.meta.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A server data dir holding the benchmark's dataset: metadata with the benchmark's project and
 * keys (made by the server's own {@link Bootstrap}), and the events generated into the server's
 * schema. Cached under the sizes, so re-runs skip generation; a cached dataset gets new migrations
 * (new skip indexes, materialised) when it is opened.
 */
final class QueryDataStore {
    static final String DATABASE = "glasshouse";
    private static final String MARKER = "bench-dataset.properties";

    /** A ready data dir. {@code generationSeconds} is from when it was made (maybe an earlier run). */
    record Prepared(Path dataDir, QueryDataset dataset, double generationSeconds, boolean cached) {}

    private QueryDataStore() {}

    static Prepared prepare(Path root, long observations, long engineMemoryBytes) {
        QueryDataset dataset = QueryDataset.ofObservations(observations);
        Path dataDir = root.resolve(dataset.key()).toAbsolutePath();
        Path marker = dataDir.resolve(MARKER);
        try {
            if (Files.exists(marker)) {
                Properties properties = new Properties();
                try (var in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
                    properties.load(in);
                }
                return new Prepared(dataDir, dataset, Double.parseDouble(properties.getProperty("generationSeconds")), true);
            }
            deleteRecursively(dataDir);
            Files.createDirectories(dataDir);
            bootstrapProject(dataDir, dataset.projectId());
            System.err.printf("[bench] generating %,d traces (about %,d observations) into %s ...%n",
                    dataset.traces(), dataset.traces() * 5, dataDir);
            long start = System.nanoTime();
            try (Engine engine = Engine.open(dataDir, engineMemoryBytes)) {
                new ClickHouseSchema(engine.clickHouse(), SchemaDialect.singleNode()).migrate();
                dataset.generate(engine.clickHouse());
                afterGenerated(engine.clickHouse(), dataset);
                awaitBackgroundWork(engine.clickHouse(), Duration.ofMinutes(20));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Properties properties = new Properties();
            properties.setProperty("generationSeconds", String.format(java.util.Locale.ROOT, "%.1f", seconds));
            try (var out = Files.newBufferedWriter(marker, StandardCharsets.UTF_8)) {
                properties.store(out, "bench/query dataset; delete this directory to generate it again");
            }
            return new Prepared(dataDir, dataset, seconds, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Derived data the server keeps next to the events and would have filled while ingesting them
     * (rollups, summaries): filled here once the events are written, before the dataset is cached.
     * The metrics rollup: rows generated inside the engine bypass the writer that feeds it.
     */
    static void afterGenerated(ClickHouse clickHouse, QueryDataset dataset) {
        ObservationRollup.rebuild(clickHouse, new ProjectId(dataset.projectId()));
    }

    /**
     * Brings a cached dataset to this build's schema: pending migrations (a new skip index is
     * added and materialised for the existing parts), then waits for that work to finish.
     */
    static void migrate(Engine engine) {
        List<Integer> applied = new ClickHouseSchema(engine.clickHouse(), SchemaDialect.singleNode()).migrate();
        if (!applied.isEmpty()) {
            System.err.println("[bench] applied migrations " + applied + " to the cached dataset; waiting for its mutations");
            awaitBackgroundWork(engine.clickHouse(), Duration.ofMinutes(30));
        }
        if (applied.contains(ObservationRollup.MIGRATION)) {
            System.err.println("[bench] filling the metrics rollup of the cached dataset");
            new ObservationRollup(engine.clickHouse()).reconcileAll();
        }
    }

    // The server's own start-up code creates the organisation, project and keys the server will
    // find on this data dir. The project's random id is then set to the dataset's fixed one (the
    // rows carry it), so a dataset stays valid whatever id a bootstrap would draw.
    private static void bootstrapProject(Path dataDir, String projectId) {
        String generated;
        try (MetadataStore store = MetadataStore.open(null, dataDir)) {
            generated = new Bootstrap(store).run(Map.of(
                            "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY", ServerProcess.PUBLIC_KEY,
                            "GLASSHOUSE_INIT_PROJECT_SECRET_KEY", ServerProcess.SECRET_KEY))
                    .project().map(Project::id)
                    .orElseThrow(() -> new IllegalStateException("the bootstrap made no project"));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("glasshouse.db"));
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = OFF");
            statement.executeUpdate("UPDATE projects SET id = '" + projectId + "' WHERE id = '" + generated + "'");
            statement.executeUpdate("UPDATE api_keys SET project_id = '" + projectId + "' WHERE project_id = '" + generated + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the bench project's id", e);
        }
    }

    /** Merges and mutations settle before measuring, as they would on a server that ran a while. */
    static void awaitBackgroundWork(ClickHouse clickHouse, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long running = clickHouse.query(Sql.plain("SELECT (SELECT count() FROM system.merges WHERE database = '" + DATABASE
                            + "') + (SELECT count() FROM system.mutations WHERE database = '" + DATABASE + "' AND NOT is_done) AS n"))
                    .scalar().asLong();
            if (running == 0) {
                return;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** An embedded engine on the data dir's event store, in this process; the server must not run meanwhile. */
    record Engine(ChdbEngine engine, EmbeddedClickHouse clickHouse) implements AutoCloseable {
        static Engine open(Path dataDir, long memoryBytes) {
            LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
            ChdbEngine engine = ChdbEngine.start(library, dataDir.resolve("clickhouse"),
                    List.of("max_server_memory_usage=" + memoryBytes));
            return new Engine(engine, new EmbeddedClickHouse(engine, DATABASE, 2, Duration.ofMinutes(30)));
        }

        @Override
        public void close() {
            clickHouse.close();
            engine.close();
        }
    }
}
