package io.glasshouse.storage.clickhouse;

import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Finds the libchdb this build was made for. The build fetches the pinned package (name,
 * version and sha512 integrity in libchdb.properties) into a per-user cache outside the
 * repository; an operator may point elsewhere with {@code --libchdb} / {@code GLASSHOUSE_LIBCHDB}.
 */
public final class LibchdbLocator {
    static final String HOW_TO_FIX = "Fix: run ./glasshouse (or mvn generate-resources), which downloads the pinned "
            + "libchdb into the per-user cache, or pass --libchdb / set GLASSHOUSE_LIBCHDB to a libchdb.so of the "
            + "required version.";

    /** A library file and the chDB version it must report. */
    public record Library(Path path, String engineVersion) {}

    private final Properties pinned;

    private LibchdbLocator(Properties pinned) {
        this.pinned = pinned;
    }

    public static LibchdbLocator pinned() {
        Properties properties = new Properties();
        try (InputStream in = LibchdbLocator.class.getResourceAsStream("libchdb.properties")) {
            if (in == null) {
                throw new IllegalStateException("libchdb.properties is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LibchdbLocator(properties);
    }

    public String packageVersion() {
        return pinned.getProperty("package.version");
    }

    public String engineVersion() {
        return pinned.getProperty("engine.version");
    }

    /** The explicit path when given, else the build's cache location for this platform. */
    public Library locate(Path explicit, Map<String, String> environment) {
        if (explicit != null) {
            return new Library(explicit, engineVersion());
        }
        Path cached = cacheDirectory(environment).resolve(packageVersion()).resolve("libchdb.so");
        if (!Files.isRegularFile(cached)) {
            throw GlasshouseException.configuration("libchdb " + packageVersion() + " is not in " + cached.getParent()
                    + ". " + HOW_TO_FIX);
        }
        return new Library(cached, engineVersion());
    }

    /** ${XDG_CACHE_HOME:-$HOME/.cache}/glasshouse/libchdb, the same rule scripts/fetch-libchdb uses. */
    static Path cacheDirectory(Map<String, String> environment) {
        String override = environment.get("GLASSHOUSE_CACHE_DIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override).resolve("libchdb");
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("glasshouse").resolve("libchdb");
    }
}
