package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * One OTLP trace export, whatever the transport: map, store, answer. Shared by the gRPC service
 * and the HTTP handlers so both behave the same.
 */
public final class OtlpTraceIngest {
    private final OtelSpanMapper mapper;
    private final OtlpSink sink;

    public OtlpTraceIngest(OtelSpanMapper mapper, OtlpSink sink) {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.sink = requireNonNull(sink, "sink is null");
    }

    /**
     * Maps the request and hands the result to the sink. The response is empty on full success and
     * carries {@code partial_success} (rejected span count and reasons) when some spans were
     * rejected. An empty request is a success.
     *
     * @throws GlasshouseException INVALID_REQUEST when every span was rejected (nothing stored:
     *     the sender has to fix its data, a retry cannot help), or what the sink throws
     */
    public ExportTraceServiceResponse export(ProjectId projectId, ExportTraceServiceRequest request) {
        OtelMapping mapping = mapper.map(projectId, request);
        if (!mapping.rejections().isEmpty() && mapping.observations().isEmpty()) {
            throw GlasshouseException.invalid(mapping.rejectionSummary());
        }
        if (mapping.hasRows()) {
            sink.accept(projectId, mapping);
        }
        return mapping.response();
    }
}
