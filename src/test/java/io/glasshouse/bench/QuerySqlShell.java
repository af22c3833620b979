package io.glasshouse.bench;

import io.glasshouse.storage.clickhouse.ChdbEngine;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.LibchdbLocator;
import io.glasshouse.storage.clickhouse.QueryResult;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Scratch tool: runs SQL statements from a file against a data dir's engine, timing each. */
final class QuerySqlShell {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        ChdbEngine engine = ChdbEngine.start(library, dataDir.resolve("clickhouse"), List.of("max_server_memory_usage=" + (4L << 30)));
        try (EmbeddedClickHouse ch = new EmbeddedClickHouse(engine, "glasshouse", 1, Duration.ofMinutes(30))) {
            if (args.length > 2 && args[2].equals("generate")) {
                new ClickHouseSchema(ch, SchemaDialect.singleNode()).migrate();
                long t0 = System.nanoTime();
                QueryDataset.ofObservations(Long.parseLong(args[3])).generate(ch);
                System.out.printf("generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            int repeat = args.length > 4 ? Integer.parseInt(args[4]) : 3;
            for (String statement : Files.readString(Path.of(args[1])).split(";;")) {
                if (statement.isBlank()) continue;
                System.out.println("---- " + statement.strip().lines().findFirst().orElse(""));
                for (int i = 0; i < repeat; i++) {
                    long t0 = System.nanoTime();
                    try {
                        QueryResult r = ch.query(Sql.plain(statement));
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        System.out.printf("  %d ms, %d rows%s%n", ms, r.rows().size(), i == 0 ? " " + firstRows(r) : "");
                        if (statement.strip().startsWith("EXPLAIN")) {
                            r.rows().forEach(row -> System.out.println("    " + row.elements().next().asText()));
                        }
                    } catch (RuntimeException e) {
                        System.out.println("  ERROR " + e.getMessage());
                        break;
                    }
                }
            }
        } finally {
            engine.close();
        }
    }

    private static String firstRows(QueryResult r) {
        String s = r.rows().stream().limit(5).map(Object::toString).toList().toString();
        return s.length() > 1500 ? s.substring(0, 1500) : s;
    }
}
