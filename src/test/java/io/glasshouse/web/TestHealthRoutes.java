package io.glasshouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.storage.EventStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health and readiness over real HTTP: storage that answers, and an event writer that still writes. */
class TestHealthRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean storageAnswers = new AtomicBoolean(true);
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private WebServer server;

    @BeforeEach
    void start() {
        EventStore events = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("isHealthy")) {
                        return storageAnswers.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        HealthRoutes routes = new HealthRoutes(events, () -> true, writing::get, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server = WebServer.start("127.0.0.1", 0, 1024, List.of(routes::register));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthyWhileStorageAnswersAndTheWriterWrites() throws Exception {
        HttpResponse<String> health = get("/api/public/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("OK");
        assertThat(get("/api/public/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedWriterMakesTheServerUnhealthyAndNotReady() throws Exception {
        writing.set(false);

        HttpResponse<String> health = get("/api/public/health");
        JsonNode body = JSON.readTree(health.body());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(body.get("status").asText()).isEqualTo("ERROR");
        assertThat(body.get("message").asText()).isEqualTo("the event writer stopped after an internal error; restart the server");
        assertThat(get("/api/public/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void storageThatDoesNotAnswerMakesTheServerUnhealthy() throws Exception {
        storageAnswers.set(false);

        HttpResponse<String> health = get("/api/public/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).get("message").asText()).isEqualTo("event storage does not answer");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
