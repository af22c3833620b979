package io.glasshouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;

/**
 * The server's public API for each query kind, as a Langfuse client calls it: the same requests
 * {@link RawQueries} answers on the engine, over HTTP with basic auth, the body read and parsed.
 */
final class HttpQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response that was not 200: the endpoint is missing (404/405) or failed. */
    static final class Unavailable extends RuntimeException {
        final int status;

        Unavailable(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Function<String, URI> uri;
    private final String authorization;
    private final QueryWorkload workload;

    HttpQueries(Function<String, URI> uri, QueryWorkload workload) {
        this.uri = uri;
        this.workload = workload;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (ServerProcess.PUBLIC_KEY + ":" + ServerProcess.SECRET_KEY).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs request {@code i} of {@code kind}; returns what {@link RawQueries#run} returns for it, read from the response. */
    long run(QueryKind kind, int i) throws IOException, InterruptedException {
        return switch (kind) {
            case TRACE_LIST -> total(get("/api/public/traces?page=1&limit=" + RawQueries.LIMIT));
            case TRACE_LIST_USER -> total(get("/api/public/traces?page=1&limit=" + RawQueries.LIMIT
                    + "&userId=" + encode(workload.userIds().get(i))));
            case TRACE_LIST_ENVIRONMENT -> total(get("/api/public/traces?page=" + workload.pages().get(i) + "&limit="
                    + RawQueries.LIMIT + "&environment=" + encode(workload.environments().get(i))));
            case TRACE_DETAIL -> get("/api/public/traces/" + encode(workload.traceId(i))).path("id").isTextual() ? 1 : 0;
            case METRICS_COST -> get("/api/public/v2/metrics?query=" + encode(metricsQuery())).path("data").size();
            case METRICS_COST_FINAL -> throw new IllegalArgumentException(kind + " is measured on raw SQL only");
            case SEARCH -> total(get("/api/public/traces?page=1&limit=" + RawQueries.LIMIT + "&search="
                    + encode(workload.needles().get(i).word()) + "&fromTimestamp=" + QueryDataset.START
                    + "&toTimestamp=" + QueryDataset.END));
        };
    }

    static String metricsQuery() {
        return """
                {"view":"observations","dimensions":[{"field":"providedModelName"}],\
                "metrics":[{"measure":"totalCost","aggregation":"sum"}],"filters":[],\
                "timeDimension":{"granularity":"day"},"fromTimestamp":"%s","toTimestamp":"%s",\
                "config":{"row_limit":1000}}"""
                .formatted(QueryDataset.START, QueryDataset.END);
    }

    private static long total(JsonNode page) {
        JsonNode total = page.path("meta").path("totalItems");
        return total.isNumber() ? total.asLong() : page.path("data").size();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri.apply(path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new Unavailable(response.statusCode(), "GET " + path.replaceAll("\\?.*", "") + " answered "
                    + response.statusCode() + ": " + body.substring(0, Math.min(200, body.length())));
        }
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
