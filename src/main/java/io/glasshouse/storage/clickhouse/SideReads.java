package io.glasshouse.storage.clickhouse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Independent statements of one read, run at once: the engine answers small look-ups (a trace's
 * observations, a page's rows) faster side by side than one after another (trace detail p50 49 ms
 * at once against 82 ms in sequence on bench/query's 10M observations, quiet 2-core machine).
 * Platform threads: a virtual thread blocked in a chDB native call pins its carrier, and there are
 * as few carriers as cores. Daemon and cached, so idle threads end by themselves.
 */
final class SideReads {
    private static final ExecutorService THREADS =
            Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("side-read-", 0).factory());

    private SideReads() {}

    static <T> CompletableFuture<T> start(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, THREADS);
    }

    /** The read's result; its own exception (a GlasshouseException keeps its code), not the wrapper. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Cancels reads whose results are no longer wanted (the main read failed). */
    static void cancel(CompletableFuture<?>... futures) {
        for (CompletableFuture<?> future : futures) {
            future.cancel(false);
        }
    }
}
