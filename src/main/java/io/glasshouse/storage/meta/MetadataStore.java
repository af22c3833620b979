package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.glasshouse.auth.ApiKeys;
import io.glasshouse.auth.PasswordHasher;
import io.glasshouse.auth.SecretHasher;
import io.glasshouse.error.GlasshouseException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * The metadata database: organisations, projects, API keys, users, browser sessions, score
 * configs and project model definitions. SQLite in the data directory by default, PostgreSQL when given a
 * {@code jdbc:postgresql://} URL; both run the same migrations from {@code db/meta} when opened.
 */
public final class MetadataStore implements AutoCloseable {
    private static final String POSTGRES_URL_PREFIX = "jdbc:postgresql://";
    private static final String MIGRATIONS = "classpath:db/meta";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String description;
    private final boolean postgres;
    private final ProjectStore projects;
    private final ApiKeyStore apiKeys;
    private final UserStore users;
    private final ScoreConfigStore scoreConfigs;
    private final ModelStore models;
    private final SessionStore sessions;

    private MetadataStore(
            HikariDataSource dataSource, String description, boolean postgres, Clock clock, PasswordHasher passwordHasher) {
        this.dataSource = dataSource;
        this.description = description;
        this.postgres = postgres;
        this.jdbi = Jdbi.create(dataSource);
        this.projects = new ProjectStore(jdbi, clock);
        this.apiKeys = new ApiKeyStore(jdbi, clock, new SecretHasher(), new ApiKeys());
        this.users = new UserStore(jdbi, clock, passwordHasher);
        this.scoreConfigs = new ScoreConfigStore(jdbi, clock);
        this.models = new ModelStore(jdbi);
        this.sessions = new SessionStore(jdbi, clock, new SecretHasher());
    }

    /**
     * Opens the store and brings its schema up to date.
     *
     * @param databaseUrlOrNull null (or blank) for SQLite at {@code <dataDir>/glasshouse.db}, or a
     *     {@code jdbc:postgresql://host:port/database} URL
     * @throws GlasshouseException CONFIGURATION for any other URL, a database that cannot be
     *     reached or opened, or a schema that cannot be migrated
     */
    public static MetadataStore open(String databaseUrlOrNull, Path dataDir) {
        return open(databaseUrlOrNull, dataDir, Clock.systemUTC(), new PasswordHasher());
    }

    /** As {@link #open(String, Path)}, with the clock and password hasher chosen (tests). */
    public static MetadataStore open(
            String databaseUrlOrNull, Path dataDir, Clock clock, PasswordHasher passwordHasher) {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(passwordHasher, "passwordHasher is null");
        HikariDataSource dataSource;
        String description;
        if (databaseUrlOrNull == null || databaseUrlOrNull.isBlank()) {
            dataSource = MetadataDataSources.sqlite(dataDir);
            description = "SQLite at " + dataDir.resolve(MetadataDataSources.SQLITE_FILE_NAME);
        } else if (databaseUrlOrNull.startsWith(POSTGRES_URL_PREFIX)) {
            dataSource = MetadataDataSources.postgres(databaseUrlOrNull);
            description = "PostgreSQL at " + JdbcUrls.redact(databaseUrlOrNull);
        } else {
            throw GlasshouseException.configuration("unsupported metadata database URL "
                    + JdbcUrls.redact(databaseUrlOrNull)
                    + ": use jdbc:postgresql://host:port/database, or leave it unset for SQLite in the data directory");
        }
        try {
            migrate(dataSource, description, databaseUrlOrNull);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new MetadataStore(dataSource, description, postgres(databaseUrlOrNull), clock, passwordHasher);
    }

    private static boolean postgres(String databaseUrlOrNull) {
        return databaseUrlOrNull != null && databaseUrlOrNull.startsWith(POSTGRES_URL_PREFIX);
    }

    private static void migrate(HikariDataSource dataSource, String description, String databaseUrlOrNull) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            String reason = SqlErrors.reason(e);
            if (databaseUrlOrNull == null || databaseUrlOrNull.isBlank()) {
                throw GlasshouseException.configuration(
                        "cannot migrate the metadata database (" + description + "): " + reason, e);
            }
            // No cause attached: driver exceptions may quote the URL, password included.
            throw GlasshouseException.configuration("cannot migrate the metadata database (" + description + "): "
                    + JdbcUrls.redactIn(reason, databaseUrlOrNull));
        }
    }

    public ProjectStore projects() {
        return projects;
    }

    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    public UserStore users() {
        return users;
    }

    public ScoreConfigStore scoreConfigs() {
        return scoreConfigs;
    }

    public ModelStore models() {
        return models;
    }

    public SessionStore sessions() {
        return sessions;
    }

    /** Where the data lives, for the start-up log; never includes a password. */
    public String describe() {
        return description;
    }

    /**
     * Runs {@code work} in one transaction. Store calls made inside it on this thread join the
     * transaction (Jdbi hands nested calls the thread's open handle).
     */
    <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(handle -> work.get());
    }

    /**
     * As {@link #inTransaction}, and no other transaction holding the same {@code lockKey} runs at
     * the same time, across processes. SQLite transactions already exclude each other (they begin
     * IMMEDIATE); PostgreSQL takes a transaction-scoped advisory lock, so that two servers starting
     * together against one database cannot both create what neither found.
     */
    <T> T inExclusiveTransaction(long lockKey, Supplier<T> work) {
        return jdbi.inTransaction(handle -> {
            if (postgres) {
                // pg_advisory_xact_lock returns void, which no mapper reads; select a constant beside it.
                handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
                        .bind("key", lockKey)
                        .mapTo(Integer.class)
                        .one();
            }
            return work.get();
        });
    }

    Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
