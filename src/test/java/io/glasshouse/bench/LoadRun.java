package io.glasshouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.bench.Workload.Protocol;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a workload with N concurrent senders, each taking the next request as soon as its last
 * one was acknowledged. Only acknowledged spans count: a 200 without rejected spans (OTLP), a 207
 * without errors (batch). 429 and 503 (RESOURCE_EXHAUSTED, UNAVAILABLE on gRPC) are retried after
 * the server's Retry-After, as exporters do; anything else is a failure and ends the benchmark
 * with a non-zero exit once reported.
 */
final class LoadRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_ATTEMPTS = 100;

    /**
     * @param startNanos the first send; {@code lastAckNanos} the last acknowledgement (System.nanoTime)
     * @param latencyNanos per acknowledged request, send to acknowledgement including retries
     */
    record Result(Protocol protocol, int senders, long spans, long traces, long bytes, int requests, long startNanos,
            long lastAckNanos, long retries, int failures, String firstFailure, long[] latencyNanos) {
        long wallNanos() {
            return lastAckNanos - startNanos;
        }

        double spansPerSecond() {
            return spans / (wallNanos() / 1e9);
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / (wallNanos() / 1e9);
        }

        double latencyMillis(double quantile) {
            if (latencyNanos.length == 0) {
                return 0;
            }
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
        }
    }

    private LoadRun() {}

    static String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (ServerProcess.PUBLIC_KEY + ":" + ServerProcess.SECRET_KEY).getBytes(StandardCharsets.UTF_8));
    }

    static Result run(Workload workload, ServerProcess server, int senders) throws InterruptedException {
        try (Transport transport = Transport.of(workload, server, senders)) {
            AtomicInteger next = new AtomicInteger();
            AtomicLong spans = new AtomicLong();
            AtomicLong traces = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            AtomicLong retries = new AtomicLong();
            AtomicLong lastAck = new AtomicLong();
            AtomicInteger failures = new AtomicInteger();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            long[] latencies = new long[workload.requests()];
            Arrays.fill(latencies, -1);
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                threads.add(Thread.ofPlatform().name("sender-" + s).start(() -> {
                    int index;
                    while ((index = next.getAndIncrement()) < workload.requests()) {
                        long sent = System.nanoTime();
                        Outcome outcome = send(transport, workload, sender, index, retries);
                        long acked = System.nanoTime();
                        if (outcome.failure() != null) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, outcome.failure());
                            continue;
                        }
                        latencies[index] = acked - sent;
                        spans.addAndGet(workload.spans[index]);
                        traces.addAndGet(workload.traces[index]);
                        bytes.addAndGet(workload.bytes[index]);
                        lastAck.accumulateAndGet(acked, Math::max);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long[] acknowledged = Arrays.stream(latencies).filter(l -> l >= 0).toArray();
            return new Result(workload.protocol, senders, spans.get(), traces.get(), bytes.get(), workload.requests(), start,
                    lastAck.get() == 0 ? System.nanoTime() : lastAck.get(), retries.get(), failures.get(),
                    firstFailure.get(), acknowledged);
        }
    }

    private record Outcome(String failure, long retryAfterMillis) {
        static final Outcome ACKED = new Outcome(null, -1);

        static Outcome retry(long millis) {
            return new Outcome(null, millis);
        }

        static Outcome failed(String why) {
            return new Outcome(why, -1);
        }
    }

    private static Outcome send(Transport transport, Workload workload, int sender, int index, AtomicLong retries) {
        for (int attempt = 1; ; attempt++) {
            Outcome outcome;
            try {
                outcome = transport.send(workload, sender, index);
            } catch (IOException | RuntimeException e) {
                outcome = Outcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed("interrupted");
            }
            if (outcome.retryAfterMillis() < 0) {
                return outcome;
            }
            if (attempt == MAX_ATTEMPTS) {
                return Outcome.failed("still refused after " + MAX_ATTEMPTS + " attempts");
            }
            retries.incrementAndGet();
            try {
                Thread.sleep(outcome.retryAfterMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed("interrupted");
            }
        }
    }

    private interface Transport extends AutoCloseable {
        Outcome send(Workload workload, int sender, int index) throws IOException, InterruptedException;

        @Override
        void close();

        static Transport of(Workload workload, ServerProcess server, int senders) {
            return switch (workload.protocol) {
                case OTLP_HTTP -> new Http(server.uri("/api/public/otel/v1/traces"), "application/x-protobuf", false);
                case BATCH -> new Http(server.uri("/api/public/ingestion"), "application/json", true);
                case OTLP_GRPC -> new Grpc(server.grpcPort, senders);
            };
        }
    }

    /** java.net.http over HTTP/1.1 keep-alive connections, one per concurrent sender. */
    private static final class Http implements Transport {
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private final URI uri;
        private final String contentType;
        private final boolean batch;

        Http(URI uri, String contentType, boolean batch) {
            this.uri = uri;
            this.contentType = contentType;
            this.batch = batch;
        }

        @Override
        public Outcome send(Workload workload, int sender, int index) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri)
                            .timeout(REQUEST_TIMEOUT)
                            .header("Authorization", basicAuthorization())
                            .header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(workload.bodies.get(index)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status == 429 || status == 503) {
                return Outcome.retry(1000 * response.headers().firstValueAsLong("Retry-After").orElse(1));
            }
            if (batch) {
                if (status != 207) {
                    return Outcome.failed("HTTP " + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
                }
                JsonNode result = JSON.readTree(response.body());
                if (!result.path("errors").isEmpty()) {
                    return Outcome.failed(result.path("errors").size() + " events failed, first: " + result.path("errors").get(0));
                }
                return Outcome.ACKED;
            }
            if (status != 200) {
                return Outcome.failed("HTTP " + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return rejected(ExportTraceServiceResponse.parseFrom(response.body()));
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * grpc-java's blocking calls on the generated export method, one channel (connection) per
     * sender as separate exporters would have. The request is the protobuf encoded before the
     * clock starts, as the HTTP paths send theirs: the generated stub would serialise every ~1 MB
     * message inside the measured window, on the cores the server uses.
     */
    private static final class Grpc implements Transport {
        private static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT = TraceServiceGrpc.getExportMethod()
                .toBuilder(new EncodedRequest(), ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                .build();
        private final List<ManagedChannel> channels = new ArrayList<>();
        private final List<Channel> senders = new ArrayList<>();

        Grpc(int port, int senderCount) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), basicAuthorization());
            for (int i = 0; i < senderCount; i++) {
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                channels.add(channel);
                senders.add(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)));
            }
        }

        @Override
        public Outcome send(Workload workload, int sender, int index) {
            try {
                return rejected(ClientCalls.blockingUnaryCall(senders.get(sender), EXPORT,
                        CallOptions.DEFAULT.withDeadlineAfter(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                        workload.bodies.get(index)));
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.UNAVAILABLE) {
                    return Outcome.retry(1000);
                }
                return Outcome.failed("gRPC " + e.getStatus());
            }
        }

        @Override
        public void close() {
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }

    /** An encoded request as gRPC sends it: its length known up front, written out in one piece. */
    static final class EncodedRequest implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new Body(value);
        }

        // Only the server side parses requests; for completeness this reads the bytes back.
        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static final class Body extends ByteArrayInputStream implements KnownLength, Drainable {
            Body(byte[] bytes) {
                super(bytes);
            }

            @Override
            public int drainTo(OutputStream target) throws IOException {
                int length = count - pos;
                target.write(buf, pos, length);
                pos = count;
                return length;
            }
        }
    }

    private static Outcome rejected(ExportTraceServiceResponse response) {
        if (response.hasPartialSuccess() && response.getPartialSuccess().getRejectedSpans() > 0) {
            return Outcome.failed(response.getPartialSuccess().getRejectedSpans() + " spans rejected: "
                    + response.getPartialSuccess().getErrorMessage());
        }
        return Outcome.ACKED;
    }
}
