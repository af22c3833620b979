package io.glasshouse.bench;

import io.glasshouse.storage.clickhouse.LibchdbLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the numbers were measured on. */
record Machine(int cores, String cpuModel, long memoryBytes, String kernel, String jdk, String engine, String loadAverage) {
    static Machine describe() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                firstValue(Path.of("/proc/cpuinfo"), "model name"),
                memTotalKib() * 1024,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                "chDB " + LibchdbLocator.pinned().packageVersion(),
                loadAverageNow());
    }

    String summary() {
        return String.format("%d cores (%s), %.0f GiB RAM, %s, %s, %s", cores, cpuModel, memoryBytes / (double) (1L << 30),
                kernel, jdk, engine);
    }

    static String loadAverageNow() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memTotalKib() {
        String value = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return Long.parseLong(value.replace("kB", "").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
