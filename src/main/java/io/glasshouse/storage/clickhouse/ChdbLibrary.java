package io.glasshouse.storage.clickhouse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.glasshouse.error.GlasshouseException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Method handles for the part of libchdb's C API (chdb.h, 26.7) that Glasshouse uses. Loading
 * happens with the JVM's signal handlers preserved (see {@link SignalHandlers}).
 */
final class ChdbLibrary {
    final MethodHandle version; // const char* chdb_version(void)
    final MethodHandle connect; // chdb_connection* chdb_connect(int argc, char** argv)
    final MethodHandle closeConnection; // void chdb_close_conn(chdb_connection*)
    final MethodHandle queryWithParams; // chdb_result* chdb_query_with_params_n(...)
    final MethodHandle resultBuffer; // char* chdb_result_buffer(chdb_result*)
    final MethodHandle resultLength; // size_t chdb_result_length(chdb_result*)
    final MethodHandle resultError; // const char* chdb_result_error(chdb_result*)
    final MethodHandle resultRowsRead; // uint64_t chdb_result_rows_read(chdb_result*)
    final MethodHandle destroyResult; // void chdb_destroy_query_result(chdb_result*)
    final MethodHandle streamInsert; // chdb_insert_stream chdb_stream_insert_with_params_n(...)
    final MethodHandle streamAppend; // chdb_state chdb_stream_append(stream, const void*, size_t)
    final MethodHandle streamDone; // chdb_result* chdb_stream_done(stream)
    final MethodHandle streamInsertError; // const char* chdb_stream_insert_error(stream)
    final MethodHandle destroyInsertStream; // void chdb_destroy_insert_stream(stream)

    private ChdbLibrary(SymbolLookup symbols) {
        Linker linker = Linker.nativeLinker();
        var binder = new Binder(linker, symbols);
        version = binder.bind("chdb_version", FunctionDescriptor.of(ADDRESS));
        connect = binder.bind("chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        closeConnection = binder.bind("chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
        queryWithParams = binder.bind(
                "chdb_query_with_params_n",
                FunctionDescriptor.of(
                        ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                        JAVA_LONG));
        resultBuffer = binder.bind("chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = binder.bind("chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = binder.bind("chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultRowsRead = binder.bind("chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        destroyResult = binder.bind("chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
        streamInsert = binder.bind(
                "chdb_stream_insert_with_params_n",
                FunctionDescriptor.of(
                        ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                        JAVA_LONG));
        streamAppend = binder.bind("chdb_stream_append", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        streamDone = binder.bind("chdb_stream_done", FunctionDescriptor.of(ADDRESS, ADDRESS));
        streamInsertError = binder.bind("chdb_stream_insert_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyInsertStream = binder.bind("chdb_destroy_insert_stream", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /**
     * Loads libchdb from {@code path}. The library's static initialisers may install signal
     * handlers, so loading runs under {@link SignalHandlers#preserving}.
     */
    static ChdbLibrary load(Path path, String expectedVersion) {
        if (!Files.isRegularFile(path)) {
            throw GlasshouseException.configuration("libchdb not found at " + path + ". " + LibchdbLocator.HOW_TO_FIX);
        }
        requireElfFile(path);
        SymbolLookup symbols;
        try {
            symbols = SignalHandlers.preserving(() -> SymbolLookup.libraryLookup(path, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw GlasshouseException.configuration(
                    "cannot load " + path + " as a shared library (" + e.getMessage() + "). " + LibchdbLocator.HOW_TO_FIX);
        }
        if (symbols.find("chdb_query_with_params_n").isEmpty() || symbols.find("chdb_version").isEmpty()) {
            throw GlasshouseException.configuration(
                    path + " is not libchdb " + expectedVersion + " (chdb_query_with_params_n is missing). "
                            + LibchdbLocator.HOW_TO_FIX);
        }
        ChdbLibrary library = new ChdbLibrary(symbols);
        String actual = library.version();
        if (!actual.equals(expectedVersion)) {
            throw GlasshouseException.configuration(
                    path + " is libchdb " + actual + " but this Glasshouse build needs " + expectedVersion + ". "
                            + LibchdbLocator.HOW_TO_FIX);
        }
        return library;
    }

    // dlopen of a file that is not ELF fails anyway, but HotSpot first prints a misleading
    // stack-guard warning; checking the magic number ourselves keeps the message to one line.
    private static void requireElfFile(Path path) {
        byte[] magic = new byte[4];
        try (var in = Files.newInputStream(path)) {
            if (in.readNBytes(magic, 0, 4) == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F') {
                return;
            }
        } catch (java.io.IOException e) {
            throw GlasshouseException.configuration("cannot read " + path + ": " + e.getMessage() + ". " + LibchdbLocator.HOW_TO_FIX);
        }
        throw GlasshouseException.configuration(
                "cannot load " + path + ": it is not a shared library (no ELF header). " + LibchdbLocator.HOW_TO_FIX);
    }

    String version() {
        try {
            MemorySegment text = (MemorySegment) version.invokeExact();
            return cString(text);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_version failed", e);
        }
    }

    /** Reads a NUL-terminated C string, or returns null for a NULL pointer. */
    static String cString(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return null;
        }
        return pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private record Binder(Linker linker, SymbolLookup symbols) {
        MethodHandle bind(String name, FunctionDescriptor descriptor) {
            MemorySegment symbol = symbols.find(name)
                    .orElseThrow(() -> GlasshouseException.configuration(
                            "libchdb lacks the function " + name + ". " + LibchdbLocator.HOW_TO_FIX));
            return linker.downcallHandle(symbol, descriptor);
        }
    }
}
