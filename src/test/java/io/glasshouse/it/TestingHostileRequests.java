package io.glasshouse.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Malformed and hostile HTTP requests, as data: each has a name, the answer expected and how to
 * send it. {@link HostileInputIT} sends them all to one server. Expected answers are exact where
 * the API defines them (400 for a malformed envelope, 207 with an error per event, 401, 405,
 * 413, 414, 415, 431), so a change of status is seen.
 */
final class TestingHostileRequests {
    /** The answer a case must get. {@code EVENT_ERRORS}: HTTP 207 where every event has an error. */
    enum Expect {
        BAD_REQUEST(400),
        UNAUTHORIZED(401),
        NOT_FOUND(404),
        METHOD_NOT_ALLOWED(405),
        PAYLOAD_TOO_LARGE(413),
        URI_TOO_LONG(414),
        UNSUPPORTED_MEDIA_TYPE(415),
        HEADERS_TOO_LARGE(431),
        EVENT_ERRORS(207);

        final int status;

        Expect(int status) {
            this.status = status;
        }
    }

    record Reply(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, UTF_8);
        }
    }

    @FunctionalInterface
    interface Sender {
        Reply send(URI base) throws Exception;
    }

    record HostileCase(String name, Expect expect, Sender sender) {}

    static final String PUBLIC_KEY = TestingIngestClient.PUBLIC_KEY;
    static final String BASIC = TestingIngestClient.authorization();
    static final String TS = "\"timestamp\":\"2026-11-25T10:00:00.000Z\"";
    private static final String INGESTION = "/api/public/ingestion";
    private static final String OTLP = "/api/public/otel/v1/traces";
    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN_ID = "eee19b7ec3c1b174";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final List<HostileCase> cases = new ArrayList<>();
    private int eventNumber;

    private TestingHostileRequests() {}

    static List<HostileCase> all() {
        TestingHostileRequests r = new TestingHostileRequests();
        r.batchEnvelopes();
        r.batchEvents();
        r.authentication();
        r.otlpProtobuf();
        r.otlpJson();
        r.compression();
        r.contentTypes();
        r.methodsAndPaths();
        r.reads();
        r.httpLevel();
        return List.copyOf(r.cases);
    }

    // --- the catalogue -----------------------------------------------------------------------

    private void batchEnvelopes() {
        batch("empty body", Expect.BAD_REQUEST, "");
        batch("only whitespace", Expect.BAD_REQUEST, " \n\t ");
        batch("JSON null", Expect.BAD_REQUEST, "null");
        batch("top-level array", Expect.BAD_REQUEST, "[]");
        batch("top-level string", Expect.BAD_REQUEST, "\"batch\"");
        batch("top-level number", Expect.BAD_REQUEST, "42");
        batch("top-level boolean", Expect.BAD_REQUEST, "true");
        batch("truncated object", Expect.BAD_REQUEST, "{");
        batch("truncated batch array", Expect.BAD_REQUEST, "{\"batch\": [");
        batch("truncated inside an event", Expect.BAD_REQUEST, "{\"batch\": [{\"id\": \"a\", \"type\": \"trace-cr");
        batch("no batch field", Expect.BAD_REQUEST, "{}");
        batch("batch is null", Expect.BAD_REQUEST, "{\"batch\": null}");
        batch("batch is an object", Expect.BAD_REQUEST, "{\"batch\": {}}");
        batch("batch is a string", Expect.BAD_REQUEST, "{\"batch\": \"events\"}");
        batch("batch is a number", Expect.BAD_REQUEST, "{\"batch\": 1e999}");
        batch("trailing garbage", Expect.BAD_REQUEST, "{\"batch\": []} trailing");
        batch("two JSON documents", Expect.BAD_REQUEST, "{\"batch\": []}{\"batch\": []}");
        batch("single quotes", Expect.BAD_REQUEST, "{'batch': []}");
        batch("comments", Expect.BAD_REQUEST, "{/* c */ \"batch\": []}");
        batch("NaN literal", Expect.BAD_REQUEST, "{\"batch\": [], \"metadata\": NaN}");
        batch("unquoted key", Expect.BAD_REQUEST, "{batch: []}");
        batch("duplicate comma", Expect.BAD_REQUEST, "{\"batch\": [,]}");
        batch("100k nested arrays", Expect.BAD_REQUEST, "[".repeat(100_000) + "]".repeat(100_000));
        batch("100k nested arrays, unclosed", Expect.BAD_REQUEST, "{\"batch\": " + "[".repeat(100_000));
        batch("300 nested objects in a body", Expect.BAD_REQUEST, "{\"batch\": [{\"id\": \"deep\", \"type\": \"trace-create\", "
                + TS + ", \"body\": {\"id\": \"deep\", \"input\": " + "{\"a\":".repeat(300) + "1" + "}".repeat(300) + "}}]}");
        batchBytes("invalid UTF-8 in a string", Expect.BAD_REQUEST,
                concat(utf8("{\"batch\": [{\"id\": \""), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}]}")));
        batchBytes("overlong UTF-8 slash", Expect.BAD_REQUEST,
                concat(utf8("{\"batch\": [{\"id\": \"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}]}")));
        batchBytes("UTF-8 encoded surrogate (CESU)", Expect.BAD_REQUEST,
                concat(utf8("{\"batch\": [{\"id\": \"a"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}]}")));
        batchBytes("NUL byte between tokens", Expect.BAD_REQUEST, concat(utf8("{\"batch\":"), new byte[] {0}, utf8("[]}")));
        batchBytes("raw control character in a string", Expect.BAD_REQUEST,
                concat(utf8("{\"batch\": [{\"id\": \"a"), new byte[] {1}, utf8("\"}]}")));
        batchBytes("random bytes", Expect.BAD_REQUEST, randomBytes(1, 4096));
        batchBytes("a gzip body without Content-Encoding support", Expect.BAD_REQUEST,
                TestingOtlpClient.gzip(utf8("{\"batch\": []}")));
        StringBuilder many = new StringBuilder("{\"batch\": [");
        for (int i = 0; i < 5001; i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        batch("5001 events, over the per-request limit", Expect.BAD_REQUEST, many.append("]}").toString());
        batchBytes("UTF-16 with BOM (JSON between systems is UTF-8)", Expect.BAD_REQUEST,
                concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, "{\"batch\": [{\"id\": 1}]}".getBytes(UTF_16BE)));
    }

    private void batchEvents() {
        events("event is a string", "\"trace-create\"");
        events("event is a number", "7");
        events("event is an array", "[]");
        events("event is null", "null");
        events("id missing", "{\"type\": \"trace-create\", " + TS + ", \"body\": {\"id\": \"t\"}}");
        events("id is a number", "{\"id\": 1, \"type\": \"trace-create\", " + TS + ", \"body\": {\"id\": \"t\"}}");
        events("id is empty", "{\"id\": \"\", \"type\": \"trace-create\", " + TS + ", \"body\": {\"id\": \"t\"}}");
        events("id of 10k characters", "{\"id\": \"" + "i".repeat(10_000) + "\", \"type\": \"trace-create\", " + TS
                + ", \"body\": {\"id\": \"t\"}}");
        events("id with a carriage return", "{\"id\": \"a\\rb\", \"type\": \"trace-create\", " + TS + ", \"body\": {\"id\": \"t\"}}");
        events("id is an object", "{\"id\": {\"x\": 1}, \"type\": \"trace-create\", " + TS + ", \"body\": {\"id\": \"t\"}}");
        events("timestamp missing", "{\"id\": \"" + id() + "\", \"type\": \"trace-create\", \"body\": {\"id\": \"t\"}}");
        events("timestamp is a number", event("trace-create", "{\"id\": \"t\"}").replace(TS, "\"timestamp\": 1764064800000"));
        events("timestamp is garbage", event("trace-create", "{\"id\": \"t\"}").replace(TS, "\"timestamp\": \"yesterday\""));
        events("timestamp in year 10000", event("trace-create", "{\"id\": \"t\"}").replace(TS, "\"timestamp\": \"+10000-01-01T00:00:00Z\""));
        events("timestamp in 1800", event("trace-create", "{\"id\": \"t\"}").replace(TS, "\"timestamp\": \"1800-01-01T00:00:00Z\""));
        events("timestamp in 2300", event("trace-create", "{\"id\": \"t\"}").replace(TS, "\"timestamp\": \"2300-01-01T00:00:00Z\""));
        events("timestamp without offset", event("trace-create", "{\"id\": \"t\"}").replace(TS, "\"timestamp\": \"2026-01-01T00:00:00\""));
        events("timestamp month 13", event("trace-create", "{\"id\": \"t\"}").replace(TS, "\"timestamp\": \"2026-13-45T00:00:00Z\""));
        events("type missing", "{\"id\": \"" + id() + "\", " + TS + ", \"body\": {\"id\": \"t\"}}");
        events("type is a number", "{\"id\": \"" + id() + "\", \"type\": 3, " + TS + ", \"body\": {\"id\": \"t\"}}");
        events("unknown type", event("trace-explode", "{\"id\": \"t\"}"));
        events("type of 10k characters", event("x".repeat(10_000), "{\"id\": \"t\"}"));
        events("dataset-run-item-create is Langfuse-internal", event("dataset-run-item-create", "{\"id\": \"t\"}"));
        events("body missing", "{\"id\": \"" + id() + "\", \"type\": \"trace-create\", " + TS + "}");
        events("body is a string", event("trace-create", "\"body\""));
        events("body is an array", event("trace-create", "[]"));
        events("trace body.id missing", event("trace-create", "{\"name\": \"n\"}"));
        events("trace body.id is a number", event("trace-create", "{\"id\": 12}"));
        events("trace body.id of 10k characters", event("trace-create", "{\"id\": \"" + "t".repeat(10_000) + "\"}"));
        events("trace name over 1000 characters", event("trace-create", "{\"id\": \"t\", \"name\": \"" + "n".repeat(2000) + "\"}"));
        events("trace name is a number", event("trace-create", "{\"id\": \"t\", \"name\": 5}"));
        events("tags is a string", event("trace-create", "{\"id\": \"t\", \"tags\": \"a,b\"}"));
        events("tags hold numbers", event("trace-create", "{\"id\": \"t\", \"tags\": [1, 2]}"));
        events("public is a string", event("trace-create", "{\"id\": \"t\", \"public\": \"yes\"}"));
        events("span body.id missing", event("span-create", "{\"traceId\": \"t\"}"));
        events("span traceId is a number", event("span-create", "{\"id\": \"s\", \"traceId\": 5}"));
        events("span startTime is garbage", event("span-create", "{\"id\": \"s\", \"startTime\": \"soon\"}"));
        events("span startTime in year 99999", event("span-create", "{\"id\": \"s\", \"startTime\": \"+99999-01-01T00:00:00Z\"}"));
        events("span level unknown", event("span-create", "{\"id\": \"s\", \"level\": \"LOUD\"}"));
        events("usage.input fractional", event("generation-create", "{\"id\": \"g\", \"usage\": {\"input\": 1.5}}"));
        events("usage.input 1e400", event("generation-create", "{\"id\": \"g\", \"usage\": {\"input\": 1e400}}"));
        events("usage.input beyond a long", event("generation-create", "{\"id\": \"g\", \"usage\": {\"input\": 99999999999999999999999}}"));
        events("costDetails of ten million dollars", event("generation-create", "{\"id\": \"g\", \"costDetails\": {\"input\": 1e7}}"));
        events("usage.totalCost 1e300", event("generation-create", "{\"id\": \"g\", \"usage\": {\"totalCost\": 1e300}}"));
        events("promptName without promptVersion", event("generation-create", "{\"id\": \"g\", \"promptName\": \"p\"}"));
        events("promptVersion beyond an int", event("generation-create", "{\"id\": \"g\", \"promptName\": \"p\", \"promptVersion\": 4294967295}"));
        events("promptVersion negative", event("generation-create", "{\"id\": \"g\", \"promptName\": \"p\", \"promptVersion\": -1}"));
        events("modelParameters is a string", event("generation-create", "{\"id\": \"g\", \"modelParameters\": \"hot\"}"));
        events("observation-create without body.type", event("observation-create", "{\"id\": \"o\"}"));
        events("observation-create with body.type BANANA", event("observation-create", "{\"id\": \"o\", \"type\": \"BANANA\"}"));
        events("score without a name", event("score-create", "{\"traceId\": \"t\", \"value\": 1}"));
        events("score value 1e400", event("score-create", "{\"traceId\": \"t\", \"name\": \"q\", \"value\": 1e400}"));
        events("score data type unknown", event("score-create", "{\"traceId\": \"t\", \"name\": \"q\", \"value\": 1, \"dataType\": \"WEIRD\"}"));
        events("boolean score of 2", event("score-create", "{\"traceId\": \"t\", \"name\": \"q\", \"value\": 2, \"dataType\": \"BOOLEAN\"}"));
        events("score without a target", event("score-create", "{\"name\": \"q\", \"value\": 1}"));
        events("score on a trace and a session", event("score-create", "{\"traceId\": \"t\", \"sessionId\": \"s\", \"name\": \"q\", \"value\": 1}"));
        events("sdk-log without body.log", event("sdk-log", "{}"));
        bearer("Bearer public key sends trace-create", event("trace-create", "{\"id\": \"t\"}"));
        bearer("Bearer public key sends span-create", event("span-create", "{\"id\": \"s\"}"));
        bearer("Bearer public key sends generation-create", event("generation-create", "{\"id\": \"g\"}"));
        bearer("Bearer public key sends sdk-log", event("sdk-log", "{\"log\": \"x\"}"));
    }

    private void authentication() {
        String body = "{\"batch\": [" + event("trace-create", "{\"id\": \"t\"}") + "]}";
        auth("Authorization missing", null, body);
        auth("Authorization empty", "", body);
        auth("Basic without credentials", "Basic", body);
        auth("Digest scheme", "Digest username=\"pk\"", body);
        auth("Basic with bad base64", "Basic !!!not-base64!!!", body);
        auth("Basic without a colon", "Basic " + base64("pk-lf-it-public"), body);
        auth("Basic with an empty secret", "Basic " + base64(PUBLIC_KEY + ":"), body);
        auth("Basic with an empty public key", "Basic " + base64(":sk-lf-x"), body);
        auth("Basic with an unknown key", "Basic " + base64("pk-lf-nobody:sk-lf-nothing"), body);
        auth("Basic with the wrong secret", "Basic " + base64(PUBLIC_KEY + ":sk-lf-wrong"), body);
        auth("Basic with the keys swapped", "Basic " + base64(TestingIngestClient.SECRET_KEY + ":" + PUBLIC_KEY), body);
        auth("Basic of binary garbage", "Basic " + Base64.getEncoder().encodeToString(randomBytes(2, 64)), body);
        auth("lower-case basic, wrong secret", "basic " + base64(PUBLIC_KEY + ":nope"), body);
        auth("Bearer with an unknown key", "Bearer pk-lf-nobody", body);
        auth("Bearer with the secret key", "Bearer " + TestingIngestClient.SECRET_KEY, body);
        auth("Authorization of 5000 characters", "Basic " + "A".repeat(5000), body);
        add("OTLP without Authorization", Expect.UNAUTHORIZED, http("POST", OTLP,
                headers("Content-Type", "application/x-protobuf"), validSpans().toByteArray()));
        add("OTLP with a Bearer token", Expect.UNAUTHORIZED, http("POST", OTLP,
                headers("Content-Type", "application/x-protobuf", "Authorization", "Bearer " + PUBLIC_KEY), validSpans().toByteArray()));
        add("OTLP with the wrong secret", Expect.UNAUTHORIZED, http("POST", OTLP,
                headers("Content-Type", "application/json", "Authorization", "Basic " + base64(PUBLIC_KEY + ":x")), utf8("{}")));
        add("GET trace without Authorization", Expect.UNAUTHORIZED, http("GET", "/api/public/traces/t", headers(), null));
        add("GET trace with a Bearer token", Expect.UNAUTHORIZED, http("GET", "/api/public/traces/t",
                headers("Authorization", "Bearer " + PUBLIC_KEY), null));
    }

    private void otlpProtobuf() {
        otlp("random bytes", Expect.BAD_REQUEST, randomBytes(3, 2048));
        byte[] valid = validSpans().toByteArray();
        otlp("truncated protobuf", Expect.BAD_REQUEST, Arrays.copyOf(valid, valid.length / 2));
        otlp("resource_spans as a varint (wrong wire type)", Expect.BAD_REQUEST, new byte[] {0x08, 0x01});
        otlp("resource_spans holding garbage", Expect.BAD_REQUEST, concat(new byte[] {0x0a, 0x04}, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        otlp("varint of 11 bytes", Expect.BAD_REQUEST, concat(new byte[] {0x08}, filled(11, (byte) 0xff)));
        otlp("length prefix past the end", Expect.BAD_REQUEST, new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x03, 0x01});
        otlp("unknown fields only", Expect.BAD_REQUEST, new byte[] {(byte) 0xf8, 0x07, 0x01});
        otlp("group end tag without start", Expect.BAD_REQUEST, new byte[] {0x0c});
        otlp("span with a 3-byte trace id (every span rejected)", Expect.BAD_REQUEST,
                spansWith(span -> span.setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3}))).toByteArray());
        otlp("span with an all-zero span id", Expect.BAD_REQUEST,
                spansWith(span -> span.setSpanId(ByteString.copyFrom(new byte[8]))).toByteArray());
        otlp("span with a 1-byte parent id", Expect.BAD_REQUEST,
                spansWith(span -> span.setParentSpanId(ByteString.copyFrom(new byte[] {7}))).toByteArray());
        otlp("span name of invalid UTF-8", Expect.BAD_REQUEST, invalidUtf8SpanName());
        otlp("AnyValue nested 200 deep", Expect.BAD_REQUEST, deeplyNestedAttribute(200).toByteArray());
        otlp("OTLP/JSON sent as protobuf", Expect.BAD_REQUEST, utf8("{\"resourceSpans\": []}"));
    }

    private void otlpJson() {
        otlpJson("broken JSON", Expect.BAD_REQUEST, "{\"resourceSpans\": [");
        otlpJson("empty body", Expect.BAD_REQUEST, "");
        otlpJson("top-level array", Expect.BAD_REQUEST, "[]");
        otlpJson("resourceSpans is a string", Expect.BAD_REQUEST, "{\"resourceSpans\": \"x\"}");
        otlpJson("spans is a number", Expect.BAD_REQUEST, "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": 5}]}]}");
        otlpJson("startTimeUnixNano is text", Expect.BAD_REQUEST, "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \""
                + TRACE_ID + "\", \"spanId\": \"" + SPAN_ID + "\", \"startTimeUnixNano\": \"noon\"}]}]}]}");
        otlpJson("startTimeUnixNano beyond 64 bits", Expect.BAD_REQUEST, "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \""
                + TRACE_ID + "\", \"spanId\": \"" + SPAN_ID + "\", \"startTimeUnixNano\": \"99999999999999999999999\"}]}]}]}");
        otlpJson("trace id not hex (every span rejected)", Expect.BAD_REQUEST, "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"zz\", \"spanId\": \""
                + SPAN_ID + "\"}]}]}]}");
        otlpJson("kind is an object", Expect.BAD_REQUEST, "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \""
                + TRACE_ID + "\", \"spanId\": \"" + SPAN_ID + "\", \"kind\": {\"name\": \"server\"}}]}]}]}");
        otlpJson("100k nested arrays", Expect.BAD_REQUEST, "[".repeat(100_000) + "]".repeat(100_000));
        otlpJson("100k nested arrays under resourceSpans", Expect.BAD_REQUEST, "{\"resourceSpans\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        otlpJson("AnyValue nested 200 deep", Expect.BAD_REQUEST, "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \""
                + TRACE_ID + "\", \"spanId\": \"" + SPAN_ID + "\", \"attributes\": [{\"key\": \"k\", \"value\": "
                + "{\"arrayValue\": {\"values\": [".repeat(200) + "{\"intValue\": 1}" + "]}}".repeat(200) + "}]}]}]}]}");
        add("OTLP/JSON, invalid UTF-8 in the trace id", Expect.BAD_REQUEST, http("POST", OTLP,
                headers("Content-Type", "application/json", "Authorization", BASIC),
                concat(utf8("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \""), new byte[] {(byte) 0xff, (byte) 0xfe},
                        utf8("\", \"spanId\": \"" + SPAN_ID + "\"}]}]}]}"))));
    }

    private void compression() {
        add("gzip bomb: 20 KB that inflate to 20 MB", Expect.PAYLOAD_TOO_LARGE, otlpGzip(() -> gzipMembers(20 << 20, 1)));
        add("gzip bomb: 1 MB that inflates to 1 GB", Expect.PAYLOAD_TOO_LARGE, otlpGzip(() -> gzipMembers(64 << 20, 16)));
        add("gzip bomb: 5 MB (just under the limit) that inflate to 5 GB", Expect.PAYLOAD_TOO_LARGE,
                otlpGzip(() -> gzipMembers(64 << 20, 78)));
        add("gzip bomb: a few KB that inflate to 1 GB through two layers", Expect.BAD_REQUEST,
                otlpGzip(() -> TestingOtlpClient.gzip(gzipMembers(64 << 20, 16))));
        add("gzip bomb as OTLP/JSON", Expect.PAYLOAD_TOO_LARGE, http("POST", OTLP,
                headers("Content-Type", "application/json", "Content-Encoding", "gzip", "Authorization", BASIC), gzipMembers(64 << 20, 1)));
        add("gzip header only", Expect.BAD_REQUEST, otlpGzip(() -> new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0}));
        byte[] gzipped = TestingOtlpClient.gzip(validSpans().toByteArray());
        add("gzip truncated", Expect.BAD_REQUEST, otlpGzip(() -> Arrays.copyOf(gzipped, gzipped.length - 12)));
        add("gzip with a corrupt checksum", Expect.BAD_REQUEST, otlpGzip(() -> {
            byte[] corrupt = gzipped.clone();
            corrupt[corrupt.length - 6] ^= 0x55;
            return corrupt;
        }));
        add("Content-Encoding gzip on a plain body", Expect.BAD_REQUEST, otlpGzip(() -> validSpans().toByteArray()));
        add("Content-Encoding br", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", OTLP,
                headers("Content-Type", "application/x-protobuf", "Content-Encoding", "br", "Authorization", BASIC), validSpans().toByteArray()));
        add("Content-Encoding deflate", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", OTLP,
                headers("Content-Type", "application/x-protobuf", "Content-Encoding", "deflate", "Authorization", BASIC), validSpans().toByteArray()));
        add("Content-Encoding of 2000 characters", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", OTLP,
                headers("Content-Type", "application/x-protobuf", "Content-Encoding", "x".repeat(2000), "Authorization", BASIC),
                validSpans().toByteArray()));
        add("batch over the limit, declared (6 MB)", Expect.PAYLOAD_TOO_LARGE, http("POST", INGESTION,
                headers("Content-Type", "application/json", "Authorization", BASIC), hugeBatch(6 << 20)));
        add("batch over the limit, chunked (6 MB)", Expect.PAYLOAD_TOO_LARGE, chunked(INGESTION, "application/json", 6 << 20));
        add("batch over the limit, chunked (200 MB, would exhaust the heap)", Expect.PAYLOAD_TOO_LARGE,
                chunked(INGESTION, "application/json", 200 << 20));
        add("OTLP over the limit, declared", Expect.PAYLOAD_TOO_LARGE, http("POST", OTLP,
                headers("Content-Type", "application/x-protobuf", "Authorization", BASIC), new byte[(5 << 20) + 1]));
        add("OTLP over the limit, chunked", Expect.PAYLOAD_TOO_LARGE, chunked(OTLP, "application/x-protobuf", 8 << 20));
    }

    private void contentTypes() {
        String body = "{\"batch\": [" + event("trace-create", "{\"id\": \"t\"}") + "]}";
        add("batch as text/plain", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", INGESTION, headers("Content-Type", "text/plain", "Authorization", BASIC), utf8(body)));
        add("batch as application/xml", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", INGESTION, headers("Content-Type", "application/xml", "Authorization", BASIC), utf8(body)));
        add("batch as a form", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", INGESTION,
                headers("Content-Type", "application/x-www-form-urlencoded", "Authorization", BASIC), utf8("batch=1")));
        add("batch as multipart", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", INGESTION,
                headers("Content-Type", "multipart/form-data; boundary=x", "Authorization", BASIC), utf8("--x--")));
        add("batch without Content-Type, events invalid", Expect.EVENT_ERRORS, http("POST", INGESTION,
                headers("Authorization", BASIC), utf8("{\"batch\": [{\"id\": 5}]}")));
        add("batch without Content-Type, not JSON", Expect.BAD_REQUEST, http("POST", INGESTION, headers("Authorization", BASIC), utf8("batch")));
        add("OTLP without Content-Type", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", OTLP, headers("Authorization", BASIC), validSpans().toByteArray()));
        add("OTLP as text/plain", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", OTLP, headers("Content-Type", "text/plain", "Authorization", BASIC), utf8("{}")));
        add("OTLP as application/grpc", Expect.UNSUPPORTED_MEDIA_TYPE, http("POST", OTLP,
                headers("Content-Type", "application/grpc", "Authorization", BASIC), validSpans().toByteArray()));
        add("protobuf sent as application/json", Expect.BAD_REQUEST, http("POST", OTLP,
                headers("Content-Type", "application/json", "Authorization", BASIC), validSpans().toByteArray()));
        add("OTLP/JSON in UTF-16", Expect.BAD_REQUEST, http("POST", "/v1/traces",
                headers("Content-Type", "application/json; charset=utf-16", "Authorization", BASIC),
                "{\"resourceSpans\": []}".getBytes(UTF_16)));
    }

    private void methodsAndPaths() {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            add(method + " " + INGESTION, Expect.METHOD_NOT_ALLOWED, http(method, INGESTION, headers("Authorization", BASIC), method.equals("GET") || method.equals("DELETE") ? null : utf8("{}")));
        }
        add("GET /v1/traces", Expect.METHOD_NOT_ALLOWED, http("GET", "/v1/traces", headers("Authorization", BASIC), null));
        add("PUT " + OTLP, Expect.METHOD_NOT_ALLOWED, http("PUT", OTLP, headers("Authorization", BASIC), utf8("{}")));
        add("POST /api/public/traces/{id}", Expect.METHOD_NOT_ALLOWED, http("POST", "/api/public/traces/t",
                headers("Authorization", BASIC, "Content-Type", "application/json"), utf8("{}")));
        add("DELETE /api/public/health", Expect.METHOD_NOT_ALLOWED, http("DELETE", "/api/public/health", headers(), null));
        add("POST /api/public/health", Expect.METHOD_NOT_ALLOWED, http("POST", "/api/public/health", headers(), utf8("{}")));
        add("POST to an unknown path", Expect.NOT_FOUND, http("POST", "/api/public/ingestionx", headers("Authorization", BASIC), utf8("{}")));
        add("OTLP metrics (not served)", Expect.NOT_FOUND, http("POST", "/v1/metrics",
                headers("Authorization", BASIC, "Content-Type", "application/x-protobuf"), new byte[0]));
    }

    private void reads() {
        add("GET trace id of 10k characters", Expect.URI_TOO_LONG, http("GET", "/api/public/traces/" + "t".repeat(10_000), headers("Authorization", BASIC), null));
        add("GET trace id of 5000 characters", Expect.BAD_REQUEST, http("GET", "/api/public/traces/" + "t".repeat(5000), headers("Authorization", BASIC), null));
        add("GET observation id of 5000 characters", Expect.BAD_REQUEST, http("GET", "/api/public/observations/" + "o".repeat(5000), headers("Authorization", BASIC), null));
        add("GET trace that does not exist", Expect.NOT_FOUND, http("GET", "/api/public/traces/no-such-trace", headers("Authorization", BASIC), null));
        add("GET trace id of emoji and quotes", Expect.NOT_FOUND, http("GET", "/api/public/traces/%F0%9F%94%A5'%22%3B--", headers("Authorization", BASIC), null));
        add("GET trace id of a percent-encoded NUL", Expect.BAD_REQUEST, http("GET", "/api/public/traces/a%00b", headers("Authorization", BASIC), null));
        add("GET trace id with invalid UTF-8 percent-encoding (read with a replacement character)", Expect.NOT_FOUND, raw("GET /api/public/traces/%C3%28 HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + BASIC + "\r\nConnection: close\r\n\r\n"));
        add("GET trace with a bad percent escape", Expect.BAD_REQUEST, raw("GET /api/public/traces/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + BASIC + "\r\nConnection: close\r\n\r\n"));
    }

    private void httpLevel() {
        add("headers of 20 KB", Expect.HEADERS_TOO_LARGE, http("GET", "/api/public/health", headers("X-Large", "h".repeat(20_000)), null));
        add("garbage request line", Expect.BAD_REQUEST, raw("HELLO THERE\r\n\r\n"));
        add("request line of HTTP/3.0", Expect.BAD_REQUEST, raw("GET /api/public/health HTTP/3.0\r\nHost: x\r\nConnection: close\r\n\r\n"));
        add("request line without a version (HTTP/0.9)", Expect.BAD_REQUEST, raw("GET /api/public/health\r\n\r\n"));
        add("HTTP/1.1 without Host", Expect.BAD_REQUEST, raw("GET /api/public/health HTTP/1.1\r\nConnection: close\r\n\r\n"));
        add("header name with a space", Expect.BAD_REQUEST, raw("GET /api/public/health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\nConnection: close\r\n\r\n"));
        add("Content-Length not a number", Expect.BAD_REQUEST, raw("POST " + INGESTION + " HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\nConnection: close\r\n\r\n"));
        add("Content-Length negative", Expect.BAD_REQUEST, raw("POST " + INGESTION + " HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n"));
        add("chunk size not hex", Expect.BAD_REQUEST, raw("POST " + INGESTION + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + BASIC
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
        add("unknown Transfer-Encoding", Expect.BAD_REQUEST, raw("POST " + INGESTION + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + BASIC
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: teleport\r\nConnection: close\r\n\r\n{}"));
        add("Expect 100-continue with 1 GB declared", Expect.PAYLOAD_TOO_LARGE, raw("POST " + INGESTION + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + BASIC + "\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"));
    }

    // --- senders -----------------------------------------------------------------------------

    private void add(String name, Expect expect, Sender sender) {
        cases.add(new HostileCase(name, expect, sender));
    }

    private void batch(String name, Expect expect, String body) {
        batchBytes(name, expect, utf8(body));
    }

    private void batchBytes(String name, Expect expect, byte[] body) {
        add("batch: " + name, expect, http("POST", INGESTION, headers("Content-Type", "application/json", "Authorization", BASIC), body));
    }

    private void events(String name, String... events) {
        batch("event: " + name, Expect.EVENT_ERRORS, "{\"batch\": [" + String.join(",", events) + "]}");
    }

    private void bearer(String name, String event) {
        add(name, Expect.EVENT_ERRORS, http("POST", INGESTION,
                headers("Content-Type", "application/json", "Authorization", "Bearer " + PUBLIC_KEY), utf8("{\"batch\": [" + event + "]}")));
    }

    private void auth(String name, String authorization, String body) {
        add("auth: " + name, Expect.UNAUTHORIZED, http("POST", INGESTION,
                headers("Content-Type", "application/json", "Authorization", authorization), utf8(body)));
    }

    private void otlp(String name, Expect expect, byte[] body) {
        add("OTLP protobuf: " + name, expect, http("POST", OTLP, headers("Content-Type", "application/x-protobuf", "Authorization", BASIC), body));
    }

    private void otlpJson(String name, Expect expect, String body) {
        add("OTLP/JSON: " + name, expect, http("POST", "/v1/traces", headers("Content-Type", "application/json", "Authorization", BASIC), utf8(body)));
    }

    private static Sender otlpGzip(Supplier<byte[]> body) {
        return base -> http("POST", OTLP, headers("Content-Type", "application/x-protobuf", "Content-Encoding", "gzip",
                "Authorization", BASIC), body.get()).send(base);
    }

    /** A valid event of {@code type} with its own envelope id. */
    private String event(String type, String body) {
        return "{\"id\": \"" + id() + "\", \"type\": \"" + type + "\", " + TS + ", \"body\": " + body + "}";
    }

    private String id() {
        return "hostile-" + eventNumber++;
    }

    static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /** A request java.net.http can send; a null header value leaves the header out. */
    static Sender http(String method, String path, Map<String, String> headers, byte[] body) {
        return base -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, value) -> {
                if (value != null) {
                    request.header(name, value);
                }
            });
            return reply(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        };
    }

    /** A body of {@code bytes} sent chunked (no Content-Length), generated as it is sent. */
    static Sender chunked(String path, String contentType, long bytes) {
        return base -> reply(HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", contentType)
                        .header("Authorization", BASIC)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new FilledStream(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Bytes as they are, over a socket: for requests an HTTP client refuses to send. */
    static Sender raw(String request) {
        return base -> {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(request.getBytes(ISO_8859_1));
                socket.getOutputStream().flush();
                return parseRaw(socket.getInputStream().readAllBytes());
            }
        };
    }

    static Reply parseRaw(byte[] response) {
        String text = new String(response, ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headerEnd < 0) {
            throw new IllegalStateException("not an HTTP response: " + text.substring(0, Math.min(200, text.length())));
        }
        // A 100 Continue comes first when asked for; the final answer follows.
        if (text.startsWith("HTTP/1.1 100")) {
            return parseRaw(Arrays.copyOfRange(response, headerEnd + 4, response.length));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String contentType = null;
        boolean chunked = false;
        for (String line : text.substring(0, headerEnd).split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).strip();
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        byte[] body = Arrays.copyOfRange(response, headerEnd + 4, response.length);
        return new Reply(status, contentType, chunked ? unchunk(body) : body);
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(body, ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static Reply reply(HttpResponse<byte[]> response) {
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    // --- bodies ------------------------------------------------------------------------------

    static ExportTraceServiceRequest validSpans() {
        return TestingOtlpClient.spans(TRACE_ID, List.of(SPAN_ID));
    }

    private static ExportTraceServiceRequest spansWith(Consumer<Span.Builder> change) {
        ExportTraceServiceRequest.Builder request = validSpans().toBuilder();
        change.accept(request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0));
        return request.build();
    }

    static ExportTraceServiceRequest deeplyNestedAttribute(int depth) {
        AnyValue value = AnyValue.newBuilder().setIntValue(1).build();
        for (int i = 0; i < depth; i++) {
            value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
        }
        KeyValue attribute = KeyValue.newBuilder().setKey("deep").setValue(value).build();
        return spansWith(span -> span.addAttributes(attribute));
    }

    /** A span whose name (a proto3 string) is not UTF-8; protobuf-java will not build one, so it is written by hand. */
    static byte[] invalidUtf8SpanName() {
        try {
            ByteArrayOutputStream spanBytes = new ByteArrayOutputStream();
            CodedOutputStream span = CodedOutputStream.newInstance(spanBytes);
            span.writeBytes(Span.TRACE_ID_FIELD_NUMBER, ByteString.copyFrom(HexFormat.of().parseHex(TRACE_ID)));
            span.writeBytes(Span.SPAN_ID_FIELD_NUMBER, ByteString.copyFrom(HexFormat.of().parseHex(SPAN_ID)));
            span.writeBytes(Span.NAME_FIELD_NUMBER, ByteString.copyFrom(new byte[] {'a', (byte) 0xff, (byte) 0xfe}));
            span.flush();
            byte[] scope = field(ScopeSpans.SPANS_FIELD_NUMBER, spanBytes.toByteArray());
            byte[] resource = field(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, scope);
            return field(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] field(int number, byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeByteArray(number, message);
        coded.flush();
        return out.toByteArray();
    }

    /**
     * {@code members} concatenated gzip members, each {@code inflatedBytes} of zeros (a valid gzip
     * stream: readers must go on to the next member). Deflate cannot shrink more than about 1000:1,
     * so a body that inflates to gigabytes needs megabytes, or a second layer.
     */
    static byte[] gzipMembers(int inflatedBytes, int members) {
        byte[] member = gzipZeros(inflatedBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(member.length * members);
        for (int i = 0; i < members; i++) {
            out.writeBytes(member);
        }
        return out.toByteArray();
    }

    private static final Map<Integer, byte[]> GZIPPED_ZEROS = new ConcurrentHashMap<>();

    private static byte[] gzipZeros(int bytes) {
        return GZIPPED_ZEROS.computeIfAbsent(bytes, size -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            }) {
                byte[] zeros = new byte[1 << 20];
                for (int written = 0; written < size; written += zeros.length) {
                    gzip.write(zeros, 0, Math.min(zeros.length, size - written));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    // A syntactically valid batch whose one input string makes it {@code bytes} long.
    private static byte[] hugeBatch(int bytes) {
        String head = "{\"batch\": [{\"id\": \"huge\", \"type\": \"trace-create\", " + TS + ", \"body\": {\"id\": \"huge\", \"input\": \"";
        String tail = "\"}}]}";
        return utf8(head + "x".repeat(bytes - head.length() - tail.length()) + tail);
    }

    static byte[] randomBytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(utf8(text));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code remaining} bytes of 'x', made as they are read. */
    private static final class FilledStream extends InputStream {
        private long remaining;

        FilledStream(long remaining) {
            this.remaining = remaining;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            Arrays.fill(buffer, offset, offset + n, (byte) 'x');
            remaining -= n;
            return n;
        }
    }
}
