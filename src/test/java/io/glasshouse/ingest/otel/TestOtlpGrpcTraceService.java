package io.glasshouse.ingest.otel;

import static io.glasshouse.ingest.otel.TestingOtlp.CHILD_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.PROJECT;
import static io.glasshouse.ingest.otel.TestingOtlp.ROOT_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.attr;
import static io.glasshouse.ingest.otel.TestingOtlp.mapper;
import static io.glasshouse.ingest.otel.TestingOtlp.request;
import static io.glasshouse.ingest.otel.TestingOtlp.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real gRPC server on a free port, called through a real grpc-java client stub. */
class TestOtlpGrpcTraceService {
    private static final String GOOD_KEY = basic("pk-lf-test", "sk-lf-test");
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private record Stored(ProjectId projectId, OtelMapping mapping) {}

    private static final List<Stored> STORED = new CopyOnWriteArrayList<>();
    private static final AtomicReference<GlasshouseException> SINK_FAILURE = new AtomicReference<>();
    private static final AtomicReference<CompletableFuture<Void>> HELD = new AtomicReference<>();
    private static final AtomicReference<CompletableFuture<Void>> HELD_TAKEN = new AtomicReference<>(new CompletableFuture<>());
    private static OtlpGrpcServer server;
    private static ManagedChannel channel;

    private static String basic(String publicKey, String secretKey) {
        return "Basic " + Base64.getEncoder().encodeToString((publicKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
    }

    /** Stands in for the key store: one known key pair. */
    private static ProjectId authenticate(String header) {
        if (!header.equals(GOOD_KEY)) {
            throw new GlasshouseException(ErrorCode.UNAUTHORIZED, "invalid API key; check the public and secret key");
        }
        return PROJECT;
    }

    /** Stands in for the writer: stores at once, fails as told, or holds the commit until the test completes it. */
    private static CompletableFuture<Void> store(ProjectId projectId, OtelMapping mapping) {
        GlasshouseException failure = SINK_FAILURE.get();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<Void> held = HELD.getAndSet(null);
        if (held != null) {
            HELD_TAKEN.get().complete(null);
            return held.thenRun(() -> STORED.add(new Stored(projectId, mapping)));
        }
        STORED.add(new Stored(projectId, mapping));
        return CompletableFuture.completedFuture(null);
    }

    @BeforeAll
    static void start() {
        var ingest = new OtlpTraceIngest(mapper(), TestOtlpGrpcTraceService::store);
        var service = new OtlpGrpcTraceService(TestOtlpGrpcTraceService::authenticate, ingest);
        server = new OtlpGrpcServer(new OtlpGrpcServer.Settings("127.0.0.1", 0, MAX_MESSAGE_BYTES, Duration.ofSeconds(2)),
                service).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @BeforeEach
    void reset() {
        STORED.clear();
        SINK_FAILURE.set(null);
        HELD.set(null);
        HELD_TAKEN.set(new CompletableFuture<>());
    }

    private static TraceServiceGrpc.TraceServiceBlockingStub stub(String authorization) {
        var stub = TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        if (authorization == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static TraceServiceGrpc.TraceServiceFutureStub futureStub(String authorization) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        return TraceServiceGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .withExecutor(Runnable::run)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static ExportTraceServiceRequest oneSpan() {
        return request("grpc-test", span(ROOT_SPAN_ID, null, "root", attr("gen_ai.request.model", "gpt-4o")));
    }

    private static void assertStatus(Runnable call, Status.Code code, String descriptionPart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(descriptionPart);
        });
    }

    @Test
    void authenticatedExportIsStoredAndAnsweredWithFullSuccess() {
        ExportTraceServiceResponse response = stub(GOOD_KEY).export(oneSpan());

        assertThat(response).isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
        assertThat(STORED).singleElement().satisfies(stored -> {
            assertThat(stored.projectId()).isEqualTo(PROJECT);
            assertThat(stored.mapping().observations()).singleElement()
                    .satisfies(o -> assertThat(o.model()).isEqualTo("gpt-4o"));
            assertThat(stored.mapping().traces()).hasSize(1);
        });
    }

    @Test
    void theAnswerWaitsForTheCommit() throws Exception {
        CompletableFuture<Void> commit = new CompletableFuture<>();
        HELD.set(commit);
        // Completed on the client's transport thread as the frames arrive, so in the order the server sent them.
        ListenableFuture<ExportTraceServiceResponse> held = futureStub(GOOD_KEY).export(oneSpan());
        HELD_TAKEN.get().get(10, TimeUnit.SECONDS);
        // A second call on the same connection, answered at once: by the time its answer is here,
        // an answer the server had sent for the first call before its commit would be here too.
        assertThat(futureStub(GOOD_KEY).export(oneSpan()).get(10, TimeUnit.SECONDS))
                .isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
        assertThat(held).as("answered before its rows were committed").isNotDone();

        commit.complete(null);

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
        assertThat(STORED).hasSize(2);
    }

    @Test
    void aCommitThatFailsLaterIsAnsweredWithItsStatus() throws Exception {
        CompletableFuture<Void> commit = new CompletableFuture<>();
        HELD.set(commit);
        ListenableFuture<ExportTraceServiceResponse> held = futureStub(GOOD_KEY).export(oneSpan());
        HELD_TAKEN.get().get(10, TimeUnit.SECONDS);

        commit.completeExceptionally(new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storing events took longer than 30 s; retry"));

        assertThatThrownBy(() -> held.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).isEqualTo("storing events took longer than 30 s; retry");
            assertThat(StatusProto.fromThrowable(e).getDetailsList())
                    .anySatisfy(detail -> assertThat(detail.is(RetryInfo.class)).isTrue());
        });
        assertThat(STORED).isEmpty();
    }

    @Test
    void aClientThatGaveUpBeforeTheCommitLeavesTheServerWorking() throws Exception {
        CompletableFuture<Void> commit = new CompletableFuture<>();
        HELD.set(commit);
        ListenableFuture<ExportTraceServiceResponse> abandoned = futureStub(GOOD_KEY).withDeadlineAfter(2, TimeUnit.SECONDS)
                .export(oneSpan());
        HELD_TAKEN.get().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> abandoned.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

        commit.complete(null);

        assertThat(stub(GOOD_KEY).export(oneSpan())).isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
        assertThat(STORED).as("the abandoned call's rows are stored all the same").hasSize(2);
    }

    @Test
    void missingOrWrongAuthorizationIsUnauthenticated() {
        assertStatus(() -> stub(null).export(oneSpan()), Status.Code.UNAUTHENTICATED,
                "authorization metadata is missing; send 'authorization: Basic base64(publicKey:secretKey)'");
        assertStatus(() -> stub(basic("pk-lf-test", "wrong")).export(oneSpan()), Status.Code.UNAUTHENTICATED,
                "invalid API key");
        assertThat(STORED).isEmpty();
    }

    @Test
    void aCallWithoutValidCredentialsIsRefusedBeforeItsMessageIsRead() {
        // Oversized once inflated: read, it would be refused as too large; refused from its
        // headers, its body is never asked for, let alone inflated.
        ExportTraceServiceRequest big = request("grpc-test",
                span(ROOT_SPAN_ID, null, "big", attr("input.value", "x".repeat(MAX_MESSAGE_BYTES + 1))));

        assertStatus(() -> stub(null).withCompression("gzip").export(big), Status.Code.UNAUTHENTICATED,
                "authorization metadata is missing");
        assertStatus(() -> stub(basic("pk-lf-test", "wrong")).withCompression("gzip").export(big), Status.Code.UNAUTHENTICATED,
                "invalid API key");
        assertThat(STORED).isEmpty();
    }

    @Test
    void someInvalidSpansGivePartialSuccess() {
        var valid = span(ROOT_SPAN_ID, null, "ok");
        var invalid = span(CHILD_SPAN_ID, null, "no trace id").setTraceId(ByteString.EMPTY);

        ExportTraceServiceResponse response = stub(GOOD_KEY).export(request("grpc-test", valid, invalid));

        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage())
                .isEqualTo("1 of 2 spans rejected: span " + CHILD_SPAN_ID + " of trace (no id): traceId is missing"
                        + " (an OTLP logs or metrics export sent to the traces endpoint looks like this)");
        assertThat(STORED).singleElement().satisfies(s -> assertThat(s.mapping().observations()).hasSize(1));
    }

    @Test
    void onlyInvalidSpansIsInvalidArgument() {
        var invalid = span(CHILD_SPAN_ID, null, "no trace id").setTraceId(ByteString.EMPTY);

        assertStatus(() -> stub(GOOD_KEY).export(request("grpc-test", invalid)), Status.Code.INVALID_ARGUMENT,
                "1 of 1 spans rejected");
        assertThat(STORED).isEmpty();
    }

    @Test
    void emptyExportSucceedsWithoutStoring() {
        assertThat(stub(GOOD_KEY).export(ExportTraceServiceRequest.getDefaultInstance()))
                .isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
        assertThat(STORED).isEmpty();
    }

    @Test
    void malformedProtobufIsInvalidArgument() {
        MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        var method = TraceServiceGrpc.getExportMethod()
                .toBuilder(raw, ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance())).build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), GOOD_KEY);
        var authenticated = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        byte[] garbage = {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff};

        assertStatus(() -> ClientCalls.blockingUnaryCall(authenticated, method, CallOptions.DEFAULT, garbage),
                Status.Code.INVALID_ARGUMENT, "the body is not an OTLP ExportTraceServiceRequest in protobuf");
    }

    @Test
    void gzipCompressedRequestsAreAccepted() {
        ExportTraceServiceResponse response = stub(GOOD_KEY).withCompression("gzip").export(oneSpan());

        assertThat(response).isEqualTo(ExportTraceServiceResponse.getDefaultInstance());
        assertThat(STORED).hasSize(1);
    }

    @Test
    void oversizedRequestsAreRefusedAlsoWhenCompressed() {
        ExportTraceServiceRequest big = request("grpc-test",
                span(ROOT_SPAN_ID, null, "big", attr("input.value", "x".repeat(MAX_MESSAGE_BYTES + 1))));

        assertStatus(() -> stub(GOOD_KEY).export(big), Status.Code.RESOURCE_EXHAUSTED, "exceeds maximum size " + MAX_MESSAGE_BYTES);
        // Compressed it is a few hundred bytes; the limit applies to the decompressed message.
        assertThat(big.getSerializedSize()).isGreaterThan(MAX_MESSAGE_BYTES);
        assertStatus(() -> stub(GOOD_KEY).withCompression("gzip").export(big), Status.Code.RESOURCE_EXHAUSTED,
                "exceeds maximum size " + MAX_MESSAGE_BYTES);
        assertThat(STORED).isEmpty();
    }

    @Test
    void sinkFailuresMapToRetryableStatuses() {
        SINK_FAILURE.set(new GlasshouseException(ErrorCode.TOO_MANY_REQUESTS, "ingestion queue is full; retry after a second"));
        assertThatThrownBy(() -> stub(GOOD_KEY).export(oneSpan())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).isEqualTo("ingestion queue is full; retry after a second");
            assertThat(StatusProto.fromThrowable(e).getDetailsList())
                    .anySatisfy(detail -> assertThat(detail.is(RetryInfo.class)).isTrue());
        });

        SINK_FAILURE.set(new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storing events failed; retry"));
        assertStatus(() -> stub(GOOD_KEY).export(oneSpan()), Status.Code.UNAVAILABLE, "storing events failed; retry");

        SINK_FAILURE.set(new GlasshouseException(ErrorCode.STORAGE_ERROR, "disk says no"));
        assertStatus(() -> stub(GOOD_KEY).export(oneSpan()), Status.Code.INTERNAL, "internal error; the server log has details");
    }

    @Test
    void busyPortFailsClearlyAndCloseReleasesThePort() throws IOException {
        var service = new OtlpGrpcTraceService(TestOtlpGrpcTraceService::authenticate,
                new OtlpTraceIngest(mapper(), TestOtlpGrpcTraceService::store));
        int port;
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = busy.getLocalPort();
            var settings = new OtlpGrpcServer.Settings("127.0.0.1", port, MAX_MESSAGE_BYTES, Duration.ofSeconds(1));
            assertThatThrownBy(() -> new OtlpGrpcServer(settings, service).start())
                    .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                        assertThat(e.getMessage()).contains("cannot listen for OTLP/gRPC on 127.0.0.1:" + port);
                    });
        }
        var settings = new OtlpGrpcServer.Settings("127.0.0.1", port, MAX_MESSAGE_BYTES, Duration.ofSeconds(1));
        new OtlpGrpcServer(settings, service).start().close();
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void settingsDefaults() {
        OtlpGrpcServer.Settings defaults = OtlpGrpcServer.Settings.defaults();

        assertThat(defaults.host()).isNull();
        assertThat(defaults.port()).isEqualTo(4317);
        assertThat(defaults.maxInboundMessageBytes()).isEqualTo(5 * 1024 * 1024);
        assertThat(defaults.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.withPort(0).port()).isZero();
        assertThat(defaults.withMaxInboundMessageBytes(1024).maxInboundMessageBytes()).isEqualTo(1024);
    }

    /** A stream that says how long it is, as gRPC's uncompressed message streams do; {@code claimed} may lie. */
    private static final class KnownLengthStream extends ByteArrayInputStream implements io.grpc.KnownLength {
        private final int claimed;

        KnownLengthStream(byte[] bytes, int claimed) {
            super(bytes);
            this.claimed = claimed;
        }

        @Override
        public synchronized int available() {
            return Math.min(claimed, super.available());
        }
    }

    @Test
    void readBodyReadsWholeMessagesWhetherOrNotTheirLengthIsKnown() throws IOException {
        byte[] message = new byte[100_000];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i * 31);
        }

        assertThat(OtlpGrpcTraceService.readBody(new KnownLengthStream(message, message.length))).isEqualTo(message);
        assertThat(OtlpGrpcTraceService.readBody(new ByteArrayInputStream(message))).isEqualTo(message);
        assertThat(OtlpGrpcTraceService.readBody(new KnownLengthStream(new byte[0], 0))).isEmpty();
        // A stream that claims less than it holds still gives every byte.
        assertThat(OtlpGrpcTraceService.readBody(new KnownLengthStream(message, 1_000))).isEqualTo(message);
    }
}
