package io.glasshouse.ingest.otel;

import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.ScoreRow;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one OTLP export request says: one observation patch per accepted span (all creates), the
 * trace patches (at least one per trace id seen), scores from GenAI evaluation events, and the
 * spans rejected with their reasons.
 */
public record OtelMapping(
        List<TracePatch> traces, List<ObservationPatch> observations, List<ScoreRow> scores, List<SpanRejection> rejections) {
    private static final int REASONS_IN_MESSAGE = 5;

    public OtelMapping {
        traces = List.copyOf(traces);
        observations = List.copyOf(observations);
        scores = List.copyOf(scores);
        rejections = List.copyOf(rejections);
    }

    /** Spans in the request: accepted plus rejected. */
    public int spanCount() {
        return observations.size() + rejections.size();
    }

    public boolean hasRows() {
        return !traces.isEmpty() || !observations.isEmpty() || !scores.isEmpty();
    }

    /** A readable summary of the first rejections, for partial success and error messages. */
    public String rejectionSummary() {
        if (rejections.isEmpty()) {
            return "";
        }
        String first = rejections.stream().limit(REASONS_IN_MESSAGE).map(SpanRejection::toString)
                .collect(Collectors.joining("; "));
        int more = rejections.size() - REASONS_IN_MESSAGE;
        return rejections.size() + " of " + spanCount() + " spans rejected: " + first
                + (more > 0 ? "; and " + more + " more" : "");
    }

    /** The OTLP answer: empty on full success, with {@code partial_success} when spans were rejected. */
    public ExportTraceServiceResponse response() {
        if (rejections.isEmpty()) {
            return ExportTraceServiceResponse.getDefaultInstance();
        }
        return ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(rejections.size())
                        .setErrorMessage(rejectionSummary()))
                .build();
    }
}
