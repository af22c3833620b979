package io.glasshouse.storage.clickhouse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The one way Glasshouse talks to ClickHouse. Two transports implement it — the embedded engine
 * ({@link EmbeddedClickHouse}) and a ClickHouse server over HTTP ({@link HttpClickHouse}) — and
 * both run the same schema files and the same statement text. Values always travel as bound
 * parameters ({@code {name:Type}}), never spliced into SQL.
 */
public interface ClickHouse extends AutoCloseable {
    /** Runs a SELECT and returns its rows. */
    QueryResult query(Sql sql);

    /** Runs a statement whose output is not needed (DDL, INSERT … SELECT, ALTER). */
    void execute(Sql sql);

    /**
     * Inserts pre-encoded rows. {@code insertSql} names the table and columns without a FORMAT
     * clause ({@code INSERT INTO traces (id, name)}); {@code chunks} hold rows in {@code format}.
     * Returns once ClickHouse has committed them.
     */
    void insert(String insertSql, String format, List<byte[]> chunks);

    /**
     * As {@link #insert}, with the rows in memory segments, on the heap or native. The default
     * passes a heap segment's array as it is when the segment is the whole array, and copies
     * anything else to an array.
     */
    default void insertSegments(String insertSql, String format, List<MemorySegment> chunks) {
        insert(insertSql, format, chunks.stream().map(ClickHouse::bytes).toList());
    }

    /**
     * Whether {@link #insertSegments} reads native segments in place. The event writer's rows then
     * wait for their insert in native memory, where young collections do not copy them (the
     * embedded engine); otherwise they stay on the heap, as the transport needs them there.
     */
    default boolean readsNativeSegmentsInPlace() {
        return false;
    }

    private static byte[] bytes(MemorySegment chunk) {
        if (chunk.heapBase().orElse(null) instanceof byte[] array && chunk.address() == 0 && array.length == chunk.byteSize()) {
            return array;
        }
        return chunk.toArray(ValueLayout.JAVA_BYTE);
    }

    /** The database every unqualified table name refers to. */
    String database();

    /** A short description for logs and health output, without credentials. */
    String describe();

    @Override
    void close();
}
