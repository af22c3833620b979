package io.glasshouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options ./glasshouse starts the server with (the repository's {@code jvm.options}), so
 * the benchmarks measure the server as users run it. The file is a java argument file: options
 * separated by white space, {@code #} starting a comment line.
 */
final class ServerJvmOptions {
    /** Where ./glasshouse keeps them; the bench scripts run from the repository root. */
    static final Path FILE = Path.of("jvm.options");

    private ServerJvmOptions() {}

    /** The file's options, or none when the file is not there (a jar run from elsewhere). */
    static List<String> ofRepository() {
        return Files.isRegularFile(FILE) ? read(FILE) : List.of();
    }

    static List<String> read(Path file) {
        try {
            List<String> options = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                options.addAll(List.of(text.split("\\s+")));
            }
            return List.copyOf(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
