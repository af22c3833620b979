package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/gRPC endpoint (port 4317 by convention): a Netty gRPC server for
 * {@link OtlpGrpcTraceService}. Requests may be gzip-compressed; the size limit applies to the
 * decompressed message too, so a gzip bomb is refused with RESOURCE_EXHAUSTED. Calls run on
 * virtual threads, never on Netty's event loops: a call maps its spans (milliseconds of CPU for a
 * large export) and may wait for a key or row lookup. No thread waits for the commit: the answer
 * is sent from its completion, also on a virtual thread ({@link ExportCall}).
 */
public final class OtlpGrpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcServer.class);

    /**
     * @param host the address to listen on; null for all interfaces
     * @param port 0 picks a free port (see {@link #port()})
     * @param maxInboundMessageBytes the largest request accepted, after decompression
     * @param shutdownGrace how long {@link #close()} lets running calls finish
     */
    public record Settings(String host, int port, int maxInboundMessageBytes, Duration shutdownGrace) {
        public static final int DEFAULT_PORT = 4317;
        public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 5 * 1024 * 1024;
        public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

        public Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535");
            }
            if (maxInboundMessageBytes < 1) {
                throw new IllegalArgumentException("maxInboundMessageBytes must be positive");
            }
            requireNonNull(shutdownGrace, "shutdownGrace is null");
        }

        public static Settings defaults() {
            return new Settings(null, DEFAULT_PORT, DEFAULT_MAX_INBOUND_MESSAGE_BYTES, DEFAULT_SHUTDOWN_GRACE);
        }

        public Settings withPort(int newPort) {
            return new Settings(host, newPort, maxInboundMessageBytes, shutdownGrace);
        }

        public Settings withMaxInboundMessageBytes(int bytes) {
            return new Settings(host, port, bytes, shutdownGrace);
        }
    }

    private final Settings settings;
    private final ExecutorService executor;
    private final Server server;

    public OtlpGrpcServer(Settings settings, OtlpGrpcTraceService service) {
        this(settings, service, Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("otlp-grpc-", 0).factory()));
    }

    /** With the executor calls run on (and answers are sent from); tests hold calls back with it. */
    OtlpGrpcServer(Settings settings, OtlpGrpcTraceService service, ExecutorService executor) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(service, "service is null");
        this.executor = requireNonNull(executor, "executor is null");
        InetSocketAddress address = settings.host() == null
                ? new InetSocketAddress(settings.port())
                : new InetSocketAddress(settings.host(), settings.port());
        this.server = NettyServerBuilder.forAddress(address)
                .addService(service.serviceDefinition(executor))
                .addStreamTracerFactory(service.announcer())
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                // The defaults, stated: gzip and identity both ways.
                .decompressorRegistry(DecompressorRegistry.getDefaultInstance())
                .compressorRegistry(CompressorRegistry.getDefaultInstance())
                .executor(executor)
                .build();
    }

    /** Binds the port and starts serving. */
    public OtlpGrpcServer start() {
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw GlasshouseException.configuration("cannot listen for OTLP/gRPC on "
                    + (settings.host() == null ? "*" : settings.host()) + ":" + settings.port() + " (" + e.getMessage()
                    + "); free the port or configure another one", e);
        }
        LOG.info("OTLP/gRPC listening on port {}", server.getPort());
        return this;
    }

    /** The port bound, useful when the settings asked for 0. */
    public int port() {
        return server.getPort();
    }

    /** Stops accepting calls, lets running ones finish within the grace period, then cancels the rest. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("OTLP/gRPC calls still running after {}; cancelling them", settings.shutdownGrace());
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdown();
        }
    }
}
