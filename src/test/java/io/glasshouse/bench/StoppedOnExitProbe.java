package io.glasshouse.bench;

/**
 * Run by {@link TestChildProcesses} in a JVM of its own: starts a long-lived child as the benchmarks
 * start the server, prints its pid, and waits to be killed.
 */
final class StoppedOnExitProbe {
    private StoppedOnExitProbe() {}

    public static void main(String[] args) throws Exception {
        Process child = ChildProcesses.stoppedOnExit(new ProcessBuilder("sleep", "600").start());
        System.out.println(child.pid());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
