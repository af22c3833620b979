package io.glasshouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that tests start and that bind a moment later (a child JVM, an in-process
 * server, PostgreSQL).
 *
 * <p>Why not {@code new ServerSocket(0)}: the kernel hands that out from the ephemeral range,
 * the same range it draws the local ports of outgoing connections from. Between closing the probe
 * socket and the server binding (seconds for a JVM that loads chDB) any client connection on the
 * machine can take the port, and the server fails with "address already in use". CrashSafetyIT
 * hit this in CI: its clients reconnect hundreds of times while a killed server restarts. Ports
 * below the ephemeral range are never given to outgoing connections, so only another listener can
 * take them; a probe bind on the wildcard address and a per-JVM record of ports handed out cover
 * that.
 */
public final class FreePorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port nothing listens on now, outside the ephemeral range where the system tells it. */
    public static synchronized int pick() {
        int below = ephemeralRangeStart();
        if (below <= LOWEST + 1_000) {
            return kernelChosen(); // an unusual range: no room below it, take the kernel's choice
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port found in " + LOWEST + "–" + (below - 1));
    }

    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: on this machine's kernel readString returned one byte of
            // a /proc/sys file (it reports size 0 and answers short reads)
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unknown) {
            return 0; // not Linux, or not readable
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int kernelChosen() {
        for (int attempt = 0; attempt < 200; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("the kernel kept choosing ports already handed out");
    }
}
