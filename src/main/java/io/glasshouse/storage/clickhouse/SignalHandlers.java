package io.glasshouse.storage.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and restores the process's POSIX signal dispositions around native code that installs
 * its own handlers.
 *
 * <p>libchdb installs ClickHouse's handlers for SIGSEGV and friends when it loads and when it
 * boots the engine. HotSpot relies on SIGSEGV for implicit null checks and safepoint polls, so
 * with ClickHouse's handler in place the first NullPointerException thrown from JIT-compiled code
 * hangs the JVM (DESIGN.md §3). Restoring the JVM's own handlers right after the engine boots is
 * what works; disabling chDB's handlers instead crashes the JVM.
 */
final class SignalHandlers {
    // glibc x86_64/aarch64 struct sigaction is 152 bytes; 512 leaves room on every libc we know.
    private static final long SIGACTION_BYTES = 512;

    // Linux numbers (x86_64 and aarch64): HUP INT QUIT ILL TRAP BUS FPE SEGV USR2 PIPE TERM XFSZ.
    private static final int[] SIGNALS = {1, 2, 3, 4, 5, 7, 8, 11, 12, 13, 15, 25};

    private static final MethodHandle SIGACTION = Linker.nativeLinker()
            .downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("sigaction").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private SignalHandlers() {}

    /** Runs {@code action} and puts every handled signal's disposition back as it was before. */
    static <T> T preserving(NativeAction<T> action) {
        try (Arena arena = Arena.ofConfined()) {
            Map<Integer, MemorySegment> saved = new LinkedHashMap<>();
            for (int signal : SIGNALS) {
                MemorySegment old = arena.allocate(SIGACTION_BYTES, 16);
                call(signal, MemorySegment.NULL, old);
                saved.put(signal, old);
            }
            try {
                return action.run();
            } finally {
                saved.forEach((signal, old) -> call(signal, old, MemorySegment.NULL));
            }
        }
    }

    private static void call(int signal, MemorySegment newAction, MemorySegment oldAction) {
        int rc;
        try {
            rc = (int) SIGACTION.invokeExact(signal, newAction, oldAction);
        } catch (Throwable e) {
            throw new IllegalStateException("sigaction(" + signal + ") failed", e);
        }
        if (rc != 0) {
            throw new IllegalStateException("sigaction(" + signal + ") returned " + rc);
        }
    }

    @FunctionalInterface
    interface NativeAction<T> {
        T run();
    }
}
