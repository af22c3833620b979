package io.glasshouse.it;

import static io.glasshouse.it.TestingHostileRequests.BASIC;
import static io.glasshouse.it.TestingHostileRequests.headers;
import static io.glasshouse.it.TestingHostileRequests.http;
import static io.glasshouse.it.TestingHostileRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.glasshouse.it.TestingHostileRequests.Expect;
import io.glasshouse.it.TestingHostileRequests.HostileCase;
import io.glasshouse.it.TestingHostileRequests.Reply;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile input against one running server: every request gets a 4xx (or a 207
 * whose events carry errors) with a message saying what was wrong, never a 5xx, and the server
 * stays healthy throughout. The HTTP cases are data ({@link TestingHostileRequests}); the gRPC
 * cases use a real grpc-java client. Hostile but valid input (values the store cannot hold, lone
 * surrogates, centuries-long spans) must be stored and read back without a 5xx.
 */
class HostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_CASES = 100;

    @TempDir
    Path temp;

    @Test
    void hostileInputGetsClearClientErrorsAndTheServerStaysHealthy() throws Exception {
        List<String> flags = List.of("--data-dir", temp.resolve("data").toString());
        try (TestingServerProcess server = TestingServerProcess.start(flags, TestingIngestClient.INIT)) {
            server.awaitReady(Duration.ofSeconds(60));
            URI base = server.uri("/");
            int grpcPort = grpcPort(server);

            List<HostileCase> cases = TestingHostileRequests.all();
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            long started = System.nanoTime();
            for (HostileCase hostile : cases) {
                long caseStarted = System.nanoTime();
                Reply reply;
                try {
                    reply = hostile.sender().send(base);
                } catch (Exception e) {
                    failures.add(hostile.name() + ": no answer (" + e + ")");
                    continue;
                }
                long millis = (System.nanoTime() - caseStarted) / 1_000_000;
                statuses.merge(reply.status(), 1, Integer::sum);
                String problem = problem(hostile.expect(), reply);
                System.out.printf("%4d ms  %d  %-70s %s%n", millis, reply.status(), shorten(hostile.name()),
                        problem == null ? "" : "<-- " + problem);
                if (problem != null) {
                    failures.add(hostile.name() + ": " + problem + " / " + shorten(reply.text()));
                }
                if (!healthy(base)) {
                    failures.add(hostile.name() + ": /api/public/health is no longer 200");
                }
            }
            long httpMillis = (System.nanoTime() - started) / 1_000_000;

            List<GrpcCase> grpcCases = grpcCases();
            Map<Status.Code, Integer> grpcStatuses = new TreeMap<>();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
            try {
                for (GrpcCase grpc : grpcCases) {
                    long caseStarted = System.nanoTime();
                    Status.Code code;
                    String description;
                    try {
                        grpc.call().apply(channel);
                        code = Status.Code.OK;
                        description = "";
                    } catch (StatusRuntimeException e) {
                        code = e.getStatus().getCode();
                        description = e.getStatus().getDescription();
                    }
                    grpcStatuses.merge(code, 1, Integer::sum);
                    boolean ok = code == grpc.expected() && description != null && !description.isBlank();
                    System.out.printf("%4d ms  %-18s gRPC: %-60s %s%n", (System.nanoTime() - caseStarted) / 1_000_000, code,
                            grpc.name(), ok ? "" : "<-- expected " + grpc.expected() + " with a description, got " + description);
                    if (!ok) {
                        failures.add("gRPC " + grpc.name() + ": expected " + grpc.expected() + ", got " + code + " " + description);
                    }
                    if (!healthy(base)) {
                        failures.add("gRPC " + grpc.name() + ": /api/public/health is no longer 200");
                    }
                }
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }

            System.out.printf("%d HTTP cases in %d ms, statuses %s; %d gRPC cases, statuses %s%n",
                    cases.size(), httpMillis, statuses, grpcCases.size(), grpcStatuses);
            assertThat(cases.size() + grpcCases.size()).as("hostile cases").isGreaterThanOrEqualTo(MIN_CASES);
            assertThat(cases.stream().map(HostileCase::name).distinct().count()).as("distinct case names").isEqualTo(cases.size());
            assertThat(failures).isEmpty();
            assertThat(statuses.keySet()).allMatch(status -> status < 500);
            assertThat(healthy(base)).isTrue();
            assertThat(server.stderr()).as("no request reached the generic 500 handler")
                    .doesNotContain("ERROR ErrorResponses", "ERROR OtlpRoutes", "OutOfMemoryError");
            assertThat(server.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void aMixedBatchStoresItsValidEventsAndHostileButValidInputIsStoredAndReadable() throws Exception {
        List<String> flags = List.of("--data-dir", temp.resolve("data").toString());
        try (TestingServerProcess server = TestingServerProcess.start(flags, TestingIngestClient.INIT)) {
            server.awaitReady(Duration.ofSeconds(60));
            URI base = server.uri("/");
            TestingIngestClient client = new TestingIngestClient(base);
            String ts = TestingHostileRequests.TS;

            Reply mixed = post(base, "/api/public/ingestion", "application/json", """
                    {"batch": [
                      {"id": "mixed-1", "type": "trace-create", %1$s, "body": {"id": "mixed-trace-1", "name": "kept"}},
                      {"id": "mixed-2", "type": "trace-create", "body": {"id": "mixed-trace-2"}},
                      {"id": "mixed-3", "type": "span-create", %1$s, "body": {"id": "mixed-span-1", "traceId": "mixed-trace-1"}},
                      {"id": "mixed-4", "type": "trace-explode", %1$s, "body": {"id": "mixed-trace-3"}},
                      "not an event",
                      {"id": "mixed-5", "type": "generation-create", %1$s, "body": {"id": "mixed-gen-1", "traceId": "mixed-trace-1",
                        "model": "gpt-4", "usageDetails": {"input": 900000000000, "output": 10}}},
                      {"id": "mixed-6", "type": "span-create", %1$s, "body": {"id": "mixed-span-2", "level": "LOUD"}},
                      {"id": "mixed-7", "type": "trace-create", %1$s, "body": {"id": "mixed-trace-4", "name": "also kept", "input": "\\ud800 lone"}}
                    ]}""".formatted(ts));
            assertThat(mixed.status()).as(mixed.text()).isEqualTo(207);
            JsonNode result = JSON.readTree(mixed.body());
            assertThat(result.path("successes").findValuesAsText("id")).containsExactlyInAnyOrder("mixed-1", "mixed-3", "mixed-5", "mixed-7");
            assertThat(result.path("errors").findValuesAsText("id")).containsExactlyInAnyOrder("mixed-2", "mixed-4", "unknown", "mixed-6");
            result.path("errors").forEach(error -> {
                assertThat(error.path("status").asInt()).isBetween(400, 499);
                assertThat(error.path("message").asText()).isNotBlank();
            });
            JsonNode trace = readTrace(client, "mixed-trace-1");
            assertThat(trace.path("name").asText()).isEqualTo("kept");
            assertThat(trace.path("observations").findValuesAsText("id")).containsExactlyInAnyOrder("mixed-span-1", "mixed-gen-1");
            assertThat(readTrace(client, "mixed-trace-4").path("input").asText()).isEqualTo("\uFFFD lone");
            assertThat(client.getTrace("mixed-trace-2").statusCode()).isEqualTo(404);
            assertThat(client.getTrace("mixed-trace-3").statusCode()).isEqualTo(404);

            // Values the store cannot hold: before the fixes each failed the insert (5xx for the
            // request and for everyone sharing its group commit) or the read (overflow).
            Reply costSum = post(base, "/api/public/ingestion", "application/json", """
                    {"batch": [
                      {"id": "cost-1", "type": "generation-create", %1$s, "body": {"id": "cost-gen", "traceId": "cost-trace",
                        "costDetails": {"a": 999999, "b": 999999}}},
                      {"id": "cost-2", "type": "trace-create", %1$s, "body": {"id": "cost-trace"}},
                      {"id": "cent-1", "type": "trace-create", %1$s, "body": {"id": "centuries"}},
                      {"id": "cent-2", "type": "span-create", %1$s, "body": {"id": "centuries-span", "traceId": "centuries",
                        "startTime": "1900-01-01T00:00:00Z", "endTime": "2262-04-10T00:00:00Z"}}
                    ]}""".formatted(ts));
            assertThat(costSum.status()).isEqualTo(207);
            assertThat(JSON.readTree(costSum.body()).path("errors")).as(costSum.text()).isEmpty();
            JsonNode costGeneration = readTrace(client, "cost-trace").path("observations").get(0);
            assertThat(costGeneration.path("costDetails").has("a")).isTrue();
            assertThat(costGeneration.path("calculatedTotalCost").isNull()).isTrue();
            assertThat(readTrace(client, "centuries").path("latency").asDouble()).isGreaterThan(1e10);

            String otlpTrace = "0af7651916cd43dd8448eb211c80319c";
            String hostileSpans = """
                    {"resourceSpans": [{"scopeSpans": [{"spans": [
                      {"traceId": "%1$s", "spanId": "00000000000000a1", "name": "lone \\ud800 surrogate \\udc00",
                       "startTimeUnixNano": "1767225600000000000", "endTimeUnixNano": "1767225601000000000",
                       "attributes": [{"key": "k\\udbff", "value": {"stringValue": "v\\ud800"}}]},
                      {"traceId": "%1$s", "spanId": "00000000000000a2", "name": "cost of 1e20",
                       "startTimeUnixNano": "1767225600000000000",
                       "attributes": [{"key": "gen_ai.usage.cost", "value": {"doubleValue": 1e20}},
                                      {"key": "langfuse.observation.cost_details", "value": {"stringValue": "{\\"input\\": 1e300}"}}]},
                      {"traceId": "%1$s", "spanId": "00000000000000a3", "name": "first token in year 12345",
                       "startTimeUnixNano": "1767225600000000000",
                       "attributes": [{"key": "langfuse.observation.completion_start_time", "value": {"stringValue": "+12345-01-01T00:00:00Z"}},
                                      {"key": "ai.response.msToFirstChunk", "value": {"doubleValue": 1e15}}]},
                      {"traceId": "%1$s", "spanId": "00000000000000a4", "name": "first token in 9999",
                       "startTimeUnixNano": "1767225600000000000",
                       "attributes": [{"key": "langfuse.observation.completion_start_time", "value": {"stringValue": "9999-12-31T23:59:59Z"}}]},
                      {"traceId": "%1$s", "spanId": "00000000000000a5", "name": "absurd usage",
                       "startTimeUnixNano": "1767225600000000000",
                       "attributes": [{"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4"}},
                                      {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "900000000000"}}]}
                    ]}]}]}""".formatted(otlpTrace);
            Reply otlpReply = post(base, "/v1/traces", "application/json", hostileSpans);
            assertThat(otlpReply.status()).as(otlpReply.text()).isEqualTo(200);
            String digits = "7".repeat(4_000_000);
            long digitsStarted = System.nanoTime();
            Reply digitsReply = post(base, "/v1/traces", "application/json", """
                    {"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "00000000000000a6",
                      "name": "4 million digits", "attributes": [{"key": "gen_ai.usage.cost", "value": {"stringValue": "%s"}}]}]}]}]}"""
                    .formatted(otlpTrace, digits));
            System.out.printf("a cost of 4 million digits answered %d in %d ms%n",
                    digitsReply.status(), (System.nanoTime() - digitsStarted) / 1_000_000);
            assertThat(digitsReply.status()).as(digitsReply.text()).isEqualTo(200);

            JsonNode spans = readTrace(client, otlpTrace);
            assertThat(spans.path("observations").findValuesAsText("id")).containsExactlyInAnyOrder(
                    "00000000000000a1", "00000000000000a2", "00000000000000a3", "00000000000000a4", "00000000000000a5", "00000000000000a6");
            for (JsonNode observation : spans.path("observations")) {
                switch (observation.path("id").asText()) {
                    case "00000000000000a1" -> {
                        assertThat(observation.path("name").asText()).isEqualTo("lone \uFFFD surrogate \uFFFD");
                        assertThat(observation.path("metadata").path("k\uFFFD").asText()).isEqualTo("v\uFFFD");
                    }
                    case "00000000000000a2" -> {
                        assertThat(observation.path("costDetails").isEmpty()).isTrue();
                        assertThat(observation.path("metadata").has("gen_ai.usage.cost")).isTrue();
                    }
                    case "00000000000000a3", "00000000000000a4" -> assertThat(observation.path("completionStartTime").isNull()).isTrue();
                    case "00000000000000a5" -> assertThat(observation.path("usageDetails").path("input").asLong()).isEqualTo(900_000_000_000L);
                    default -> assertThat(observation.path("metadata").path("gen_ai.usage.cost").asText()).hasSize(4_000_000);
                }
            }
            assertThat(healthy(base)).isTrue();
            assertThat(server.stderr()).doesNotContain("ERROR ErrorResponses", "ERROR OtlpRoutes", "failed: Code:");
            assertThat(server.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    // --- checks ------------------------------------------------------------------------------

    /** Null when the reply is what the case expects, with a message a client can read; else why not. */
    static String problem(Expect expect, Reply reply) {
        if (reply.status() >= 500) {
            return "a server error";
        }
        if (reply.status() != expect.status) {
            return "expected " + expect.status;
        }
        String contentType = reply.contentType() == null ? "" : reply.contentType();
        try {
            if (contentType.startsWith("application/x-protobuf")) {
                com.google.rpc.Status status = com.google.rpc.Status.parseFrom(reply.body());
                return status.getMessage().isBlank() || status.getCode() == 0 ? "an OTLP Status without code or message" : null;
            }
            if (!contentType.startsWith("application/json")) {
                return "Content-Type " + contentType + ", not JSON";
            }
            JsonNode body = JSON.readTree(reply.body());
            if (expect == Expect.EVENT_ERRORS) {
                if (!body.path("successes").isEmpty() || body.path("errors").isEmpty()) {
                    return "expected every event to fail";
                }
                for (JsonNode error : body.path("errors")) {
                    if (error.path("status").asInt() < 400 || error.path("status").asInt() > 499 || error.path("message").asText().isBlank()) {
                        return "an event error without a 4xx status and a message";
                    }
                }
                return null;
            }
            return body.path("message").asText().isBlank() ? "no message" : null;
        } catch (IOException e) {
            return "an unreadable body (" + e.getMessage() + ")";
        }
    }

    private static boolean healthy(URI base) {
        try {
            return http("GET", "/api/public/health", headers(), null).send(base).status() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static Reply post(URI base, String path, String contentType, String body) throws Exception {
        return http("POST", path, headers("Content-Type", contentType, "Authorization", BASIC), utf8(body)).send(base);
    }

    private static JsonNode readTrace(TestingIngestClient client, String traceId) throws Exception {
        var response = client.getTrace(traceId);
        assertThat(response.statusCode()).as("GET trace %s: %s", traceId, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 70 ? flat : flat.substring(0, 67) + "...";
    }

    // --- gRPC --------------------------------------------------------------------------------

    private record GrpcCase(String name, Status.Code expected, Function<ManagedChannel, Object> call) {}

    private static int grpcPort(TestingServerProcess server) throws InterruptedException {
        // The start line names the port: "... OTLP/gRPC on port N".
        for (int attempt = 0; attempt < 100; attempt++) {
            Matcher port = Pattern.compile("OTLP/gRPC on port (\\d+)").matcher(server.stdout());
            if (port.find()) {
                return Integer.parseInt(port.group(1));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no gRPC port in the start-up line: " + server.stdout());
    }

    private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    };

    private static final MethodDescriptor<InputStream, InputStream> RAW_EXPORT = MethodDescriptor.<InputStream, InputStream>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
            .setRequestMarshaller(RAW)
            .setResponseMarshaller(RAW)
            .build();

    private static List<GrpcCase> grpcCases() {
        ExportTraceServiceRequest valid = TestingHostileRequests.validSpans();
        byte[] validBytes = valid.toByteArray();
        List<GrpcCase> cases = new ArrayList<>();
        cases.add(new GrpcCase("no authorization metadata", Status.Code.UNAUTHENTICATED, channel -> stub(channel, null).export(valid)));
        cases.add(new GrpcCase("wrong secret", Status.Code.UNAUTHENTICATED,
                channel -> stub(channel, "Basic " + TestingHostileRequests.base64(TestingIngestClient.PUBLIC_KEY + ":wrong")).export(valid)));
        cases.add(new GrpcCase("Bearer public key", Status.Code.UNAUTHENTICATED,
                channel -> stub(channel, "Bearer " + TestingIngestClient.PUBLIC_KEY).export(valid)));
        cases.add(new GrpcCase("bad base64", Status.Code.UNAUTHENTICATED, channel -> stub(channel, "Basic %%%").export(valid)));
        cases.add(new GrpcCase("garbage without authorization", Status.Code.UNAUTHENTICATED,
                channel -> raw(channel, null, TestingHostileRequests.randomBytes(4, 1024), false)));
        cases.add(new GrpcCase("random bytes", Status.Code.INVALID_ARGUMENT,
                channel -> raw(channel, BASIC, TestingHostileRequests.randomBytes(5, 1024), false)));
        cases.add(new GrpcCase("truncated protobuf", Status.Code.INVALID_ARGUMENT,
                channel -> raw(channel, BASIC, Arrays.copyOf(validBytes, validBytes.length / 2), false)));
        cases.add(new GrpcCase("wrong wire type", Status.Code.INVALID_ARGUMENT, channel -> raw(channel, BASIC, new byte[] {0x08, 0x01}, false)));
        cases.add(new GrpcCase("span name of invalid UTF-8", Status.Code.INVALID_ARGUMENT,
                channel -> raw(channel, BASIC, TestingHostileRequests.invalidUtf8SpanName(), false)));
        cases.add(new GrpcCase("AnyValue nested 200 deep", Status.Code.INVALID_ARGUMENT,
                channel -> raw(channel, BASIC, TestingHostileRequests.deeplyNestedAttribute(200).toByteArray(), false)));
        ExportTraceServiceRequest badIds = valid.toBuilder().setResourceSpans(0, valid.getResourceSpans(0).toBuilder()
                .setScopeSpans(0, valid.getResourceSpans(0).getScopeSpans(0).toBuilder()
                        .setSpans(0, valid.getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
                                .setTraceId(ByteString.copyFrom(new byte[3]))))).build();
        cases.add(new GrpcCase("every span has a bad trace id", Status.Code.INVALID_ARGUMENT, channel -> stub(channel, BASIC).export(badIds)));
        cases.add(new GrpcCase("6 MiB message, over the limit", Status.Code.RESOURCE_EXHAUSTED,
                channel -> raw(channel, BASIC, new byte[6 << 20], false)));
        cases.add(new GrpcCase("gzip bomb: 64 MiB of zeros, compressed", Status.Code.RESOURCE_EXHAUSTED,
                channel -> rawStream(channel, BASIC, new ZeroStream(64L << 20), true)));
        cases.add(new GrpcCase("unknown method", Status.Code.UNIMPLEMENTED, channel -> ClientCalls.blockingUnaryCall(channel,
                RAW_EXPORT.toBuilder().setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Import").build(),
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), new ByteArrayInputStream(validBytes))));
        return cases;
    }

    private static TraceServiceGrpc.TraceServiceBlockingStub stub(ManagedChannel channel, String authorization) {
        return TraceServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel, authorizationHeader(authorization)))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static Object raw(ManagedChannel channel, String authorization, byte[] body, boolean gzip) {
        return rawStream(channel, authorization, new ByteArrayInputStream(body), gzip);
    }

    private static Object rawStream(ManagedChannel channel, String authorization, InputStream body, boolean gzip) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS);
        return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, authorizationHeader(authorization)), RAW_EXPORT,
                gzip ? options.withCompression("gzip") : options, body);
    }

    private static ClientInterceptor authorizationHeader(String authorization) {
        Metadata metadata = new Metadata();
        if (authorization != null) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        }
        return MetadataUtils.newAttachHeadersInterceptor(metadata);
    }

    /** Zeros, made as they are read, so the client compresses a huge message without holding it. */
    private static final class ZeroStream extends InputStream {
        private long remaining;

        ZeroStream(long remaining) {
            this.remaining = remaining;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            Arrays.fill(buffer, offset, offset + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
