package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClickHouse in this process: a bounded pool of chDB connections to the running
 * {@link ChdbEngine}, each with {@code database} as its current database.
 */
public final class EmbeddedClickHouse implements ClickHouse {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedClickHouse.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private final ChdbEngine engine;
    private final String database;
    private final Duration borrowTimeout;
    private final BlockingQueue<ChdbConnection> idle;
    private final List<ChdbConnection> all = new ArrayList<>();
    private volatile boolean closed;

    public EmbeddedClickHouse(ChdbEngine engine, String database, int poolSize, Duration borrowTimeout) {
        this.engine = requireNonNull(engine, "engine is null");
        this.database = requireValidDatabase(database);
        this.borrowTimeout = requireNonNull(borrowTimeout, "borrowTimeout is null");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        this.idle = new ArrayBlockingQueue<>(poolSize);
        try {
            for (int i = 0; i < poolSize; i++) {
                ChdbConnection connection = engine.connect();
                all.add(connection);
                if (i == 0) {
                    connection.query("CREATE DATABASE IF NOT EXISTS " + database, QueryResult.FORMAT, java.util.Map.of());
                }
                // USE is session state of the chDB connection: every later statement resolves
                // unqualified names in this database.
                connection.query("USE " + database, QueryResult.FORMAT, java.util.Map.of());
                idle.add(connection);
            }
        } catch (RuntimeException e) {
            all.forEach(ChdbConnection::close);
            throw e;
        }
    }

    @Override
    public QueryResult query(Sql sql) {
        return QueryResult.parse(query(sql, QueryResult.FORMAT));
    }

    /**
     * The statement's output exactly as the engine wrote it in {@code format} (a FORMAT clause in
     * the statement wins). The test endpoint that stands in for a ClickHouse server serves it as-is.
     */
    byte[] query(Sql sql, String format) {
        return withConnection(c -> c.query(sql.text(), format, sql.parameters()));
    }

    @Override
    public void execute(Sql sql) {
        withConnection(c -> c.query(sql.text(), QueryResult.FORMAT, sql.parameters()));
    }

    @Override
    public void insert(String insertSql, String format, List<byte[]> chunks) {
        insertSegments(insertSql, format, chunks.stream().map(MemorySegment::ofArray).toList());
    }

    @Override
    public boolean readsNativeSegmentsInPlace() {
        return true;
    }

    @Override
    public void insertSegments(String insertSql, String format, List<MemorySegment> chunks) {
        withConnection(c -> {
            c.insert(insertSql, java.util.Map.of(), format, chunks);
            return null;
        });
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public String describe() {
        return "embedded chDB " + engine.version() + " at " + engine.dataPath() + ", database " + database;
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        ChdbConnection connection = borrow();
        boolean failed = true;
        try {
            T result = work.run(connection);
            failed = false;
            return result;
        } finally {
            giveBack(failed ? renewed(connection) : connection);
        }
    }

    // Measured on chDB 26.7: after a statement fails while running (a read limit, throwIf), the
    // next statement on that connection returns an empty result instead of its rows. So a
    // connection that saw a failure is closed and replaced; the engine's anchor connection keeps
    // the engine up meanwhile. If a new one cannot be opened, the old one goes back (best effort).
    private ChdbConnection renewed(ChdbConnection failed) {
        if (closed) {
            return failed;
        }
        ChdbConnection fresh;
        try {
            fresh = engine.connect();
            fresh.query("USE " + database, QueryResult.FORMAT, java.util.Map.of());
        } catch (RuntimeException e) {
            LOG.warn("could not replace a ClickHouse connection after a failed statement: {}", e.getMessage());
            return failed;
        }
        synchronized (all) {
            all.set(all.indexOf(failed), fresh);
        }
        failed.close();
        return fresh;
    }

    private ChdbConnection borrow() {
        if (closed) {
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storage is shutting down");
        }
        try {
            ChdbConnection connection = idle.poll(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (connection == null) {
                throw new GlasshouseException(
                        ErrorCode.STORAGE_UNAVAILABLE,
                        "all " + all.size() + " ClickHouse connections stayed busy for " + borrowTimeout.toSeconds() + " s");
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "interrupted while waiting for ClickHouse");
        }
    }

    private void giveBack(ChdbConnection connection) {
        idle.add(connection);
    }

    /**
     * Closes every pooled connection, waiting (up to the borrow timeout) for those in use to come
     * back: the engine's anchor connection must be the last one closed, and {@link
     * ChdbEngine#close()} closes it right after this.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + borrowTimeout.toNanos();
        for (int closedCount = 0; closedCount < all.size(); closedCount++) {
            ChdbConnection connection;
            try {
                connection = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connection = null;
            }
            if (connection == null) {
                LOG.warn("{} ClickHouse connection(s) still busy at close; leaving them open", all.size() - closedCount);
                return;
            }
            connection.close();
        }
    }

    private static String requireValidDatabase(String database) {
        requireNonNull(database, "database is null");
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw GlasshouseException.configuration(
                    "ClickHouse database name '" + database + "' must be letters, digits and underscores");
        }
        return database;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(ChdbConnection connection);
    }
}
