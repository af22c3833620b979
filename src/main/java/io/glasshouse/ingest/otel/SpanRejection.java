package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

/**
 * A span that was not stored, and why. Ids are the hex of whatever bytes were sent (empty when
 * none), so the sender can find the span.
 */
public record SpanRejection(String traceId, String spanId, String reason) {
    public SpanRejection {
        requireNonNull(traceId, "traceId is null");
        requireNonNull(spanId, "spanId is null");
        requireNonNull(reason, "reason is null");
    }

    @Override
    public String toString() {
        return "span " + (spanId.isEmpty() ? "(no id)" : spanId) + " of trace " + (traceId.isEmpty() ? "(no id)" : traceId)
                + ": " + reason;
    }
}
