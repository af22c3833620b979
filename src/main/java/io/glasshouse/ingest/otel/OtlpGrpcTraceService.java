package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
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
                .addMethod(export, (call, headers) -> new ExportCall(this, call, headers.get(AUTHORIZATION), responder))
                .build();
    }

    /** Authenticates, decodes, maps and queues the rows; what it returns completes once they are stored. */
    CompletableFuture<ExportTraceServiceResponse> submit(String authorization, byte[] body) {
        ProjectId projectId = authenticate(authorization);
        return ingest.submit(projectId, OtlpDecoding.parseProtobuf(body));
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
