package io.glasshouse.storage.clickhouse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded ClickHouse engine of this process. libchdb allows one engine per process and data
 * path; this class owns it. It holds one "anchor" connection for its whole life because closing
 * the last connection shuts the engine down, and closes that anchor last, with the exact handle
 * chdb_connect returned, so the process exits cleanly (DESIGN.md §2).
 */
public final class ChdbEngine implements AutoCloseable {
    private static ChdbEngine running;

    // Engine configuration that connect arguments cannot carry (they are settings, not config),
    // rewritten at every start so it always matches this build. merge_tree.index_granularity_bytes:
    // 1 MiB granules instead of 10 MiB for every MergeTree table without its own value, so a trace
    // detail decompresses about a tenth of the wide input/output text to find a trace's few rows
    // (docs/query-performance-plan.md, "2. Trace detail"). The table setting itself cannot be
    // changed by ALTER (READONLY_SETTING, measured on chDB 26.7); the server-wide default applies to
    // existing tables too, to every part written or merged from now on.
    // merge_tree.string_serialization_version: a String column's values and lengths in one stream,
    // as before ClickHouse 25.11, instead of two. The second stream only speeds up length() and
    // empty(), which no statement of ours uses, and it is another file to open per column and part:
    // on the 10M bench data, observations 10% smaller on disk and 3-9% less engine CPU per list
    // and search request; the trace detail unchanged within its noise (docs/query-performance-plan.md,
    // "Session 8: one stream per string"). Like the granule size it applies to every part written
    // or merged from now on.
    static final String CONFIG_FILE = "glasshouse-engine.xml";
    private static final String CONFIG = """
            <clickhouse>
                <merge_tree>
                    <index_granularity_bytes>1048576</index_granularity_bytes>
                    <string_serialization_version>single_stream</string_serialization_version>
                </merge_tree>
            </clickhouse>
            """;

    private final ChdbLibrary library;
    private final Path dataPath;
    private final List<String> arguments;
    private final ChdbConnection anchor;
    private boolean closed;

    private ChdbEngine(ChdbLibrary library, Path dataPath, List<String> arguments) {
        this.library = library;
        this.dataPath = dataPath;
        this.arguments = List.copyOf(arguments);
        this.anchor = connect();
    }

    /**
     * Loads libchdb and checks it is the version this build needs, without booting the engine or
     * touching the disk, so start-up can fail early and cleanly. Loading again later is cheap.
     */
    public static void verify(LibchdbLocator.Library library) {
        ChdbLibrary.load(library.path(), library.engineVersion());
    }

    /**
     * Loads libchdb and boots the engine on {@code dataPath}.
     *
     * @param settings engine and query-level settings passed as {@code --name=value} connect
     *     arguments, e.g. {@code max_server_memory_usage}
     */
    public static synchronized ChdbEngine start(LibchdbLocator.Library library, Path dataPath, List<String> settings) {
        requireNonNull(dataPath, "dataPath is null");
        if (running != null) {
            throw new IllegalStateException("a chDB engine already runs in this process on " + running.dataPath);
        }
        ChdbLibrary loaded = ChdbLibrary.load(library.path(), library.engineVersion());
        // Created only once the library proved usable: a bad --libchdb leaves no trace on disk.
        try {
            Files.createDirectories(dataPath);
        } catch (IOException e) {
            throw GlasshouseException.configuration("cannot create " + dataPath + ": " + e.getMessage());
        }
        Path config = dataPath.resolve(CONFIG_FILE);
        try {
            Files.writeString(config, CONFIG);
        } catch (IOException e) {
            throw GlasshouseException.configuration("cannot write " + config + ": " + e.getMessage());
        }
        List<String> arguments = new ArrayList<>();
        arguments.add("clickhouse");
        arguments.add("--path=" + dataPath.toAbsolutePath());
        arguments.add("--config-file=" + config.toAbsolutePath());
        // Both transports must produce the same JSON: 64-bit integers as numbers, not strings.
        arguments.add("--output_format_json_quote_64bit_integers=0");
        // Serial output formatting. With the default (1) every statement, even SELECT 1, hands its
        // output to two more pool threads (a collector and a formatter) and back: measured on
        // 26.7, 136 system calls per statement instead of 56 (63 futex wake-ups/waits instead of
        // 15) and about 0.1 ms of CPU. Our results are small (a page, a trace), so splitting
        // their formatting gains nothing; the bytes are the same (docs/query-performance-plan.md,
        // "Session 5").
        arguments.add("--output_format_parallel_formatting=0");
        settings.forEach(setting -> arguments.add("--" + setting));
        running = new ChdbEngine(loaded, dataPath, arguments);
        return running;
    }

    public Path dataPath() {
        return dataPath;
    }

    public String version() {
        return library.version();
    }

    /**
     * Opens another connection to the running engine. chdb_connect may reinstall ClickHouse's
     * signal handlers, so every connect runs with the JVM's handlers preserved.
     */
    synchronized ChdbConnection connect() {
        if (closed) {
            throw new IllegalStateException("chDB engine is closed");
        }
        MemorySegment handle = SignalHandlers.preserving(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment argv = arena.allocate(ADDRESS, arguments.size());
                for (int i = 0; i < arguments.size(); i++) {
                    argv.setAtIndex(ADDRESS, i, arena.allocateFrom(arguments.get(i)));
                }
                return (MemorySegment) library.connect.invokeExact(arguments.size(), argv);
            } catch (Throwable e) {
                throw new IllegalStateException("chdb_connect failed", e);
            }
        });
        if (handle.equals(MemorySegment.NULL) || handle.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0).equals(MemorySegment.NULL)) {
            throw GlasshouseException.configuration("the embedded ClickHouse engine could not open " + dataPath
                    + " (is another Glasshouse process using this data dir, or is it not writable?)");
        }
        return new ChdbConnection(library, handle);
    }

    /** Shuts the engine down. Close every other connection first: this one must be the last. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        anchor.close();
        synchronized (ChdbEngine.class) {
            running = null;
        }
    }
}
