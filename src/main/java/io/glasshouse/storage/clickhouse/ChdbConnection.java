package io.glasshouse.storage.clickhouse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One chDB connection. It runs one statement at a time, so callers borrow it from
 * {@link EmbeddedClickHouse}'s pool and never share it between threads concurrently.
 */
final class ChdbConnection implements AutoCloseable {
    private final ChdbLibrary library;
    // The exact chdb_connection* that chdb_connect returned. chdb_close_conn must get this very
    // pointer back: passing another pointer holding the same handle crashed (DESIGN.md §2).
    private final MemorySegment handlePointer;
    private final MemorySegment connection;
    private boolean closed;

    ChdbConnection(ChdbLibrary library, MemorySegment handlePointer) {
        this.library = library;
        this.handlePointer = handlePointer.reinterpret(ADDRESS.byteSize());
        this.connection = this.handlePointer.get(ADDRESS, 0);
    }

    /** Runs one statement and returns its output in {@code format}; values bind server-side. */
    byte[] query(String sql, String format, Map<String, String> parameters) {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            NativeText query = NativeText.of(arena, sql);
            NativeText fmt = NativeText.of(arena, format);
            NativeParameters params = NativeParameters.of(arena, parameters);
            MemorySegment result = (MemorySegment) library.queryWithParams.invokeExact(
                    connection, query.address(), query.length(), fmt.address(), fmt.length(), params.names(),
                    params.nameLengths(), params.values(), params.valueLengths(), params.count());
            return consume(result, sql);
        } catch (ClickHouseException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_query_with_params_n failed", e);
        }
    }

    /**
     * Streams {@code chunks} into {@code insertSql} (an INSERT without FORMAT or data), encoded
     * in {@code format}. Returns once the engine has committed the rows.
     */
    void insert(String insertSql, Map<String, String> parameters, String format, List<MemorySegment> chunks) {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            NativeText query = NativeText.of(arena, insertSql);
            NativeText fmt = NativeText.of(arena, format);
            NativeParameters params = NativeParameters.of(arena, parameters);
            MemorySegment stream = (MemorySegment) library.streamInsert.invokeExact(
                    connection, query.address(), query.length(), fmt.address(), fmt.length(), params.names(),
                    params.nameLengths(), params.values(), params.valueLengths(), params.count());
            try {
                throwIfFailed(ChdbLibrary.cString((MemorySegment) library.streamInsertError.invokeExact(stream)), insertSql);
                for (MemorySegment chunk : chunks) {
                    // Native chunks go to the engine as they are; chunks on the heap are copied out first.
                    try (Arena chunkArena = Arena.ofConfined()) {
                        MemorySegment data = chunk.isNative() ? chunk
                                : chunkArena.allocate(Math.max(1, chunk.byteSize())).copyFrom(chunk);
                        int state = (int) library.streamAppend.invokeExact(stream, data, chunk.byteSize());
                        if (state != 0) {
                            String error = ChdbLibrary.cString((MemorySegment) library.streamInsertError.invokeExact(stream));
                            throwIfFailed(error == null ? "chdb_stream_append failed" : error, insertSql);
                        }
                    }
                }
                consume((MemorySegment) library.streamDone.invokeExact(stream), insertSql);
            } finally {
                library.destroyInsertStream.invokeExact(stream);
            }
        } catch (ClickHouseException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("chDB streaming insert failed", e);
        }
    }

    private byte[] consume(MemorySegment result, String sql) throws Throwable {
        if (result.equals(MemorySegment.NULL)) {
            throw new ClickHouseException(0, "chDB returned no result", sql);
        }
        try {
            throwIfFailed(ChdbLibrary.cString((MemorySegment) library.resultError.invokeExact(result)), sql);
            long length = (long) library.resultLength.invokeExact(result);
            if (length == 0) {
                return new byte[0];
            }
            MemorySegment buffer = (MemorySegment) library.resultBuffer.invokeExact(result);
            return buffer.reinterpret(length).toArray(JAVA_BYTE);
        } finally {
            library.destroyResult.invokeExact(result);
        }
    }

    private static void throwIfFailed(String error, String sql) {
        if (error != null && !error.isEmpty()) {
            throw ClickHouseException.fromEngineMessage(error, sql);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("chDB connection is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            library.closeConnection.invokeExact(handlePointer);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_close_conn failed", e);
        }
    }

    /** A UTF-8 buffer with explicit length; chDB's *_n functions need no terminating NUL. */
    private record NativeText(MemorySegment address, long length) {
        static NativeText of(Arena arena, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment segment = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
            return new NativeText(segment, bytes.length);
        }
    }

    /** Parallel arrays of names, values and their byte lengths, as chDB's binding API takes them. */
    private record NativeParameters(
            MemorySegment names, MemorySegment nameLengths, MemorySegment values, MemorySegment valueLengths, long count) {
        static NativeParameters of(Arena arena, Map<String, String> parameters) {
            if (parameters.isEmpty()) {
                return new NativeParameters(
                        MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, 0);
            }
            int count = parameters.size();
            MemorySegment names = arena.allocate(ADDRESS, count);
            MemorySegment nameLengths = arena.allocate(JAVA_LONG, count);
            MemorySegment values = arena.allocate(ADDRESS, count);
            MemorySegment valueLengths = arena.allocate(JAVA_LONG, count);
            int i = 0;
            for (Map.Entry<String, String> entry : parameters.entrySet()) {
                NativeText name = NativeText.of(arena, entry.getKey());
                NativeText value = NativeText.of(arena, entry.getValue());
                names.setAtIndex(ADDRESS, i, name.address());
                nameLengths.setAtIndex(JAVA_LONG, i, name.length());
                values.setAtIndex(ADDRESS, i, value.address());
                valueLengths.setAtIndex(JAVA_LONG, i, value.length());
                i++;
            }
            return new NativeParameters(names, nameLengths, values, valueLengths, count);
        }
    }
}
