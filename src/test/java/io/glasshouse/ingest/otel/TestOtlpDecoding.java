package io.glasshouse.ingest.otel;

import static io.glasshouse.ingest.otel.TestingOtlp.PROJECT;
import static io.glasshouse.ingest.otel.TestingOtlp.ROOT_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.attr;
import static io.glasshouse.ingest.otel.TestingOtlp.hex;
import static io.glasshouse.ingest.otel.TestingOtlp.mapper;
import static io.glasshouse.ingest.otel.TestingOtlp.request;
import static io.glasshouse.ingest.otel.TestingOtlp.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TestOtlpDecoding {
    private static final OtlpDecoding DECODING = new OtlpDecoding(OtlpDecoding.DEFAULT_MAX_DECODED_BYTES);

    /** opentelemetry-proto examples/trace.json, verbatim: upper-case hex ids, numeric nanos, kind as a number. */
    private static final String SPEC_EXAMPLE = """
            {
              "resourceSpans": [
                {
                  "resource": {
                    "attributes": [
                      {
                        "key": "service.name",
                        "value": {
                          "stringValue": "my.service"
                        }
                      }
                    ]
                  },
                  "scopeSpans": [
                    {
                      "scope": {
                        "name": "my.library",
                        "version": "1.0.0",
                        "attributes": [
                          {
                            "key": "my.scope.attribute",
                            "value": {
                              "stringValue": "some scope attribute"
                            }
                          }
                        ]
                      },
                      "spans": [
                        {
                          "traceId": "5B8EFFF798038103D269B633813FC60C",
                          "spanId": "EEE19B7EC3C1B174",
                          "parentSpanId": "EEE19B7EC3C1B173",
                          "name": "I'm a server span",
                          "startTimeUnixNano": 1544712660000000000,
                          "endTimeUnixNano": 1544712661000000000,
                          "kind": 2,
                          "attributes": [
                            {
                              "key": "my.span.attr",
                              "value": {
                                "stringValue": "some value"
                              }
                            }
                          ]
                        }
                      ]
                    }
                  ]
                }
              ]
            }""";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GlasshouseException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private static ExportTraceServiceRequest sample() {
        return request("sample", span(ROOT_SPAN_ID, null, "root", attr("k", "v"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom")));
    }

    @Test
    void decodesProtobuf() {
        ExportTraceServiceRequest sent = sample();

        assertThat(DECODING.decode(sent.toByteArray(), "application/x-protobuf", null)).isEqualTo(sent);
        assertThat(DECODING.decode(sent.toByteArray(), "application/protobuf; charset=binary", "identity")).isEqualTo(sent);
    }

    @Test
    void decodesTheSpecExampleWithHexIds() {
        ExportTraceServiceRequest request = DECODING.decode(utf8(SPEC_EXAMPLE), "application/json", null);

        Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(span.getTraceId()).isEqualTo(hex("5b8efff798038103d269b633813fc60c"));
        assertThat(span.getSpanId()).isEqualTo(hex("eee19b7ec3c1b174"));
        assertThat(span.getParentSpanId()).isEqualTo(hex("eee19b7ec3c1b173"));
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(1544712661000000000L);
        assertThat(span.getAttributes(0).getValue().getStringValue()).isEqualTo("some value");
        assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getVersion()).isEqualTo("1.0.0");

        var observation = mapper().map(PROJECT, request).observations().get(0);
        assertThat(observation.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(observation.id()).isEqualTo("eee19b7ec3c1b174");
        assertThat(observation.parentObservationId()).isEqualTo("eee19b7ec3c1b173");
        assertThat(observation.startTime()).isEqualTo(Instant.parse("2018-12-13T14:51:00Z"));
        assertThat(observation.metadata()).containsEntry("my.span.attr", "some value")
                .containsEntry("otel.scope.attributes", "{\"my.scope.attribute\":\"some scope attribute\"}");
        assertThat(observation.resourceAttributes()).containsEntry("service.name", "my.service");
    }

    @Test
    void acceptsEnumNamesStringInt64sLinksUnknownFieldsAndBase64Ids() {
        String json = """
                {"resourceSpans": [{"futureField": 1, "scopeSpans": [{"spans": [
                  {"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331",
                   "name": "client", "kind": "SPAN_KIND_CLIENT",
                   "startTimeUnixNano": "1752000000000000000", "endTimeUnixNano": "1752000001000000000",
                   "attributes": [{"key": "n", "value": {"intValue": "12"}}],
                   "status": {"code": "STATUS_CODE_ERROR", "message": "boom"},
                   "links": [{"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b7"}]},
                  {"traceId": "CvdlGRbNQ92ESOshHIAxnA==", "spanId": "t61rcWkgMzE=", "name": "base64 ids"}
                ]}]}]}""";

        ExportTraceServiceRequest request = DECODING.decode(utf8(json), "application/json; charset=utf-8", null);

        Span client = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(client.getTraceId()).isEqualTo(hex("0af7651916cd43dd8448eb211c80319c"));
        assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(client.getStartTimeUnixNano()).isEqualTo(1752000000000000000L);
        assertThat(client.getAttributes(0).getValue().getIntValue()).isEqualTo(12);
        assertThat(client.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(client.getLinks(0).getTraceId()).isEqualTo(hex("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(client.getLinks(0).getSpanId()).isEqualTo(hex("00f067aa0ba902b7"));
        Span base64 = request.getResourceSpans(0).getScopeSpans(0).getSpans(1);
        assertThat(base64.getTraceId()).isEqualTo(hex("0af7651916cd43dd8448eb211c80319c"));
        assertThat(base64.getSpanId()).isEqualTo(hex("b7ad6b7169203331"));
    }

    @Test
    void malformedHexIdsReachTheMapperAsRejections() {
        String json = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [
                  {"traceId": "0af7651916cd43dd8448eb211c8031", "spanId": "b7ad6b7169203331", "name": "short trace id"}
                ]}]}]}""";

        OtelMapping mapping = mapper().map(PROJECT, DECODING.decode(utf8(json), "application/json", null));

        assertThat(mapping.rejections()).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("traceId has 22 bytes; it must have 16"));
    }

    @Test
    void loneSurrogateEscapesBecomeReplacementCharacters() {
        // UTF-8 cannot carry a lone surrogate; ClickHouse refused the row and with it the whole insert.
        String json = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{
                  "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
                  "name": "a\\ud800b\\uDC00c \\ud83d\\ude00 \\\\ud800 \\ud800",
                  "attributes": [{"key": "k\\udbff", "value": {"stringValue": "\\ud800\\ud800\\udc00"}}]
                }]}]}]}""";

        Span span = DECODING.decode(utf8(json), "application/json", null)
                .getResourceSpans(0).getScopeSpans(0).getSpans(0);

        assertThat(span.getName()).isEqualTo("a\uFFFDb\uFFFDc \uD83D\uDE00 \\ud800 \uFFFD");
        assertThat(span.getAttributes(0).getKey()).isEqualTo("k\uFFFD");
        assertThat(span.getAttributes(0).getValue().getStringValue()).isEqualTo("\uFFFD\uD800\uDC00");
    }

    @Test
    void textWithoutLoneSurrogatesIsLeftAsItIs() {
        for (String text : new String[] {"{}", "{\"a\": \"\\u00e9\\n\\\\u\"}", "\\", "\\u12", "\\uzzzz\\ud83d\\ude00"}) {
            assertThat(LoneSurrogateEscapes.replace(text)).isSameAs(text);
        }
        assertThat(LoneSurrogateEscapes.replace("\\udc00")).isEqualTo("\\ufffd");
        assertThat(LoneSurrogateEscapes.replace("x\\ud800")).isEqualTo("x\\ufffd");
    }

    @Test
    void emptyRequests() {
        assertThat(DECODING.decode(new byte[0], "application/x-protobuf", null))
                .isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
        assertThat(DECODING.decode(utf8("{}"), "application/json", null))
                .isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
        assertThat(DECODING.decode(utf8("{\"resourceSpans\": []}"), "application/json", null))
                .isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
        assertFails(() -> DECODING.decode(new byte[0], "application/json", null), ErrorCode.INVALID_REQUEST,
                "the body is empty");
    }

    @Test
    void decodesGzip() throws IOException {
        ExportTraceServiceRequest sent = sample();

        assertThat(DECODING.decode(gzip(sent.toByteArray()), "application/x-protobuf", "gzip")).isEqualTo(sent);
        assertThat(DECODING.decode(gzip(utf8(SPEC_EXAMPLE)), "application/json", "GZIP").getResourceSpansCount()).isEqualTo(1);
        // A proxy that drops Content-Encoding: the gzip magic number still gives it away.
        assertThat(DECODING.decode(gzip(sent.toByteArray()), "application/x-protobuf", null)).isEqualTo(sent);
    }

    @Test
    void gzipBombStopsAtTheCap() throws IOException {
        OtlpDecoding small = new OtlpDecoding(1024 * 1024);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        byte[] bomb = compressed.toByteArray();
        assertThat(bomb.length).isLessThan(200_000);

        assertFails(() -> small.decode(bomb, "application/x-protobuf", "gzip"), ErrorCode.PAYLOAD_TOO_LARGE,
                "the decoded body exceeds 1048576 bytes");
    }

    @Test
    void uncompressedBodyOverTheCapIsTooLarge() {
        OtlpDecoding tiny = new OtlpDecoding(16);

        assertFails(() -> tiny.decode(new byte[17], "application/x-protobuf", null), ErrorCode.PAYLOAD_TOO_LARGE,
                "exceeds 16 bytes");
        assertThat(ErrorCode.PAYLOAD_TOO_LARGE.httpStatus()).isEqualTo(413);
    }

    @Test
    void brokenGzipIsInvalid() throws IOException {
        byte[] truncated = Arrays.copyOf(gzip(sample().toByteArray()), 20);

        assertFails(() -> DECODING.decode(truncated, "application/x-protobuf", "gzip"), ErrorCode.INVALID_REQUEST,
                "the body is not valid gzip");
        assertFails(() -> DECODING.decode(utf8("plain"), "application/json", "gzip"), ErrorCode.INVALID_REQUEST,
                "not valid gzip");
    }

    @Test
    void unsupportedContentTypeOrEncoding() {
        byte[] body = sample().toByteArray();

        assertFails(() -> DECODING.decode(body, "text/plain", null), ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type text/plain is not supported; OTLP/HTTP traces must be application/x-protobuf or application/json");
        assertFails(() -> DECODING.decode(body, null, null), ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type is missing");
        assertFails(() -> DECODING.decode(body, "application/x-protobuf", "br"), ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Content-Encoding br is not supported");
        assertThat(ErrorCode.UNSUPPORTED_MEDIA_TYPE.httpStatus()).isEqualTo(415);
    }

    @Test
    void garbageIsInvalidWithAClearMessage() {
        byte[] truncatedVarint = {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertFails(() -> DECODING.decode(truncatedVarint, "application/x-protobuf", null), ErrorCode.INVALID_REQUEST,
                "the body is not an OTLP ExportTraceServiceRequest in protobuf");
        // Bytes that happen to parse as unknown fields only are no trace export either.
        byte[] unknownField = {0x78, 0x01};
        assertFails(() -> DECODING.decode(unknownField, "application/x-protobuf", null), ErrorCode.INVALID_REQUEST,
                "unknown fields only");
        assertFails(() -> DECODING.decode(utf8("not json"), "application/json", null), ErrorCode.INVALID_REQUEST,
                "the body is not an OTLP/JSON ExportTraceServiceRequest");
        assertFails(() -> DECODING.decode(utf8("[1, 2]"), "application/json", null), ErrorCode.INVALID_REQUEST,
                "not an OTLP/JSON ExportTraceServiceRequest");
        // A hand-rolled exporter sending attributes as an object instead of a key-value list.
        assertFails(() -> DECODING.decode(utf8("""
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"name": "x", "attributes": {"k": "v"}}]}]}]}"""),
                "application/json", null), ErrorCode.INVALID_REQUEST, "not an OTLP/JSON ExportTraceServiceRequest");
        assertFails(() -> DECODING.decode(utf8(SPEC_EXAMPLE), "application/x-protobuf", null), ErrorCode.INVALID_REQUEST,
                "OTLP");
        // Deep nesting must come back as bad input, not as a stack overflow.
        String deep = "{\"resourceSpans\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        assertFails(() -> DECODING.decode(utf8(deep), "application/json", null), ErrorCode.INVALID_REQUEST,
                "not an OTLP/JSON ExportTraceServiceRequest");
    }

    @Test
    void encodesResponsesInTheRequestFormat() throws Exception {
        ExportTraceServiceResponse partial = ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("bad ids"))
                .build();

        assertThat(new String(OtlpDecoding.encode(partial, OtlpDecoding.Format.JSON), StandardCharsets.UTF_8))
                .isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"bad ids\"}}");
        assertThat(new String(OtlpDecoding.encode(ExportTraceServiceResponse.getDefaultInstance(), OtlpDecoding.Format.JSON),
                StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(ExportTraceServiceResponse.parseFrom(OtlpDecoding.encode(partial, OtlpDecoding.Format.PROTOBUF)))
                .isEqualTo(partial);
        assertThat(new String(OtlpDecoding.encodeError(ErrorCode.INVALID_REQUEST, "bad body", OtlpDecoding.Format.JSON),
                StandardCharsets.UTF_8)).isEqualTo("{\"code\":3,\"message\":\"bad body\"}");
        assertThat(com.google.rpc.Status.parseFrom(
                OtlpDecoding.encodeError(ErrorCode.TOO_MANY_REQUESTS, "full", OtlpDecoding.Format.PROTOBUF)).getCode())
                .isEqualTo(8);
        assertThat(OtlpDecoding.format("application/json").mediaType()).isEqualTo("application/json");
        assertThat(OtlpDecoding.format("Application/X-Protobuf").mediaType()).isEqualTo("application/x-protobuf");
    }
}
