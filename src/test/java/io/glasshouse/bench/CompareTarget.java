package io.glasshouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.bench.SessionTraffic.Trace;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A system under test as the load generator sees it: where to send each protocol, how to tell that
 * a trace is readable in full, and its trace-listing query. Glasshouse: the Langfuse public API
 * with Basic auth. Phoenix: its OTLP receivers and its REST API ({@code /v1/projects/default/...},
 * the project its OTLP receiver files spans without a project name under).
 */
abstract sealed class CompareTarget implements AutoCloseable permits CompareTarget.Glasshouse, CompareTarget.Phoenix {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Null when acknowledged; {@link #RETRY} when the system asked to come back later; else why it failed. */
    static final String RETRY = "retry";

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final int port;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<TraceServiceGrpc.TraceServiceBlockingStub> stubs = new ArrayList<>();

    CompareTarget(int port, int grpcPort, int senders, String authorization) {
        this.port = port;
        if (grpcPort > 0) {
            Metadata headers = new Metadata();
            if (authorization != null) {
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
            }
            for (int i = 0; i < senders; i++) {
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext()
                        .maxInboundMessageSize(64 << 20).build();
                channels.add(channel);
                stubs.add(TraceServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
            }
        }
    }

    abstract String send(SessionWorkload workload, int sender, int index) throws IOException, InterruptedException;

    /** Whether all spans of the trace can be read back. */
    abstract boolean visible(Trace trace) throws IOException, InterruptedException;

    /**
     * Runs one of the query-API issue's queries against data of the workload; returns the HTTP
     * status, or {@link #UNSUPPORTED} when the system has no equivalent endpoint.
     */
    abstract int query(CompareQuery query, Trace trace) throws IOException, InterruptedException;

    static final int UNSUPPORTED = -1;

    String grpc(SessionWorkload workload, int sender, int index) {
        try {
            return rejected(stubs.get(sender).withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .export(workload.messages.get(index)));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            return code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.UNAVAILABLE ? RETRY : "gRPC " + e.getStatus();
        }
    }

    HttpResponse<byte[]> post(String path, String contentType, byte[] body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String otlpHttpOutcome(HttpResponse<byte[]> response) throws IOException {
        int status = response.statusCode();
        if (status == 429 || status == 503) {
            return RETRY;
        }
        if (status / 100 != 2) {
            return "HTTP " + status + ": " + new String(response.body(), StandardCharsets.UTF_8);
        }
        return response.body().length == 0 ? null : rejected(ExportTraceServiceResponse.parseFrom(response.body()));
    }

    private static String rejected(ExportTraceServiceResponse response) {
        if (response.hasPartialSuccess() && response.getPartialSuccess().getRejectedSpans() > 0) {
            return response.getPartialSuccess().getRejectedSpans() + " spans rejected: " + response.getPartialSuccess().getErrorMessage();
        }
        return null;
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        http.close();
    }

    /** The packaged Glasshouse server, with the fixed keys {@link ServerProcess} starts it with. */
    static final class Glasshouse extends CompareTarget {
        private static final String AUTH = LoadRun.basicAuthorization();

        Glasshouse(int port, int grpcPort, int senders) {
            super(port, grpcPort, senders, AUTH);
        }

        @Override
        String send(SessionWorkload workload, int sender, int index) throws IOException, InterruptedException {
            return switch (workload.protocol) {
                case "otlp-grpc" -> grpc(workload, sender, index);
                case "otlp-http" -> otlpHttpOutcome(post("/api/public/otel/v1/traces", "application/x-protobuf",
                        workload.bodies.get(index), AUTH));
                default -> batchOutcome(post("/api/public/ingestion", "application/json", workload.bodies.get(index), AUTH));
            };
        }

        private static String batchOutcome(HttpResponse<byte[]> response) throws IOException {
            int status = response.statusCode();
            if (status == 429 || status == 503) {
                return RETRY;
            }
            if (status != 207) {
                return "HTTP " + status + ": " + new String(response.body(), StandardCharsets.UTF_8);
            }
            JsonNode errors = JSON.readTree(response.body()).path("errors");
            return errors.isEmpty() ? null : errors.size() + " events failed, first: " + errors.get(0);
        }

        @Override
        boolean visible(Trace trace) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = get("/api/public/traces/" + trace.traceId(), AUTH);
            return response.statusCode() == 200
                    && JSON.readTree(response.body()).path("observations").size() == trace.steps().size();
        }

        @Override
        int query(CompareQuery query, Trace trace) throws IOException, InterruptedException {
            String path = switch (query) {
                case TRACE_LIST -> "/api/public/traces?page=1&limit=50";
                case TRACE_DETAIL -> "/api/public/traces/" + trace.traceId();
                case SESSION_TRACES -> "/api/public/traces?page=1&limit=50&sessionId=" + encode(trace.sessionId());
                case METRICS_COST_BY_MODEL -> "/api/public/v2/metrics?query=" + encode(CompareQuery.metricsQuery());
                case SEARCH -> "/api/public/traces?page=1&limit=50&search=" + encode(CompareQuery.needle(trace));
            };
            return get(path, AUTH).statusCode();
        }
    }

    /** Arize Phoenix: no auth by default; OTLP/HTTP at /v1/traces. */
    static final class Phoenix extends CompareTarget {
        Phoenix(int port, int grpcPort, int senders) {
            super(port, grpcPort, senders, null);
        }

        @Override
        String send(SessionWorkload workload, int sender, int index) throws IOException, InterruptedException {
            return switch (workload.protocol) {
                case "otlp-grpc" -> grpc(workload, sender, index);
                case "otlp-http" -> otlpHttpOutcome(post("/v1/traces", "application/x-protobuf", workload.bodies.get(index), null));
                default -> throw new IllegalArgumentException("Phoenix does not take Langfuse batches");
            };
        }

        @Override
        boolean visible(Trace trace) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = get("/v1/projects/default/spans?limit=1000&trace_id=" + trace.traceId(), null);
            return response.statusCode() == 200
                    && JSON.readTree(response.body()).path("data").size() == trace.steps().size();
        }

        // Phoenix's REST API has no aggregate (metrics) or full-text endpoint; its UI gets those through
        // GraphQL with Python filter expressions, which is not a comparable public query API.
        @Override
        int query(CompareQuery query, Trace trace) throws IOException, InterruptedException {
            String path = switch (query) {
                case TRACE_LIST -> PHOENIX_LIST;
                case TRACE_DETAIL -> "/v1/projects/default/spans?limit=1000&trace_id=" + trace.traceId();
                case SESSION_TRACES, METRICS_COST_BY_MODEL, SEARCH -> null;
            };
            return path == null ? UNSUPPORTED : get(path, null).statusCode();
        }
    }

    /** Phoenix's trace list (REST API of 20.x): the newest 50 traces of the project, without their spans. */
    static final String PHOENIX_LIST = "/v1/projects/default/traces?limit=50";
}
