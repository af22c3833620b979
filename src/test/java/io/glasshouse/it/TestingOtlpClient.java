package io.glasshouse.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A minimal OTLP/HTTP trace exporter for process tests: protobuf, protobuf + gzip, or OTLP/JSON with hex ids. */
final class TestingOtlpClient {
    enum Encoding {
        PROTOBUF,
        PROTOBUF_GZIP,
        JSON
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;

    TestingOtlpClient(URI base) {
        this.base = base;
    }

    /** Root spans, one per span id, all in one trace; named after their span id. */
    static ExportTraceServiceRequest spans(String traceIdHex, List<String> spanIdsHex) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("crash-safety"));
        long now = nanos(Instant.now());
        for (String spanId : spanIdsHex) {
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(HEX.parseHex(traceIdHex)))
                    .setSpanId(ByteString.copyFrom(HEX.parseHex(spanId)))
                    .setName("span " + spanId)
                    .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                    .setStartTimeUnixNano(now)
                    .setEndTimeUnixNano(now + 1_000_000)
                    .addAttributes(attribute("input.value", "question " + spanId)));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "glasshouse-it")))
                        .addScopeSpans(scope))
                .build();
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    HttpResponse<byte[]> export(ExportTraceServiceRequest request, Encoding encoding) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve("/api/public/otel/v1/traces"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestingIngestClient.authorization());
        byte[] body = switch (encoding) {
            case PROTOBUF -> {
                builder.header("Content-Type", "application/x-protobuf");
                yield request.toByteArray();
            }
            case PROTOBUF_GZIP -> {
                builder.header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip");
                yield gzip(request.toByteArray());
            }
            case JSON -> {
                builder.header("Content-Type", "application/json");
                yield json(request);
            }
        };
        return http.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** True for a 200 whose response reports no rejected span. */
    static boolean accepted(HttpResponse<byte[]> response, Encoding encoding) throws InvalidProtocolBufferException {
        if (response.statusCode() != 200) {
            return false;
        }
        if (encoding == Encoding.JSON) {
            return !new String(response.body(), StandardCharsets.UTF_8).contains("rejectedSpans");
        }
        ExportTraceServiceResponse parsed = ExportTraceServiceResponse.parseFrom(response.body());
        return !parsed.hasPartialSuccess() || parsed.getPartialSuccess().getRejectedSpans() == 0;
    }

    // OTLP/JSON as exporters write it: hex ids, nanoseconds as strings.
    private static byte[] json(ExportTraceServiceRequest request) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode resourceSpans = root.putArray("resourceSpans");
        for (ResourceSpans rs : request.getResourceSpansList()) {
            ObjectNode resource = resourceSpans.addObject();
            attributes(resource.putObject("resource").putArray("attributes"), rs.getResource().getAttributesList());
            ArrayNode scopes = resource.putArray("scopeSpans");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ObjectNode scope = scopes.addObject();
                scope.putObject("scope").put("name", ss.getScope().getName());
                ArrayNode spans = scope.putArray("spans");
                for (Span span : ss.getSpansList()) {
                    ObjectNode s = spans.addObject();
                    s.put("traceId", HEX.formatHex(span.getTraceId().toByteArray()));
                    s.put("spanId", HEX.formatHex(span.getSpanId().toByteArray()));
                    s.put("name", span.getName());
                    s.put("kind", span.getKindValue());
                    s.put("startTimeUnixNano", Long.toUnsignedString(span.getStartTimeUnixNano()));
                    s.put("endTimeUnixNano", Long.toUnsignedString(span.getEndTimeUnixNano()));
                    attributes(s.putArray("attributes"), span.getAttributesList());
                }
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void attributes(ArrayNode into, List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            into.addObject().put("key", kv.getKey()).putObject("value").put("stringValue", kv.getValue().getStringValue());
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
