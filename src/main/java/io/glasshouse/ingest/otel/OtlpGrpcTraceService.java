package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.model.ProjectId;
import io.grpc.Context;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/gRPC trace service. Each call is authenticated from its {@code authorization} metadata
 * ({@code Basic base64(publicKey:secretKey)}, as on the HTTP endpoint), then mapped and stored by
 * {@link OtlpTraceIngest}; errors become gRPC statuses with a description that says what to fix
 * ({@link GrpcStatuses}). Rejected spans are reported through {@code partial_success}.
 *
 * <p>{@link #serviceDefinition} is what a gRPC server registers. Its one method is handled here,
 * without grpc-java's stub layer: it receives the request as bytes and decodes them itself, so a malformed body is
 * INVALID_ARGUMENT with the reason rather than gRPC's generic parse failure; it reads the
 * authorization from the call's headers directly (no interceptor, no Context); and it does not
 * wait for the rows to be stored: the call's executor maps and queues them, and the answer is sent
 * from the commit's completion, handed to {@code responder} so the writer's thread only stores
 * (docs/RATIONALE.md, "OTLP/gRPC answers from the commit").
 */
public final class OtlpGrpcTraceService {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcTraceService.class);
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /**
     * The request bytes, or why they could not be read. gRPC decompresses while the marshaller
     * reads and enforces the size limit there; a status thrown from a marshaller would reach the
     * client as UNKNOWN, so it is carried to the handler instead.
     */
    record Body(byte[] bytes, Status failure) {}

    private static final MethodDescriptor.Marshaller<Body> BODY = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Body value) {
            return new ByteArrayInputStream(value.bytes());
        }

        @Override
        public Body parse(InputStream stream) {
            try {
                return new Body(readBody(stream), null);
            } catch (StatusRuntimeException e) {
                return new Body(null, e.getStatus());
            } catch (IOException e) {
                return new Body(null, Status.INVALID_ARGUMENT.withDescription("the request could not be read: " + e.getMessage()));
            }
        }
    };

    /**
     * The whole message in one array of its exact size, read into it directly. gRPC's stream of an
     * uncompressed message knows its length ({@link KnownLength}). {@code readAllBytes} would not
     * ask, and {@code readNBytes(length)} asks but still reads 16 KB pieces and joins them (the
     * JDK's InputStream does, and gRPC's stream does not override it): either copies the message
     * (about 1 MB for 200 GenAI spans) twice and leaves twice its size as garbage. A compressed
     * message's length is unknown until inflated, so it takes the general path.
     */
    static byte[] readBody(InputStream stream) throws IOException {
        if (!(stream instanceof KnownLength)) {
            return stream.readAllBytes();
        }
        int length = stream.available();
        byte[] body = new byte[length];
        int read = stream.readNBytes(body, 0, length);
        if (read < length) {
            return Arrays.copyOf(body, read);
        }
        int next = stream.read();
        if (next == -1) {
            return body;
        }
        // Not what KnownLength promises; never lose bytes over it.
        byte[] rest = stream.readAllBytes();
        byte[] whole = Arrays.copyOf(body, body.length + 1 + rest.length);
        whole[body.length] = (byte) next;
        System.arraycopy(rest, 0, whole, body.length + 1, rest.length);
        return whole;
    }

    private final OtlpAuthenticator authenticator;
    private final OtlpTraceIngest ingest;

    public OtlpGrpcTraceService(OtlpAuthenticator authenticator, OtlpTraceIngest ingest) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.ingest = requireNonNull(ingest, "ingest is null");
    }

    /**
     * The service as a gRPC server should register it; see the class comment.
     *
     * @param responder where answers are sent from once the rows are committed; it must not be the
     *     writer's thread (the commit completes there) and may be the server's call executor
     */
    public ServerServiceDefinition serviceDefinition(Executor responder) {
        requireNonNull(responder, "responder is null");
        MethodDescriptor<Body, ExportTraceServiceResponse> export = TraceServiceGrpc.getExportMethod()
                .toBuilder(BODY, ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                .build();
        return ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
                .addMethod(export, (call, headers) -> startCall(call, headers, responder))
                .build();
    }

    /**
     * Authenticates from the headers before asking for the message: gRPC inflates a compressed
     * message as it delivers it, so a call that is refused never has its body read (a few KB of
     * gzip from an unknown client would otherwise cost megabytes before the refusal).
     */
    private ServerCall.Listener<Body> startCall(ServerCall<Body, ExportTraceServiceResponse> call, Metadata headers,
            Executor responder) {
        ProjectId projectId;
        try {
            projectId = authenticate(headers.get(AUTHORIZATION));
        } catch (RuntimeException e) {
            StatusRuntimeException status = failure(e);
            Metadata trailers = status.getTrailers();
            call.close(status.getStatus(), trailers == null ? new Metadata() : trailers);
            return new ServerCall.Listener<>() {};
        }
        return new ExportCall(this, call, projectId, responder);
    }

    /**
     * What a gRPC server adds (NettyServerBuilder.addStreamTracerFactory) so that each export is
     * announced to the writer as soon as its stream opens ({@link OtlpTraceIngest#announce()}).
     * Stream tracers are created on the transport's thread when a call's headers arrive, before
     * the call waits for a thread of the call executor. The calls run on virtual threads over as
     * many carriers as cores, without preemption: under load most of them wait there, and the
     * group commit, told of a call only once it ran, would cut its batch without them
     * (docs/RATIONALE.md, "OTLP/gRPC calls are announced when their stream opens"). The
     * announcement ends once the call's rows are queued, or when its stream closes, whichever is
     * first; a stream that stays open without sending stops counting after the writer's limit.
     */
    public ServerStreamTracer.Factory announcer() {
        String exportMethod = TraceServiceGrpc.getExportMethod().getFullMethodName();
        return new ServerStreamTracer.Factory() {
            @Override
            public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
                return fullMethodName.equals(exportMethod) ? new Announcing(ingest.announce()) : NOT_ANNOUNCED;
            }
        };
    }

    private static final ServerStreamTracer NOT_ANNOUNCED = new ServerStreamTracer() {};

    /** Carries one call's announcement from its stream to its handler, and ends it with the stream. */
    private static final class Announcing extends ServerStreamTracer {
        private final EventWriter.Arrival arrival;

        Announcing(EventWriter.Arrival arrival) {
            this.arrival = arrival;
        }

        @Override
        public Context filterContext(Context context) {
            return context.withValue(ARRIVAL, arrival);
        }

        @Override
        public void streamClosed(Status status) {
            arrival.close();
        }
    }

    /** The announcement of the call being handled, when the server runs {@link #announcer()}; else absent. */
    static final Context.Key<EventWriter.Arrival> ARRIVAL = Context.key("glasshouse-export-announcement");

    /**
     * Decodes, maps and queues the rows of an authenticated call; what it returns completes once they are
     * stored. Ends the call's announcement by then, made when its stream opened or, without one,
     * now.
     */
    CompletableFuture<ExportTraceServiceResponse> submit(ProjectId projectId, byte[] body, EventWriter.Arrival announced) {
        try (EventWriter.Arrival arrival = announced != null ? announced : ingest.announce()) {
            return ingest.submit(projectId, OtlpDecoding.parseProtobuf(body), arrival);
        }
    }

    private ProjectId authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new GlasshouseException(ErrorCode.UNAUTHORIZED, "authorization metadata is missing; send"
                    + " 'authorization: Basic base64(publicKey:secretKey)' (OTEL_EXPORTER_OTLP_HEADERS)");
        }
        return authenticator.authenticate(authorization);
    }

    /** What to answer a failed export with; logs what the client is not told. */
    static StatusRuntimeException failure(Throwable failure) {
        RuntimeException e = OtlpTraceIngest.cause(failure);
        if (e instanceof GlasshouseException known) {
            if (known.code().kind() == ErrorCode.Kind.INTERNAL || known.code().kind() == ErrorCode.Kind.OPERATOR) {
                LOG.error("OTLP/gRPC export failed: {}", known.getMessage(), known);
            }
            return GrpcStatuses.of(known);
        }
        LOG.error("OTLP/gRPC export failed", e);
        return Status.INTERNAL.withDescription("internal error; the server log has details").asRuntimeException();
    }
}
