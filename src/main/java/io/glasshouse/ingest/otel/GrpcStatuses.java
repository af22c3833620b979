package io.glasshouse.ingest.otel;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.RetryInfo;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The gRPC status of each error code, chosen for OTLP exporters' retry rules: they retry
 * UNAVAILABLE, and RESOURCE_EXHAUSTED only when the status carries RetryInfo. So a full queue
 * (429) is RESOURCE_EXHAUSTED with RetryInfo, an oversized request is RESOURCE_EXHAUSTED without
 * (retrying the same bytes cannot help), and storage trouble is UNAVAILABLE.
 */
final class GrpcStatuses {
    private static final Duration RETRY_DELAY = Duration.newBuilder().setSeconds(1).build();

    private GrpcStatuses() {}

    static Status.Code code(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, UNSUPPORTED_MEDIA_TYPE -> Status.Code.INVALID_ARGUMENT;
            case UNAUTHORIZED -> Status.Code.UNAUTHENTICATED;
            case FORBIDDEN -> Status.Code.PERMISSION_DENIED;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> Status.Code.UNIMPLEMENTED;
            case CONFLICT -> Status.Code.ALREADY_EXISTS;
            case PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS -> Status.Code.RESOURCE_EXHAUSTED;
            case STORAGE_UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case CONFIGURATION, STORAGE_ERROR, INTERNAL -> Status.Code.INTERNAL;
        };
    }

    static StatusRuntimeException of(GlasshouseException e) {
        Status.Code code = code(e.code());
        String description = e.code().kind() == ErrorCode.Kind.INTERNAL || e.code().kind() == ErrorCode.Kind.OPERATOR
                ? "internal error; the server log has details"
                : e.getMessage();
        if (e.code() == ErrorCode.TOO_MANY_REQUESTS || e.code() == ErrorCode.STORAGE_UNAVAILABLE) {
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(code.value())
                    .setMessage(description)
                    .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(RETRY_DELAY).build()))
                    .build());
        }
        return code.toStatus().withDescription(description).asRuntimeException();
    }
}
