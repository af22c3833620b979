package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.model.ProjectId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One OTLP trace export, whatever the transport: map, store, answer. Shared by the gRPC service
 * and the HTTP handlers so both behave the same.
 */
public final class OtlpTraceIngest {
    private final OtelSpanMapper mapper;
    private final OtlpSink sink;
    private final Supplier<EventWriter.Arrival> arrivals;

    public OtlpTraceIngest(OtelSpanMapper mapper, OtlpSink sink) {
        this(mapper, sink, EventWriter.Arrival::none);
    }

    /** @param arrivals announces each export to the writer while it is mapped ({@link EventWriter#arriving()}) */
    public OtlpTraceIngest(OtelSpanMapper mapper, OtlpSink sink, Supplier<EventWriter.Arrival> arrivals) {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.arrivals = requireNonNull(arrivals, "arrivals is null");
    }

    /**
     * Maps the request and hands the result to the sink, on the caller's thread; the answer
     * completes once the rows are committed. The response is empty on full success and carries
     * {@code partial_success} (rejected span count and reasons) when some spans were rejected. An
     * empty request is a success.
     *
     * @return fails with the sink's GlasshouseException (unwrap with {@link #cause})
     * @throws GlasshouseException INVALID_REQUEST when every span was rejected (nothing stored:
     *     the sender has to fix its data, a retry cannot help), or what the sink throws
     */
    public CompletableFuture<ExportTraceServiceResponse> submit(ProjectId projectId, ExportTraceServiceRequest request) {
        return submit(projectId, request, announce());
    }

    /**
     * As {@link #submit(ProjectId, ExportTraceServiceRequest)}, for a request announced earlier
     * ({@link #announce()}); the announcement ends once the rows are queued or the request failed.
     */
    public CompletableFuture<ExportTraceServiceResponse> submit(ProjectId projectId, ExportTraceServiceRequest request,
            EventWriter.Arrival arrival) {
        // The sink queues the rows before it returns, so the announcement ends once they are queued.
        try (arrival) {
            return mapAndSubmit(projectId, request);
        }
    }

    /**
     * Tells the writer that an export is on its way, for a transport that knows of a request before
     * it can be decoded (OTLP/gRPC, when its stream opens); close it if the request never comes.
     */
    public EventWriter.Arrival announce() {
        return arrivals.get();
    }

    private CompletableFuture<ExportTraceServiceResponse> mapAndSubmit(ProjectId projectId, ExportTraceServiceRequest request) {
        OtelMapping mapping = mapper.map(projectId, request);
        if (!mapping.rejections().isEmpty() && mapping.observations().isEmpty()) {
            throw GlasshouseException.invalid(mapping.rejectionSummary());
        }
        if (!mapping.hasRows()) {
            return CompletableFuture.completedFuture(mapping.response());
        }
        // Only the answer waits for the commit: the mapped spans stay reachable no longer than the
        // sink needs them (the wait is a group commit, long enough for a young collection).
        ExportTraceServiceResponse response = mapping.response();
        return sink.submit(projectId, mapping).thenApply(committed -> response);
    }

    /**
     * Waits on the caller's thread (OTLP/HTTP) for what {@link #submit} returned. The caller should
     * hold no reference to the request meanwhile: the wait lasts a group commit, and a request kept
     * that long is copied by every young collection in between.
     *
     * @throws GlasshouseException as {@link #submit} fails
     */
    public static ExportTraceServiceResponse await(CompletableFuture<ExportTraceServiceResponse> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw cause(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "interrupted while storing events");
        }
    }

    /** Why a {@link #submit} future failed, as the exception to answer with. */
    static RuntimeException cause(Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : failure;
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storing events failed; retry", cause);
    }
}
