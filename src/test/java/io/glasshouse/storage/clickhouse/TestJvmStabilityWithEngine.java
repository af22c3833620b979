package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression test for the signal-handler trap (DESIGN.md §3): with libchdb loaded and
 * connected, the JVM's own uses of signals must keep working while queries run. Without the
 * handler restore, the first NullPointerException from JIT-compiled code hangs the JVM, and an
 * attach (jcmd, which signals SIGQUIT) never answers. Every wait here is bounded so a regression
 * fails instead of hanging the build.
 */
class TestJvmStabilityWithEngine {
    private static EmbeddedClickHouse clickHouse;
    private static ExecutorService queryThreads;
    private static final AtomicBoolean RUNNING = new AtomicBoolean(true);
    private static final List<Future<Long>> QUERIES = new ArrayList<>();

    @BeforeAll
    static void startBackgroundQueries() {
        clickHouse = TestingClickHouse.newDatabase("stability");
        queryThreads = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++) {
            QUERIES.add(queryThreads.submit(() -> {
                long runs = 0;
                while (RUNNING.get()) {
                    clickHouse.query(Sql.plain("SELECT sum(number) AS s FROM numbers(200000)"));
                    runs++;
                }
                return runs;
            }));
        }
    }

    @AfterAll
    static void stopBackgroundQueries() throws Exception {
        RUNNING.set(false);
        for (Future<Long> query : QUERIES) {
            assertThat(query.get(60, TimeUnit.SECONDS)).as("background queries ran").isPositive();
        }
        queryThreads.shutdown();
        clickHouse.close();
    }

    @Test
    void nullPointerExceptionsFromCompiledCodeAreThrownAndCaught() throws Exception {
        // Run in a separate thread so a hang shows up as a timeout, not a stuck build.
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> caught = single.submit(TestJvmStabilityWithEngine::throwManyNullPointerExceptions);
            assertThat(caught.get(120, TimeUnit.SECONDS)).isEqualTo(300_000);
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void fullGarbageCollectionsCompleteWhileQueriesRun() throws Exception {
        var gcBeans = ManagementFactory.getGarbageCollectorMXBeans();
        long before = gcBeans.stream().mapToLong(b -> b.getCollectionCount()).sum();
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            single.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    List<byte[]> garbage = new ArrayList<>();
                    for (int j = 0; j < 200; j++) {
                        garbage.add(new byte[64 * 1024]);
                    }
                    assertThat(garbage).hasSize(200);
                    System.gc();
                }
            }).get(120, TimeUnit.SECONDS);
        } finally {
            single.shutdownNow();
        }
        long after = gcBeans.stream().mapToLong(b -> b.getCollectionCount()).sum();
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void threadDumpThroughAttachAnswers() throws Exception {
        // jcmd attaches by signalling SIGQUIT to this JVM: it only answers when the JVM's
        // SIGQUIT handler survived loading the engine.
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(ProcessHandle.current().pid()), "Thread.print")
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = readAll(process);
        assertThat(finished).as("jcmd finished; output: %s", output).isTrue();
        assertThat(process.exitValue()).as("jcmd exit code; output: %s", output).isZero();
        assertThat(output).contains("Full thread dump").contains("threadDumpThroughAttachAnswers");
    }

    @Test
    void inProcessThreadDumpListsEveryThread() {
        var threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        assertThat(threads).extracting(info -> info.getThreadName()).contains("main");
    }

    private static int throwManyNullPointerExceptions() {
        int caught = 0;
        Object[] holders = {new Object(), null};
        for (int i = 0; i < 300_000; i++) {
            try {
                caught += dereference(holders[1]);
            } catch (NullPointerException e) {
                caught++;
            }
        }
        return caught;
    }

    // Small enough to be JIT-compiled with an implicit null check, which is what SIGSEGV serves.
    private static int dereference(Object value) {
        return value.hashCode() == Integer.MIN_VALUE ? 1 : 0;
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
