package io.glasshouse.storage.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an HTTP endpoint that, when armed, closes the connection the next
 * request arrives on instead of forwarding it: what a client sees when the server dropped a
 * pooled keep-alive connection.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final URI upstream;
    private final AtomicBoolean dropNextRequest = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private DroppingProxy(ServerSocket listener, URI upstream) {
        this.listener = listener;
        this.upstream = upstream;
    }

    static DroppingProxy start(URI upstream) throws IOException {
        DroppingProxy proxy = new DroppingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstream);
        Thread.ofVirtual().start(proxy::accept);
        return proxy;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    void dropNextRequest() {
        dropNextRequest.set(true);
    }

    /** Client connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                Socket server = new Socket(upstream.getHost(), upstream.getPort());
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, true));
                Thread.ofVirtual().start(() -> pump(server, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (request && dropNextRequest.getAndSet(false)) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other direction closed the pair
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(this::closeQuietly);
    }
}
