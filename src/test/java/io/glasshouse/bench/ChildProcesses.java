package io.glasshouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stopping and reading the log of a process the benchmark started (the server, Phoenix). */
final class ChildProcesses {
    private ChildProcesses() {}

    /** SIGTERM, as an operator stops it; returns the exit code, or throws if it outlives the timeout. */
    static int stop(Process process, Duration timeout, String what) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException(what + " did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** The last lines of a log file, for error messages. */
    static String tail(Path log, int lines, String what) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + what + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Stops {@code process} (as {@link #close}) when this JVM exits first: on Ctrl-C or a kill of
     * the benchmark, try-with-resources never runs, and a server left behind would keep using the
     * cores (and skew whatever is measured next) and writing to its temporary data directory.
     * Harmless when the process was stopped already.
     */
    static Process stoppedOnExit(Process process) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("stop-child-" + process.pid())
                .unstarted(() -> close(process)));
        return process;
    }

    /** Best-effort stop for cleanup: SIGTERM, SIGKILL after 30 s. */
    static void close(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
