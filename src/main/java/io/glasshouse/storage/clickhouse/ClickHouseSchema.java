package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned schema migrations for the event store: plain .sql resources listed in
 * migrations/index.txt, applied in order at start, each recorded with its checksum. Every
 * statement is idempotent (IF NOT EXISTS), so a start interrupted mid-migration simply applies
 * the rest next time; an applied file whose text changed stops start-up, as with Flyway.
 */
public final class ClickHouseSchema {
    static final String HISTORY_TABLE = "glasshouse_schema_history";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3,})__([a-z0-9_]+)\\.sql");

    private final ClickHouse clickHouse;
    private final SchemaDialect dialect;

    public ClickHouseSchema(ClickHouse clickHouse, SchemaDialect dialect) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    public record Migration(int version, String name, String template, String checksum) {}

    /** Applies every pending migration; returns the versions applied now (empty when current). */
    public List<Integer> migrate() {
        clickHouse.execute(Sql.plain(dialect.render("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " ${ON_CLUSTER} ("
                + "version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) "
                + "ENGINE = ${REPLICATED}ReplacingMergeTree ORDER BY version")));
        Map<Integer, String> applied = appliedChecksums();
        List<Integer> appliedNow = new ArrayList<>();
        for (Migration migration : migrations()) {
            String recorded = applied.get(migration.version());
            if (recorded != null) {
                if (!recorded.equals(migration.checksum())) {
                    throw GlasshouseException.configuration("ClickHouse schema migration V" + migration.version()
                            + " was applied with different text than this build ships; restore the original file"
                            + " or add a new migration instead of editing an applied one.");
                }
                continue;
            }
            for (String statement : render(migration, dialect)) {
                clickHouse.execute(Sql.plain(statement));
            }
            // INSERT … SELECT, not VALUES: the embedded engine treats whatever follows VALUES as input
            // data and also reads the process's standard input for more of it, so a VALUES insert
            // failed when stdin held something (surefire's command channel: CANNOT_PARSE_INPUT, or
            // "async inserts with both inlined and external data"). A SELECT has no data section.
            clickHouse.execute(Sql.of("INSERT INTO " + HISTORY_TABLE + " (version, name, checksum) SETTINGS async_insert = 0 "
                            + "SELECT {version:UInt32}, {name:String}, {checksum:String}")
                    .bind("version", migration.version())
                    .bind("name", migration.name())
                    .bind("checksum", migration.checksum())
                    .build());
            appliedNow.add(migration.version());
        }
        return appliedNow;
    }

    /** The migrations this build ships, in version order, with placeholders unrendered. */
    public static List<Migration> migrations() {
        List<Migration> migrations = new ArrayList<>();
        for (String line : resource("migrations/index.txt").split("\n")) {
            String fileName = line.strip();
            if (fileName.isEmpty() || fileName.startsWith("#")) {
                continue;
            }
            Matcher matcher = FILE_NAME.matcher(fileName);
            if (!matcher.matches()) {
                throw new IllegalStateException("bad migration file name " + fileName);
            }
            String template = resource("migrations/" + fileName);
            migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2), template, sha256(template)));
        }
        return migrations;
    }

    /** The statements a migration runs under a dialect (for inspection and tests). */
    public static List<String> render(Migration migration, SchemaDialect dialect) {
        return SqlScript.statements(dialect.render(migration.template()));
    }

    private Map<Integer, String> appliedChecksums() {
        Map<Integer, String> applied = new HashMap<>();
        for (var row : clickHouse.query(Sql.plain("SELECT version, argMax(checksum, applied_at) AS checksum FROM "
                        + HISTORY_TABLE + " GROUP BY version")).rows()) {
            applied.put(row.get("version").asInt(), row.get("checksum").asText());
        }
        return applied;
    }

    private static String resource(String name) {
        try (InputStream in = ClickHouseSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
