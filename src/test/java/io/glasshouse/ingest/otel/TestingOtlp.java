package io.glasshouse.ingest.otel;

import com.google.protobuf.ByteString;
import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.ProjectId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Readable OTLP test data: fixed ids and times, attribute and span builders. */
final class TestingOtlp {
    static final ProjectId PROJECT = new ProjectId("project-otel");
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String ROOT_SPAN_ID = "b7ad6b7169203331";
    static final String CHILD_SPAN_ID = "00f067aa0ba902b7";
    /** 2025-07-08T18:40:00Z. */
    static final Instant START = Instant.parse("2025-07-08T18:40:00Z");
    static final Instant END = START.plusMillis(1500);
    static final Instant NOW = Instant.parse("2025-07-08T19:00:00Z");

    private TestingOtlp() {}

    static OtelSpanMapper mapper() {
        return new OtelSpanMapper(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static KeyValue attr(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    static KeyValue attr(String key, boolean value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
    }

    static KeyValue attr(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static AnyValue strings(String... values) {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        Arrays.stream(values).forEach(v -> array.addValues(AnyValue.newBuilder().setStringValue(v)));
        return AnyValue.newBuilder().setArrayValue(array).build();
    }

    static AnyValue array(AnyValue... values) {
        return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(List.of(values))).build();
    }

    static AnyValue kvlist(KeyValue... values) {
        return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(List.of(values))).build();
    }

    static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** A span of {@link #TRACE_ID} from {@link #START} to {@link #END}; parent null makes a root. */
    static Span.Builder span(String spanId, String parentId, String name, KeyValue... attributes) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(hex(TRACE_ID))
                .setSpanId(hex(spanId))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(nanos(START))
                .setEndTimeUnixNano(nanos(END))
                .addAllAttributes(List.of(attributes));
        if (parentId != null) {
            span.setParentSpanId(hex(parentId));
        }
        return span;
    }

    static Span.Event event(String name, KeyValue... attributes) {
        return Span.Event.newBuilder().setName(name).setTimeUnixNano(nanos(START.plusMillis(10)))
                .addAllAttributes(List.of(attributes)).build();
    }

    static Resource resource(KeyValue... attributes) {
        return Resource.newBuilder().addAllAttributes(List.of(attributes)).build();
    }

    static ExportTraceServiceRequest request(Resource resource, String scopeName, String scopeVersion, Span.Builder... spans) {
        return request(resource, InstrumentationScope.newBuilder().setName(scopeName).setVersion(scopeVersion).build(), spans);
    }

    static ExportTraceServiceRequest request(Resource resource, InstrumentationScope scope, Span.Builder... spans) {
        ScopeSpans.Builder scopeSpans = ScopeSpans.newBuilder().setScope(scope);
        Arrays.stream(spans).forEach(scopeSpans::addSpans);
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scopeSpans))
                .build();
    }

    static ExportTraceServiceRequest request(String scopeName, Span.Builder... spans) {
        return request(resource(attr("service.name", "test-service")), scopeName, "", spans);
    }

    /** Maps a request holding just {@code span} and returns its observation. */
    static ObservationPatch observationOf(String scopeName, Span.Builder span) {
        OtelMapping mapping = mapper().map(PROJECT, request(scopeName, span));
        if (mapping.observations().size() != 1) {
            throw new AssertionError("expected one observation, got " + mapping);
        }
        return mapping.observations().get(0);
    }

    static TracePatch traceOf(OtelMapping mapping) {
        if (mapping.traces().size() != 1) {
            throw new AssertionError("expected one trace patch, got " + mapping.traces());
        }
        return mapping.traces().get(0);
    }
}
