package io.glasshouse;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Times the phases of start-up, so the ready line tells where the time went. */
final class StartupPhases {
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long phaseStart = System.nanoTime();

    /** Ends the running phase under {@code name} and starts the next. */
    void done(String name) {
        long now = System.nanoTime();
        millis.put(name, (now - phaseStart) / 1_000_000);
        phaseStart = now;
    }

    /** e.g. "jvm 410 ms, engine 800 ms, schema 120 ms" — jvm is launch to main(). */
    String describe() {
        StringJoiner joiner = new StringJoiner(", ");
        joiner.add("jvm " + jvmMillisBeforeMain() + " ms");
        millis.forEach((name, value) -> joiner.add(name + " " + value + " ms"));
        return joiner.toString();
    }

    long totalSinceLaunchMillis() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private static long jvmMillisBeforeMain() {
        return Main.MAIN_ENTERED_MILLIS - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
