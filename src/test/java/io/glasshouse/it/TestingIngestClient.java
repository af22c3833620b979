package io.glasshouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** A minimal Langfuse batch-ingestion client for process tests (the real SDKs have their own tests). */
final class TestingIngestClient {
    static final String PUBLIC_KEY = "pk-lf-it-public";
    static final String SECRET_KEY = "sk-lf-it-secret-0123456789abcdef";
    static final Map<String, String> INIT = Map.of(
            "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY", PUBLIC_KEY,
            "GLASSHOUSE_INIT_PROJECT_SECRET_KEY", SECRET_KEY);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    TestingIngestClient(URI base) {
        this.base = base;
    }

    static String authorization() {
        return basic(PUBLIC_KEY, SECRET_KEY);
    }

    static String basic(String publicKey, String secretKey) {
        return "Basic " + Base64.getEncoder().encodeToString((publicKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
    }

    /** Any request; {@code json} null sends no body. */
    HttpResponse<String> send(String method, String path, String json, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One trace-create event per id; returns the HTTP status and body. */
    HttpResponse<String> sendTraces(String... traceIds) throws IOException, InterruptedException {
        ArrayNode batch = JSON.createArrayNode();
        for (String traceId : traceIds) {
            ObjectNode event = batch.addObject();
            event.put("id", "event-" + traceId);
            event.put("type", "trace-create");
            event.put("timestamp", Instant.now().toString());
            ObjectNode body = event.putObject("body");
            body.put("id", traceId);
            body.put("name", "burst");
            body.put("input", "question " + traceId);
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("batch", batch);
        return http.send(HttpRequest.newBuilder(base.resolve("/api/public/ingestion"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", authorization())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(envelope)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** True when every event of a 207 answer succeeded. */
    static boolean allSucceeded(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 207) {
            return false;
        }
        JsonNode body = JSON.readTree(response.body());
        return body.path("errors").isEmpty() && !body.path("successes").isEmpty();
    }

    HttpResponse<String> getTrace(String traceId) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/public/traces/" + traceId))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", authorization())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
