package io.glasshouse;

import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that fail start-up BEFORE anything is created, so a bad configuration ends with one
 * clear line and leaves the machine as it was.
 */
final class Preflight {
    private Preflight() {}

    static void requireUsableDataDir(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw GlasshouseException.configuration("data dir " + absolute + " exists but is not a directory");
            }
            requireWritable(absolute, absolute);
            return;
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            throw GlasshouseException.configuration("cannot create data dir " + absolute + ": "
                    + (ancestor == null ? "no existing parent" : ancestor + " is not a directory"));
        }
        requireWritable(ancestor, absolute);
    }

    // Files.isWritable answers from permission bits, which root ignores and read-only mounts
    // do not show; creating and removing a probe file asks the file system itself.
    private static void requireWritable(Path directory, Path dataDir) {
        try {
            Path probe = Files.createTempFile(directory, ".glasshouse-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw GlasshouseException.configuration("data dir " + dataDir + " is not writable (" + reason(e)
                    + "); choose another with --data-dir or GLASSHOUSE_DATA_DIR");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return "the file system refused to create a file there";
    }

    static void requireFreePort(String host, int port, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw GlasshouseException.configuration("port " + port + " on " + host + " is in use (" + e.getMessage()
                    + "); stop the other server or choose another with " + option);
        }
    }
}
