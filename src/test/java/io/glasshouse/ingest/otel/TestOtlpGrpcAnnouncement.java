package io.glasshouse.ingest.otel;

import static io.glasshouse.ingest.otel.TestingOtlp.PROJECT;
import static io.glasshouse.ingest.otel.TestingOtlp.ROOT_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.attr;
import static io.glasshouse.ingest.otel.TestingOtlp.mapper;
import static io.glasshouse.ingest.otel.TestingOtlp.request;
import static io.glasshouse.ingest.otel.TestingOtlp.span;
import static io.glasshouse.storage.clickhouse.TestingRows.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.ObservationPricing;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.model.EventBatch;
import io.glasshouse.storage.clickhouse.ClickHouseEventStore;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.ClickHouseStoredRows;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.TestingClickHouse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OTLP/gRPC calls are announced to the group commit when their stream opens, before a thread of
 * the call executor has run them: the real gRPC server with its real stream tracer, a real
 * writer on an embedded ClickHouse, and a call executor the test holds back to stand in for
 * carriers busy with earlier calls.
 */
class TestOtlpGrpcAnnouncement {
    private static final String KEY = "Basic cGs6c2s="; // pk:sk

    private EmbeddedClickHouse clickHouse;
    private ClickHouseEventStore store;
    private SimpleMeterRegistry meters;
    private EventWriter writer;
    private HeldExecutor calls;
    private OtlpGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        clickHouse = TestingClickHouse.newDatabase("grpcannounce");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        store = new ClickHouseEventStore(clickHouse);
        meters = new SimpleMeterRegistry();
        // Past its linger, a batch waits up to a minute for the requests announced by then.
        EventWriter.Gathering minuteGraces =
                new EventWriter.Gathering(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ZERO, 1, Duration.ofSeconds(60));
        writer = new EventWriter(store,
                new EventWriter.Settings(Duration.ofMillis(100), 10_000, 100_000, Duration.ofSeconds(60), minuteGraces), meters);
        RowMerger merger =
                new RowMerger(ObservationPricing.asSent(), new ClickHouseStoredRows(clickHouse), RowMerger.Settings.defaults());
        OtlpTraceIngest ingest = new OtlpTraceIngest(mapper(), (project, mapping) ->
                writer.commit(merger.merge(mapping.traces(), mapping.observations())), writer::arriving);
        OtlpGrpcTraceService service = new OtlpGrpcTraceService(header -> {
            if (!header.equals(KEY)) {
                throw new GlasshouseException(ErrorCode.UNAUTHORIZED, "invalid API key");
            }
            return PROJECT;
        }, ingest);
        calls = new HeldExecutor();
        var settings = new OtlpGrpcServer.Settings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(2));
        server = new OtlpGrpcServer(settings, service, calls).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        calls.release();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        writer.close();
        clickHouse.close();
    }

    @Test
    void aCallIsAnnouncedWhenItsStreamOpensSoABatchPastItsLingerWaitsForItsRows() throws Exception {
        CompletableFuture<ExportTraceServiceResponse> export = export(request("announced",
                span(ROOT_SPAN_ID, null, "root", attr("gen_ai.request.model", "gpt-4o"))));
        awaitTrue(() -> writer.announcedRequests() == 1, "the call announced");
        assertThat(calls.ran()).as("no thread has run the call yet").isZero();

        CompletableFuture<Void> earlier = writer.submit(traces(2));
        Thread.sleep(600); // six lingers
        assertThat(earlier).as("held for the announced call").isNotDone();

        calls.release();
        assertThat(export.get(20, TimeUnit.SECONDS)).isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
        earlier.get(20, TimeUnit.SECONDS);
        assertThat(meters.get("glasshouse_ingest_flush").timer().count()).as("inserts").isEqualTo(1);
        assertThat(store.countTraces(PROJECT)).as("the call's trace and the two earlier ones").isEqualTo(3);
        assertThat(writer.announcedRequests()).isZero();
    }

    @Test
    void aStreamClosedWithoutARequestEndsItsAnnouncement() throws Exception {
        calls.release();
        // grpc-java sends a unary call's headers with its message; as a client stream, at once.
        ClientCall<ExportTraceServiceRequest, ExportTraceServiceResponse> call = channel.newCall(
                TraceServiceGrpc.getExportMethod().toBuilder().setType(MethodDescriptor.MethodType.CLIENT_STREAMING).build(),
                CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {}, authorization());
        call.request(1);
        awaitTrue(() -> writer.announcedRequests() == 1, "the open stream announced");

        call.cancel("the client gives up before sending", null);
        awaitTrue(() -> writer.announcedRequests() == 0, "the announcement ended with the stream");
        // With nothing announced, rows go at their linger, not the minute's grace.
        writer.submit(traces(1)).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedCallEndsItsAnnouncement() throws Exception {
        calls.release();
        CompletableFuture<ExportTraceServiceResponse> export =
                export(request("refused", span(ROOT_SPAN_ID, null, "root")), "Basic d3Jvbmc6a2V5");
        assertThat(export).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
                .havingCause().isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED));
        awaitTrue(() -> writer.announcedRequests() == 0, "the unauthenticated call's announcement ended");

        ClientCall<ExportTraceServiceRequest, ExportTraceServiceResponse> call =
                channel.newCall(TraceServiceGrpc.getExportMethod(), CallOptions.DEFAULT);
        CompletableFuture<io.grpc.Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(io.grpc.Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, authorization());
        call.request(1);
        call.halfClose(); // no request message: refused by the handler
        assertThat(closed.get(20, TimeUnit.SECONDS).isOk()).isFalse();
        awaitTrue(() -> writer.announcedRequests() == 0, "the refused call's announcement ended");
    }

    private CompletableFuture<ExportTraceServiceResponse> export(ExportTraceServiceRequest request) {
        return export(request, KEY);
    }

    private CompletableFuture<ExportTraceServiceResponse> export(ExportTraceServiceRequest request, String key) {
        ClientCall<ExportTraceServiceRequest, ExportTraceServiceResponse> call =
                channel.newCall(TraceServiceGrpc.getExportMethod(), CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        CompletableFuture<ExportTraceServiceResponse> answer = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            private ExportTraceServiceResponse response;

            @Override
            public void onMessage(ExportTraceServiceResponse message) {
                response = message;
            }

            @Override
            public void onClose(io.grpc.Status status, Metadata trailers) {
                if (status.isOk()) {
                    answer.complete(response);
                } else {
                    answer.completeExceptionally(status.asRuntimeException(trailers));
                }
            }
        }, authorization(key));
        call.request(1);
        call.sendMessage(request);
        call.halfClose();
        return answer;
    }

    private static Metadata authorization() {
        return authorization(KEY);
    }

    private static Metadata authorization(String key) {
        Metadata headers = new Metadata();
        headers.put(OtlpGrpcTraceService.AUTHORIZATION, key);
        return headers;
    }

    private static EventBatch traces(int count) {
        List<io.glasshouse.model.TraceRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(trace(PROJECT, "direct-" + i, "n", 1));
        }
        return new EventBatch(rows, List.of(), List.of());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what + " within 10 s").isNegative();
            Thread.sleep(10);
        }
    }

    /** Runs nothing until released, as two carriers busy with earlier calls would; then runs on virtual threads. */
    private static final class HeldExecutor extends AbstractExecutorService {
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final List<Runnable> held = new ArrayList<>();
        private final AtomicInteger ran = new AtomicInteger();
        private boolean released;

        @Override
        public void execute(Runnable task) {
            Runnable counted = () -> {
                ran.incrementAndGet();
                task.run();
            };
            synchronized (this) {
                if (!released) {
                    held.add(counted);
                    return;
                }
            }
            threads.execute(counted);
        }

        synchronized void release() {
            if (!released) {
                released = true;
                held.forEach(threads::execute);
                held.clear();
            }
        }

        int ran() {
            return ran.get();
        }

        @Override
        public void shutdown() {
            release();
            threads.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return threads.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return threads.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return threads.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return threads.awaitTermination(timeout, unit);
        }
    }
}
