package io.glasshouse.bench;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scratch A/B tool for the OTLP/gRPC ingest path (session 6): starts one server process per jar
 * given, all at once, warms each up, then sends rounds of the same kind of pre-encoded GenAI
 * traffic over OTLP/gRPC and OTLP/HTTP, interleaving jars and protocols round by round, and prints
 * each server's CPU per span (process CPU from first send to last acknowledgement), its CPU per
 * span by thread kind, and the heap allocated per span (JvmGcMetrics' counter). Every round has
 * fresh spans (its own seed), so nothing is an update of a cached row.
 *
 * <pre>java -cp $CP io.glasshouse.bench.GrpcIngestCost SPANS_PER_ROUND WARMUP_ROUNDS ROUNDS label=JAR ...</pre>
 * The servers run with {@code -Xmx1536m} (-Dserver.xmx=… to change): two of them share the machine.
 */
public final class GrpcIngestCost {
    private static final int SENDERS = 32;
    private static final int SPANS_PER_REQUEST = 200;
    private static final String ALLOCATED = "jvm_gc_memory_allocated_bytes_total";

    private record Result(String label, String protocol, int spans, long cpuNanos, long allocated, Map<String, Long> threads) {}

    public static void main(String[] args) throws Exception {
        int spansPerRound = Integer.parseInt(args[0]);
        int warmups = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Map<String, Path> jars = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] parts = args[i].split("=", 2);
            jars.put(parts[0], Path.of(parts[1]));
        }
        Path dir = Files.createTempDirectory("grpc-ingest-cost");
        Map<String, ServerProcess> servers = new LinkedHashMap<>();
        try {
            for (var jar : jars.entrySet()) {
                ServerProcess server = ServerProcess.start(jar.getValue(), List.of(System.getProperty("server.xmx", "-Xmx1536m")),
                        dir.resolve(jar.getKey()));
                servers.put(jar.getKey(), server);
            }
            for (ServerProcess server : servers.values()) {
                server.awaitReady(Duration.ofMinutes(2));
            }
            long seed = 1000;
            List<Result> results = new ArrayList<>();
            for (int round = 0; round < warmups + rounds; round++) {
                for (String protocol : List.of("grpc", "http")) {
                    for (var entry : servers.entrySet()) {
                        Workload work = Workload.build(Workload.Protocol.OTLP_GRPC, seed++, spansPerRound, SPANS_PER_REQUEST);
                        entry.getValue().awaitQuiet(5, Duration.ofSeconds(30));
                        Result result = round(entry.getKey(), protocol, entry.getValue(), work);
                        if (round >= warmups) {
                            results.add(result);
                        }
                        System.out.printf("%s round %d %s %s: %.0f µs CPU/span, %.1f KB allocated/span%n",
                                round < warmups ? "warm-up" : "measured", round, entry.getKey(), protocol,
                                result.cpuNanos() / 1e3 / result.spans(), result.allocated() / 1024.0 / result.spans());
                    }
                }
            }
            summarise(results);
        } finally {
            servers.values().forEach(ServerProcess::close);
        }
    }

    private static Result round(String label, String protocol, ServerProcess server, Workload work) throws Exception {
        double allocatedBefore = server.metrics().getOrDefault(ALLOCATED, 0.0);
        ThreadCpu threadsBefore = ThreadCpu.of(server.pid());
        long cpuBefore = Cpu.processCpu(server.pid());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        try (Sender sender = protocol.equals("grpc") ? new Grpc(server.grpcPort) : new Http(server);
                ExecutorService pool = Executors.newFixedThreadPool(SENDERS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int senderIndex = s;
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < work.bodies.size(); i = next.getAndIncrement()) {
                        try {
                            sender.send(senderIndex, work.bodies.get(i));
                        } catch (Exception e) {
                            if (failures.getAndIncrement() == 0) {
                                System.out.println("failure: " + e);
                            }
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        long cpu = Cpu.processCpu(server.pid()) - cpuBefore;
        Map<String, Long> threads = ThreadCpu.of(server.pid()).since(threadsBefore);
        double allocated = server.metrics().getOrDefault(ALLOCATED, 0.0) - allocatedBefore;
        int spans = 0;
        for (int s : work.spans) {
            spans += s;
        }
        if (failures.get() > 0) {
            System.out.println(failures.get() + " requests failed");
        }
        return new Result(label, protocol, spans, cpu, (long) allocated, threads);
    }

    private static void summarise(List<Result> results) {
        Map<String, List<Result>> byVariant = new LinkedHashMap<>();
        results.forEach(r -> byVariant.computeIfAbsent(r.label() + " " + r.protocol(), k -> new ArrayList<>()).add(r));
        System.out.println();
        System.out.println("| variant | rounds | CPU per span, median (min–max) | allocated per span, median | threads, µs per span (median round) |");
        System.out.println("|---|--:|--:|--:|---|");
        byVariant.forEach((variant, list) -> {
            List<Result> sorted = list.stream().sorted((a, b) -> Double.compare(perSpan(a), perSpan(b))).toList();
            Result median = sorted.get(sorted.size() / 2);
            List<Double> alloc = list.stream().map(r -> r.allocated() / 1024.0 / r.spans()).sorted().toList();
            StringBuilder threads = new StringBuilder();
            median.threads().entrySet().stream().limit(7).forEach(e -> threads.append(String.format("`%s` %.0f, ", e.getKey(),
                    e.getValue() / 1e3 / median.spans())));
            System.out.printf("| %s | %d | %.0f µs (%.0f–%.0f) | %.1f KB | %s |%n", variant, list.size(), perSpan(median),
                    perSpan(sorted.getFirst()), perSpan(sorted.getLast()), alloc.get(alloc.size() / 2), threads);
        });
    }

    private static double perSpan(Result r) {
        return r.cpuNanos() / 1e3 / r.spans();
    }

    private interface Sender extends AutoCloseable {
        void send(int sender, byte[] body) throws Exception;

        @Override
        void close();
    }

    private static String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (ServerProcess.PUBLIC_KEY + ":" + ServerProcess.SECRET_KEY).getBytes(StandardCharsets.UTF_8));
    }

    private static final class Http implements Sender {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final ServerProcess server;

        Http(ServerProcess server) {
            this.server = server;
        }

        @Override
        public void send(int sender, byte[] body) throws Exception {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.uri("/api/public/otel/v1/traces"))
                            .header("Authorization", authorization())
                            .header("Content-Type", "application/x-protobuf")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static final class Grpc implements Sender {
        private static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT = TraceServiceGrpc.getExportMethod()
                .toBuilder(new LoadRun.EncodedRequest(), ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance())).build();
        private final List<ManagedChannel> channels = new ArrayList<>();
        private final List<Channel> senders = new ArrayList<>();

        Grpc(int port) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization());
            for (int i = 0; i < SENDERS; i++) {
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                channels.add(channel);
                senders.add(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)));
            }
        }

        @Override
        public void send(int sender, byte[] body) {
            ClientCalls.blockingUnaryCall(senders.get(sender), EXPORT,
                    CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), body);
        }

        @Override
        public void close() {
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }
}
