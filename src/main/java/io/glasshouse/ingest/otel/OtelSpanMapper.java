package io.glasshouse.ingest.otel;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreRow;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps an OTLP trace export to Glasshouse patches, following Langfuse's OTel ingestion
 * (packages/shared/src/server/otel/OtelIngestionProcessor.ts) so every SDK that sends to Langfuse
 * gets the same traces here. Per span:
 * <ul>
 *   <li>ids: trace id as 32 lower-case hex, observation id as the 16-hex span id, the parent span
 *       id as parent (empty or all zeros: none). A span whose trace or span id is missing, of the
 *       wrong length or all zeros, or whose parent id has the wrong length, is rejected with the
 *       reason (OTLP partial success); so is a span whose mapping failed unexpectedly.
 *   <li>one ObservationPatch, a create: times from the start/end nanoseconds (a missing edge takes
 *       the other; both missing: now), {@code eventTime} = end. Type, name, environment, level,
 *       input/output, model, parameters, usage, cost, prompt: see {@link ObservationTypes},
 *       {@link InputOutput}, {@link GenerationFields}, {@link Usage}, {@link Environments}.
 *       Status ERROR gives level ERROR and the status message (else the exception event's type
 *       and message). Resource attributes go to {@code resourceAttributes}, the scope name to
 *       {@code scopeName}.
 *   <li>a TracePatch when the span is a root (no parent, or {@code langfuse.internal.as_root})
 *       — name ({@code langfuse.trace.name}, else the observation's), input and output
 *       ({@code langfuse.trace.input/output}, else the observation's), start as timestamp,
 *       metadata — or when it carries trace attributes ({@link TraceFields}). Every other trace
 *       id in the request gets one minimal patch (id, timestamp, environment) so the trace exists,
 *       as Langfuse's "shallow" trace does; it is left out when the request holds a fuller patch
 *       for that trace.
 *   <li>scores from {@code gen_ai.evaluation.result} events ({@link EvaluationEvents}).
 * </ul>
 *
 * <p>Metadata rule: an attribute whose value went into a typed field (including trace fields)
 * is consumed and not repeated in metadata; every other span attribute is kept in the
 * observation's metadata under its own key, strings as they are and other values as JSON. User
 * metadata ({@code langfuse.observation.metadata.*}, {@code langfuse.metadata.*},
 * {@code ai.telemetry.metadata.*}, OpenInference {@code metadata}) is stored under the user's
 * keys and wins over a leftover attribute of the same name. Where several attributes could fill
 * one field, only the one used is consumed; the others stay in metadata (a response model beside
 * a request model, say). The exception is input/output, whose alternatives are the same payload
 * in another shape (see {@link InputOutput}). Span events no field used go to
 * {@code otel.events}, links to {@code otel.links}, the scope version and attributes to
 * {@code otel.scope.version} and {@code otel.scope.attributes}. A root span's trace patch carries
 * the observation's user metadata and leftover attributes, overlaid with the trace metadata. The
 * SDKs' control flags {@code langfuse.internal.*} are never metadata.
 */
public final class OtelSpanMapper {
    private static final Logger LOG = LoggerFactory.getLogger(OtelSpanMapper.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Clock clock;

    public OtelSpanMapper(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    public OtelMapping map(ProjectId projectId, ExportTraceServiceRequest request) {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(request, "request is null");
        Instant now = clock.instant();
        List<TracePatch> traces = new ArrayList<>();
        List<ObservationPatch> observations = new ArrayList<>();
        List<ScoreRow> scores = new ArrayList<>();
        List<SpanRejection> rejections = new ArrayList<>();
        Set<String> tracesWithPatch = new HashSet<>();
        Map<String, TracePatch> minimalTraces = new LinkedHashMap<>();
        RuntimeException firstFailure = null;
        int failures = 0;

        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            var resource = SpanToPatches.Resource.of(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                var scope = SpanToPatches.Scope.of(scopeSpans.getScope());
                for (Span span : scopeSpans.getSpansList()) {
                    String traceId = HEX.formatHex(span.getTraceId().toByteArray());
                    String spanId = HEX.formatHex(span.getSpanId().toByteArray());
                    String problem = idProblem(span);
                    if (problem != null) {
                        rejections.add(new SpanRejection(traceId, spanId, problem));
                        continue;
                    }
                    SpanToPatches.Converted converted;
                    try {
                        converted = SpanToPatches.convert(
                                projectId, traceId, spanId, parentId(span), span, resource, scope, now);
                    } catch (RuntimeException e) {
                        firstFailure = firstFailure == null ? e : firstFailure;
                        failures++;
                        rejections.add(new SpanRejection(traceId, spanId,
                                "could not be mapped (" + e.getClass().getSimpleName() + "); the server log has details"));
                        continue;
                    }
                    ObservationPatch observation = converted.observation();
                    observations.add(observation);
                    scores.addAll(converted.scores());
                    if (converted.trace() != null) {
                        traces.add(converted.trace());
                        tracesWithPatch.add(traceId);
                    } else {
                        minimalTraces.merge(traceId, minimalTrace(observation), OtelSpanMapper::earlier);
                    }
                }
            }
        }
        if (firstFailure != null) {
            LOG.warn("project {}: {} spans could not be mapped; first failure:", projectId, failures, firstFailure);
        }
        minimalTraces.forEach((traceId, patch) -> {
            if (!tracesWithPatch.contains(traceId)) {
                traces.add(patch);
            }
        });
        return new OtelMapping(traces, observations, scores, rejections);
    }

    private static TracePatch minimalTrace(ObservationPatch observation) {
        return new TracePatch(observation.projectId(), observation.traceId(), observation.eventTime(),
                observation.startTime(), null, null, null, observation.environment(), null, null, null, null,
                Map.of(), List.of(), null, true);
    }

    private static TracePatch earlier(TracePatch a, TracePatch b) {
        return b.timestamp().isBefore(a.timestamp()) ? b : a;
    }

    private static String parentId(Span span) {
        ByteString parent = span.getParentSpanId();
        return parent.isEmpty() || isAllZeros(parent) ? null : HEX.formatHex(parent.toByteArray());
    }

    // Why a span cannot be stored, or null. A logs or metrics export posted to the traces endpoint
    // decodes into spans without ids (the field numbers overlap), hence the hint.
    static String idProblem(Span span) {
        String problem = idProblem(span.getTraceId(), 16, "traceId");
        if (problem == null) {
            problem = idProblem(span.getSpanId(), 8, "spanId");
        }
        if (problem == null && !span.getParentSpanId().isEmpty() && span.getParentSpanId().size() != 8) {
            problem = "parentSpanId has " + span.getParentSpanId().size()
                    + " bytes; it must have 8 (16 hex characters in OTLP/JSON), or be empty for a root span";
        }
        return problem;
    }

    private static String idProblem(ByteString id, int bytes, String field) {
        if (id.isEmpty()) {
            return field + " is missing (an OTLP logs or metrics export sent to the traces endpoint looks like this)";
        }
        if (id.size() != bytes) {
            return field + " has " + id.size() + " bytes; it must have " + bytes + " (" + 2 * bytes
                    + " hex characters in OTLP/JSON)";
        }
        if (isAllZeros(id)) {
            return field + " is all zeros, which OpenTelemetry defines as invalid";
        }
        return null;
    }

    private static boolean isAllZeros(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
