package io.glasshouse.storage.meta;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Connection pools for the two metadata databases, each configured the one way we run it. */
final class MetadataDataSources {
    static final String SQLITE_FILE_NAME = "glasshouse.db";
    private static final String POOL_NAME = "glasshouse-metadata";
    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;
    // WAL lets readers run beside the one writer; a handful covers a 2-core box.
    private static final int SQLITE_POOL_SIZE = 4;
    private static final int POSTGRES_POOL_SIZE = 8;

    private MetadataDataSources() {}

    static HikariDataSource sqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw GlasshouseException.configuration(
                    "cannot create the data directory " + dataDir + ": " + SqlErrors.reason(e), e);
        }
        Path file = dataDir.resolve(SQLITE_FILE_NAME);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        // A deferred transaction that reads, then writes, fails with SQLITE_BUSY when another
        // connection wrote in between, and busy_timeout cannot help it. Taking the write lock at
        // BEGIN makes transactions queue up instead.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);

        HikariConfig pool = new HikariConfig();
        pool.setPoolName(POOL_NAME);
        pool.setDataSource(sqlite);
        pool.setMaximumPoolSize(SQLITE_POOL_SIZE);
        pool.setMinimumIdle(1);
        try {
            return new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw GlasshouseException.configuration(
                    "cannot open the SQLite database " + file + ": " + SqlErrors.reason(e), e);
        }
    }

    static HikariDataSource postgres(String url) {
        probe(url);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName(POOL_NAME);
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        pool.setMinimumIdle(1);
        try {
            return new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw unreachable(url, e);
        }
    }

    /**
     * Connects once before building the pool: the pool would log a stack trace of its own for a
     * server that is down, while one configuration error says all an operator needs.
     */
    private static void probe(String url) {
        Connection connection;
        try {
            Driver driver = DriverManager.getDriver(url);
            connection = driver.connect(url, new Properties());
        } catch (SQLException e) {
            throw unreachable(url, e);
        }
        if (connection == null) {
            throw GlasshouseException.configuration("the PostgreSQL driver does not accept the URL "
                    + JdbcUrls.redact(url) + ": use jdbc:postgresql://host:port/database?user=...&password=...");
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // The probe did its job; a failing close says nothing about the pool to come.
        }
    }

    private static GlasshouseException unreachable(String url, Exception e) {
        // No cause attached: driver exceptions may quote the URL, password included.
        return GlasshouseException.configuration("cannot reach PostgreSQL at " + JdbcUrls.redact(url) + ": "
                + JdbcUrls.redactIn(SqlErrors.reason(e), url));
    }
}
