package io.glasshouse.storage.clickhouse;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Native memory for rows waiting for their insert: allocated by the request that encodes them,
 * freed by the writer once the insert is done, with the C library's {@code malloc} and
 * {@code free}.
 *
 * <p>Why not the JDK's arenas: a confined arena can only be closed by the thread that opened it
 * (the request's, not the writer's), and closing a shared one makes every thread of the JVM stop
 * for a handshake — about 0.4 ms with the server's 150-odd threads, for each request. An automatic
 * arena frees only once a garbage collection has found it unreachable, so its memory would pile
 * up between collections outside the heap the JVM sizes them by.
 *
 * <p>It bends the {@link Arena} contract: memory is not zeroed, and the segments are not guarded
 * the way the JDK's are ({@link #scope()} is always alive): they stay accessible after
 * {@link #close}, and reading one then is a use after free. The only user,
 * {@link ClickHouseEventStore}, refuses to insert a batch it has released and releases only
 * when the writer is done with it. Not thread-safe: one thread allocates, and a later close by
 * another thread must be ordered after it (the writer's queue does that).
 */
final class MallocArena implements Arena {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("malloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    // What malloc guarantees on the 64-bit platforms the engine runs on.
    private static final long MALLOC_ALIGNMENT = 16;

    private final List<MemorySegment> blocks = new ArrayList<>();
    private boolean closed;

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (closed) {
            throw new IllegalStateException("arena is closed");
        }
        if (byteSize < 0 || byteAlignment <= 0 || byteAlignment > MALLOC_ALIGNMENT || Long.bitCount(byteAlignment) != 1) {
            throw new IllegalArgumentException("unsupported size " + byteSize + " or alignment " + byteAlignment);
        }
        MemorySegment address;
        try {
            address = (MemorySegment) MALLOC.invokeExact(Math.max(1, byteSize));
        } catch (Throwable e) {
            throw new IllegalStateException("malloc failed", e);
        }
        if (address.equals(MemorySegment.NULL)) {
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE,
                    "no memory left for " + byteSize + " bytes of rows waiting to be stored; retry later");
        }
        MemorySegment block = address.reinterpret(byteSize);
        blocks.add(block);
        return block;
    }

    @Override
    public MemorySegment.Scope scope() {
        return Arena.global().scope();
    }

    /** Frees every block; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (MemorySegment block : blocks) {
                FREE.invokeExact(block);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("free failed", e);
        } finally {
            blocks.clear();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
