package io.glasshouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time used during a phase by the server process, by this load generator, and by the whole
 * machine — the last shows how much other work shared the cores (the figures are only comparable
 * between runs when that share is small). Linux only: reads /proc.
 */
final class Cpu {
    // /proc/stat counts in USER_HZ, which the kernel ABI fixes at 100 per second.
    private static final long NANOS_PER_TICK = 10_000_000L;

    private volatile long serverPid = -1;

    void watchServer(long pid) {
        this.serverPid = pid;
    }

    record Mark(long nanos, long server, long self, long machineBusy) {}

    /**
     * CPU used in a window, all in nanoseconds of CPU time. {@code others} is the machine's busy
     * time minus the server and this process: other users of the same cores.
     */
    record Usage(long wallNanos, long server, long self, long machineBusy) {
        long others() {
            return Math.max(0, machineBusy - server - self);
        }

        /** CPU time as a share of one core over the window, in percent. */
        double percentOfCore(long cpuNanos) {
            return wallNanos == 0 ? 0 : 100.0 * cpuNanos / wallNanos;
        }
    }

    Mark mark() {
        return new Mark(System.nanoTime(), serverPid < 0 ? 0 : processCpu(serverPid), processCpu(ProcessHandle.current().pid()),
                machineBusy());
    }

    Usage since(Mark start) {
        Mark end = mark();
        return new Usage(end.nanos - start.nanos, end.server - start.server, end.self - start.self,
                end.machineBusy - start.machineBusy);
    }

    static long processCpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    /** Busy time of all cores since boot: everything but idle and iowait. */
    static long machineBusy() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
