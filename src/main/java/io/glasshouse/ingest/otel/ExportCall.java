package io.glasshouse.ingest.otel;

import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.otel.OtlpGrpcTraceService.Body;
import io.glasshouse.model.ProjectId;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One OTLP/gRPC Export call, handled as grpc-java's unary stub handler would (one request, then
 * one answer or an error status) but without a thread waiting for the rows to be stored: the
 * half-close maps and queues them on the call's executor and returns; the answer is sent from the
 * commit's completion, on {@code responder}. The listener callbacks run one at a time; the answer
 * is sent once, after the last of them that touches the call.
 */
final class ExportCall extends ServerCall.Listener<Body> {
    private final OtlpGrpcTraceService service;
    private final ServerCall<Body, ExportTraceServiceResponse> call;
    private final ProjectId projectId; // authenticated from the call's headers before it started
    private final Executor responder;
    private final EventWriter.Arrival announced; // when the stream opened; null without the service's announcer
    private Body request; // touched by listener callbacks only, which run one at a time
    private boolean halfClosed; // or closed with an error before it
    private volatile boolean cancelled;

    ExportCall(OtlpGrpcTraceService service, ServerCall<Body, ExportTraceServiceResponse> call, ProjectId projectId,
            Executor responder) {
        this.service = service;
        this.call = call;
        this.projectId = projectId;
        this.responder = responder;
        this.announced = OtlpGrpcTraceService.ARRIVAL.get(); // the call's context, set by its stream's tracer
        // Two, as grpc-java's unary handler asks: a client sending a second message gets an error, not a hang.
        call.request(2);
    }

    @Override
    public void onMessage(Body message) {
        if (halfClosed) {
            return;
        }
        if (request != null) {
            halfClosed = true;
            request = null;
            close(Status.INTERNAL.withDescription("Too many requests"));
            return;
        }
        request = message;
    }

    @Override
    public void onHalfClose() {
        if (halfClosed) {
            return;
        }
        halfClosed = true;
        if (request == null) {
            close(Status.INTERNAL.withDescription("Half-closed without a request"));
            return;
        }
        if (request.failure() != null) {
            close(request.failure());
            return;
        }
        CompletableFuture<ExportTraceServiceResponse> answer;
        try {
            answer = service.submit(projectId, request.bytes(), announced);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        request = null; // the body can go while the rows wait for their commit
        if (answer.isDone()) {
            boolean failed = answer.isCompletedExceptionally();
            answer(failed ? null : answer.resultNow(), failed ? answer.exceptionNow() : null);
        } else {
            // The commit completes on the writer's thread; sending from there would delay every other request's commit.
            answer.whenComplete(this::handOff);
        }
    }

    private void handOff(ExportTraceServiceResponse response, Throwable failure) {
        try {
            responder.execute(() -> answer(response, failure));
        } catch (RejectedExecutionException stopped) {
            // The server stopped past its grace period and cancelled its calls; answer() only sees that.
            answer(response, failure);
        }
    }

    @Override
    public void onCancel() {
        // The client is gone (deadline, cancellation); rows already queued are stored regardless.
        cancelled = true;
    }

    private void answer(ExportTraceServiceResponse response, Throwable failure) {
        if (cancelled) {
            return;
        }
        if (failure != null) {
            StatusRuntimeException status = OtlpGrpcTraceService.failure(failure);
            Metadata trailers = status.getTrailers();
            call.close(status.getStatus(), trailers == null ? new Metadata() : trailers);
            return;
        }
        call.sendHeaders(new Metadata());
        call.sendMessage(response);
        call.close(Status.OK, new Metadata());
    }

    private void close(Status status) {
        if (!cancelled) {
            call.close(status, new Metadata());
        }
    }
}
