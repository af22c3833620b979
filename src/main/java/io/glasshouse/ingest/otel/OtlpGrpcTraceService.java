package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/gRPC trace service. Each call is authenticated from its {@code authorization} metadata
 * ({@code Basic base64(publicKey:secretKey)}, as on the HTTP endpoint), then mapped and stored by
 * {@link OtlpTraceIngest}; errors become gRPC statuses with a description that says what to fix
 * ({@link GrpcStatuses}). Rejected spans are reported through {@code partial_success}.
 *
 * <p>Register {@link #serviceDefinition()}, not the service itself ({@code bindService()} is
 * final in the generated base class): the definition receives the request as bytes and decodes
 * it here, so a malformed body is INVALID_ARGUMENT with the reason rather than gRPC's generic
 * parse failure, and it installs the interceptor that hands the call's metadata to the handler.
 */
public final class OtlpGrpcTraceService extends TraceServiceGrpc.TraceServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcTraceService.class);
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> AUTHORIZATION_VALUE = Context.key("glasshouse-otlp-authorization");
    /**
     * The request bytes, or why they could not be read. gRPC decompresses while the marshaller
     * reads and enforces the size limit there; a status thrown from a marshaller would reach the
     * client as UNKNOWN, so it is carried to the handler instead.
     */
    private record Body(byte[] bytes, Status failure) {}

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
     * The whole message in one array of its exact size. gRPC's stream of an uncompressed message
     * knows its length ({@link KnownLength}); {@code readAllBytes} would not ask and would collect
     * 16 KB pieces first, copying the message (about 1 MB for 200 GenAI spans) twice and leaving
     * twice its size as garbage. A compressed message's length is unknown until inflated, so it
     * takes the general path.
     */
    static byte[] readBody(InputStream stream) throws IOException {
        if (!(stream instanceof KnownLength)) {
            return stream.readAllBytes();
        }
        int length = stream.available();
        byte[] body = stream.readNBytes(length);
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

    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> responses) {
        handle(() -> request, responses);
    }

    /** The service as a gRPC server should register it; see the class comment. */
    public ServerServiceDefinition serviceDefinition() {
        MethodDescriptor<Body, ExportTraceServiceResponse> export = TraceServiceGrpc.getExportMethod()
                .toBuilder(BODY, ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                .build();
        ServerServiceDefinition definition = ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
                .addMethod(export, ServerCalls.asyncUnaryCall((Body body, StreamObserver<ExportTraceServiceResponse> responses) -> {
                    if (body.failure() != null) {
                        responses.onError(body.failure().asRuntimeException());
                        return;
                    }
                    handle(() -> OtlpDecoding.parseProtobuf(body.bytes()), responses);
                }))
                .build();
        return ServerInterceptors.intercept(definition, new AuthorizationCapture());
    }

    private void handle(Supplier<ExportTraceServiceRequest> request, StreamObserver<ExportTraceServiceResponse> responses) {
        try {
            ProjectId projectId = authenticate(AUTHORIZATION_VALUE.get());
            responses.onNext(ingest.export(projectId, request.get()));
            responses.onCompleted();
        } catch (GlasshouseException e) {
            if (e.code().kind() == ErrorCode.Kind.INTERNAL || e.code().kind() == ErrorCode.Kind.OPERATOR) {
                LOG.error("OTLP/gRPC export failed: {}", e.getMessage(), e);
            }
            responses.onError(GrpcStatuses.of(e));
        } catch (RuntimeException e) {
            LOG.error("OTLP/gRPC export failed", e);
            responses.onError(Status.INTERNAL.withDescription("internal error; the server log has details").asRuntimeException());
        }
    }

    private ProjectId authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new GlasshouseException(ErrorCode.UNAUTHORIZED, "authorization metadata is missing; send"
                    + " 'authorization: Basic base64(publicKey:secretKey)' (OTEL_EXPORTER_OTLP_HEADERS)");
        }
        return authenticator.authenticate(authorization);
    }

    /** Puts the call's authorization header where the handler, running later, can read it. */
    private static final class AuthorizationCapture implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            Context context = Context.current().withValue(AUTHORIZATION_VALUE, headers.get(AUTHORIZATION));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }
}
