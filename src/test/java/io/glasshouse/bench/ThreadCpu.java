package io.glasshouse.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of a process's threads by kind, from /proc/PID/task: JVM threads (HTTP, writer, GC,
 * JIT), gRPC's and the engine's native threads alike, so the split needs no profiler. Threads
 * are grouped by name without digits ("GC Thread#0" and "GC Thread#1" are "GC Thread#").
 */
final class ThreadCpu {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ

    private final Map<String, long[]> byThread; // tid -> {ticks}, name kept alongside
    private final Map<String, String> names;

    private ThreadCpu(Map<String, long[]> byThread, Map<String, String> names) {
        this.byThread = byThread;
        this.names = names;
    }

    static ThreadCpu of(long pid) {
        Map<String, long[]> ticks = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after "(comm) ": state is field 0, utime field 11, stime field 12
                    ticks.put(task.getFileName().toString(), new long[] {Long.parseLong(fields[11]) + Long.parseLong(fields[12])});
                    names.put(task.getFileName().toString(), stat.substring(open + 1, close));
                } catch (IOException | RuntimeException threadEnded) {
                    // the thread exited while being read
                }
            }
        } catch (IOException e) {
            // process gone: an empty snapshot
        }
        return new ThreadCpu(ticks, names);
    }

    /** CPU nanoseconds per thread kind since {@code earlier}, largest first. */
    Map<String, Long> since(ThreadCpu earlier) {
        Map<String, Long> byKind = new HashMap<>();
        byThread.forEach((tid, ticks) -> {
            long[] before = earlier.byThread.get(tid);
            long delta = ticks[0] - (before == null ? 0 : before[0]);
            if (delta > 0) {
                byKind.merge(kind(names.get(tid)), delta * NANOS_PER_TICK, Long::sum);
            }
        });
        Map<String, Long> sorted = new LinkedHashMap<>();
        byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static String kind(String name) {
        return name.replaceAll("[0-9]+", "").replaceAll("[-_#]+$", "").strip();
    }
}
