package io.glasshouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.auth.ApiKeyPair;
import io.glasshouse.storage.meta.MetadataStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics (v1, v2, daily) and score lists (v2, v3, by id) on data the real Python SDK sent, to
 * two projects fed the same run id: their trace and score ids collide, project B's values are
 * 1000 times A's, and A's key must see none of B's rows.
 */
class MetricsApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiKeyPair B_KEYS = new ApiKeyPair("pk-lf-it-metrics-b", "sk-lf-it-metrics-b-secret-0123456789");
    private static final String A = TestingIngestClient.authorization();
    private static final String B = TestingIngestClient.basic(B_KEYS.publicKey(), B_KEYS.secretKey());
    private static final String RUN = "metrics-" + System.nanoTime();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path temp;

    private static TestingServerProcess server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String range;
    /** The UTC day the SDK's data was sent on: the day the day-bucketed answers must name. */
    private static LocalDate sentOn;

    @BeforeAll
    static void start() throws Exception {
        TestingClientScripts.setUp(Duration.ofMinutes(5));
        Path dataDir = temp.resolve("data");
        try (MetadataStore metadata = MetadataStore.open(null, dataDir)) {
            var organization = metadata.projects().createOrganization("Other org");
            var other = metadata.projects().createProject(organization.id(), "project-b");
            metadata.apiKeys().create(other.id(), B_KEYS, "second project of MetricsApiIT");
        }
        server = TestingServerProcess.start(List.of("--data-dir", dataDir.toString()), TestingIngestClient.INIT);
        server.awaitReady(Duration.ofSeconds(60));
        awaitTheDayIfItIsEnding(Duration.ofMinutes(3));
        Instant now = Instant.now();
        sentOn = LocalDate.ofInstant(now, ZoneOffset.UTC);
        range = "\"fromTimestamp\":\"" + now.minus(Duration.ofDays(1)) + "\",\"toTimestamp\":\"" + now.plus(Duration.ofDays(1)) + "\"";
        send(TestingIngestClient.PUBLIC_KEY, TestingIngestClient.SECRET_KEY, "1");
        send(B_KEYS.publicKey(), B_KEYS.secretKey(), "1000");
        awaitScores(A, 3);
        awaitScores(B, 3);
    }

    /**
     * The tests count traces per UTC day: data sent across midnight would fall into two buckets,
     * so close to midnight the data waits for the new day (at most {@code margin}, once in a few
     * hundred runs) rather than make the counts depend on the hour the suite runs.
     */
    private static void awaitTheDayIfItIsEnding(Duration margin) throws InterruptedException {
        Instant now = Instant.now();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration left = Duration.between(now, midnight);
        if (left.compareTo(margin) < 0) {
            Thread.sleep(left.plusSeconds(1));
        }
    }

    private static void send(String publicKey, String secretKey, String scale) throws Exception {
        TestingClientScripts.Result result = TestingClientScripts.python("metrics_data.py", List.of(), Map.of(
                "LANGFUSE_PUBLIC_KEY", publicKey,
                "LANGFUSE_SECRET_KEY", secretKey,
                "LANGFUSE_HOST", server.uri("/").toString().replaceAll("/$", ""),
                "E2E_RUN_ID", RUN,
                "E2E_SCALE", scale), SCRIPT_TIMEOUT);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    // The SDK exports spans and scores asynchronously; wait until all of them are visible.
    private static void awaitScores(String auth, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode page = JSON.readTree(get("/api/public/v2/scores", auth).body());
            JsonNode observations = JSON.readTree(get("/api/public/v2/metrics?query=" + encode(
                    "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}]," + range + "}"), auth).body());
            if (page.path("meta").path("totalItems").asInt() == count
                    && observations.path("data").path(0).path("count_count").asInt() == 5) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the SDK's data did not arrive within 30 s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            assertThat(server.terminate(Duration.ofSeconds(60))).as("exit code; stderr: %s", server.stderr()).isZero();
        }
    }

    @Test
    void metricsV2CostByModelByDay() throws Exception {
        JsonNode data = ok(get("/api/public/v2/metrics?query=" + encode("""
                {"view":"observations","dimensions":[{"field":"providedModelName"}],
                 "metrics":[{"measure":"totalCost","aggregation":"sum"},{"measure":"totalTokens","aggregation":"sum"},
                            {"measure":"count","aggregation":"count"}],
                 "filters":[{"column":"type","operator":"any of","value":["GENERATION"],"type":"stringOptions"}],
                 "timeDimension":{"granularity":"day"},"orderBy":[{"field":"providedModelName","direction":"asc"}],%s}"""
                .formatted(range)), A)).get("data");

        assertThat(data).hasSize(2);
        assertThat(data.get(0).get("providedModelName").asText()).isEqualTo("claude-3");
        assertThat(data.get(0).get("sum_totalCost").asDouble()).isCloseTo(0.005, within(1e-9));
        assertThat(data.get(0).get("sum_totalTokens").asLong()).isEqualTo(15);
        assertThat(data.get(1).get("providedModelName").asText()).isEqualTo("gpt-4o");
        assertThat(data.get(1).get("sum_totalCost").asDouble()).isCloseTo(0.03, within(1e-9));
        assertThat(data.get(1).get("count_count").asLong()).isEqualTo(2);
        assertThat(data.get(1).get("time_dimension").asText()).isEqualTo(sentOn + "T00:00:00.000Z");

        JsonNode byTrace = ok(get("/api/public/v2/metrics?query=" + encode("""
                {"view":"observations","dimensions":[{"field":"traceName"}],"metrics":[{"measure":"totalCost","aggregation":"sum"}],
                 "filters":[{"column":"tags","operator":"any of","value":["chat"],"type":"arrayOptions"}],%s}""".formatted(range)), A))
                .get("data");
        assertThat(byTrace).hasSize(1);
        assertThat(byTrace.get(0).get("traceName").asText()).isEqualTo("metrics-chat");

        JsonNode bTotal = ok(get("/api/public/v2/metrics?query=" + encode(
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"totalCost\",\"aggregation\":\"sum\"}]," + range + "}"), B)).get("data");
        assertThat(bTotal.get(0).get("sum_totalCost").asDouble()).isCloseTo(35.0, within(1e-6));
    }

    @Test
    void metricsV1TracesViewAndScores() throws Exception {
        JsonNode traces = ok(get("/api/public/metrics?query=" + encode("""
                {"view":"traces","dimensions":[{"field":"name"}],
                 "metrics":[{"measure":"count","aggregation":"count"},{"measure":"totalCost","aggregation":"sum"}],
                 "orderBy":[{"field":"name","direction":"asc"}],%s}""".formatted(range)), A)).get("data");
        assertThat(traces).hasSize(2);
        assertThat(traces.get(0).get("name").asText()).isEqualTo("metrics-chat");
        assertThat(traces.get(0).get("sum_totalCost").asDouble()).isCloseTo(0.03, within(1e-9));
        assertThat(traces.get(1).get("count_count").asLong()).isEqualTo(1);

        JsonNode scores = ok(get("/api/public/v2/metrics?query=" + encode("""
                {"view":"scores-numeric","dimensions":[{"field":"name"}],
                 "metrics":[{"measure":"value","aggregation":"avg"},{"measure":"value","aggregation":"histogram"}],"config":{"bins":2},%s}"""
                .formatted(range)), A)).get("data");
        assertThat(scores).hasSize(1);
        assertThat(scores.get(0).get("avg_value").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(scores.get(0).get("histogram_value")).hasSize(2);

        HttpResponse<String> refused = get("/api/public/v2/metrics?query=" + encode(
                "{\"view\":\"traces\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}]," + range + "}"), A);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("query.view 'traces'");
        HttpResponse<String> badJson = get("/api/public/v2/metrics?query=" + encode("{\"view\":"), A);
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("query is not valid JSON");
    }

    @Test
    void dailyMetrics() throws Exception {
        JsonNode page = ok(get("/api/public/metrics/daily?tags=metrics", A));
        assertThat(page.get("meta").get("totalItems").asInt()).isEqualTo(1);
        JsonNode day = page.get("data").get(0);
        assertThat(day.get("date").asText()).isEqualTo(sentOn.toString());
        assertThat(day.get("countTraces").asInt()).isEqualTo(2);
        assertThat(day.get("countObservations").asInt()).isEqualTo(5);
        assertThat(day.get("totalCost").asDouble()).isCloseTo(0.035, within(1e-9));
        JsonNode gpt = null;
        for (JsonNode usage : day.get("usage")) {
            if (usage.get("model").asText().equals("gpt-4o")) {
                gpt = usage;
            }
        }
        assertThat(gpt).as(day.toString()).isNotNull();
        assertThat(gpt.get("inputUsage").asInt()).isEqualTo(150);
        assertThat(gpt.get("outputUsage").asInt()).isEqualTo(30);
        assertThat(gpt.get("totalUsage").asInt()).isEqualTo(180);
        assertThat(gpt.get("countTraces").asInt()).isEqualTo(1);
        assertThat(ok(get("/api/public/metrics/daily?traceName=metrics-search", A)).get("data").get(0).get("countTraces").asInt()).isEqualTo(1);
        assertThat(get("/api/public/metrics/daily?fromTimestamp=yesterday", A).statusCode()).isEqualTo(400);
    }

    @Test
    void rollupReconcileKeepsTheAnswersAndChecksItsRange() throws Exception {
        String range = "\"fromTimestamp\":\"2020-01-01T00:00:00Z\",\"toTimestamp\":\"2100-01-01T00:00:00Z\"";
        String query = "/api/public/v2/metrics?query=" + encode("{\"view\":\"observations\",\"dimensions\":[{\"field\":\"providedModelName\"}],"
                + "\"metrics\":[{\"measure\":\"totalCost\",\"aggregation\":\"sum\"}]," + range + "}");
        JsonNode before = ok(get(query, A)).get("data");

        JsonNode done = ok(post("/api/public/metrics/rollup/reconcile", A));
        assertThat(done.get("reconciled").asBoolean()).isTrue();

        // The writer kept the rollup exact, so reconciling changes no answer; B's project is untouched.
        assertThat(ok(get(query, A)).get("data")).isEqualTo(before);
        assertThat(post("/api/public/metrics/rollup/reconcile?fromTimestamp=2026-01-02T00:00:00Z&toTimestamp=2026-01-01T00:00:00Z", A)
                .statusCode()).isEqualTo(400);
        assertThat(post("/api/public/metrics/rollup/reconcile?fromTimestamp=yesterday", A).body()).contains("fromTimestamp");
        assertThat(post("/api/public/metrics/rollup/reconcile", "Basic bm8tc3VjaDprZXk=").statusCode()).isEqualTo(401);
    }

    @Test
    void scoresV2ListFiltersAndById() throws Exception {
        JsonNode all = ok(get("/api/public/v2/scores", A));
        assertThat(all.get("meta").get("totalItems").asInt()).isEqualTo(3);
        JsonNode chat = ok(get("/api/public/v2/scores?userId=user-a", A)).get("data");
        assertThat(chat).hasSize(1);
        assertThat(chat.get(0).get("id").asText()).isEqualTo(RUN + "-quality-chat");
        assertThat(chat.get(0).get("value").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(chat.get(0).get("trace").get("tags").toString()).contains("chat");
        assertThat(ok(get("/api/public/v2/scores?name=quality&operator=%3C&value=0.5", A)).get("data")).hasSize(1);
        assertThat(ok(get("/api/public/v2/scores?dataType=CATEGORICAL&fields=score", A)).get("data").get(0).has("trace")).isFalse();
        assertThat(get("/api/public/v2/scores?dataType=TEXTUAL", A).statusCode()).isEqualTo(400);
        assertThat(get("/api/public/v2/scores?operator=%3C", A).body()).contains("operator and value");

        String id = RUN + "-quality-chat";
        assertThat(ok(get("/api/public/v2/scores/" + id, A)).get("value").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(ok(get("/api/public/v2/scores/" + id, B)).get("value").asDouble()).isCloseTo(800, within(1e-6));
        assertThat(get("/api/public/v2/scores/no-such-score", A).statusCode()).isEqualTo(404);
    }

    @Test
    void scoresV3CursorWalksEveryScoreOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 5; page++) {
            JsonNode body = ok(get("/api/public/v3/scores?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), A));
            for (JsonNode score : body.get("data")) {
                ids.add(score.get("id").asText());
                if (score.get("dataType").asText().equals("CATEGORICAL")) {
                    assertThat(score.get("value").asText()).isEqualTo("friendly");
                } else {
                    assertThat(score.get("value").asDouble()).isLessThan(1.0);
                }
            }
            cursor = body.get("meta").path("cursor").asText(null);
            if (cursor == null) {
                break;
            }
        }
        Set<String> distinct = new HashSet<>(ids);
        assertThat(ids).hasSize(3);
        assertThat(distinct).containsExactlyInAnyOrder(RUN + "-quality-chat", RUN + "-quality-search", RUN + "-tone-search");
        assertThat(get("/api/public/v3/scores?cursor=not-a-cursor", A).statusCode()).isEqualTo(400);
        assertThat(get("/api/public/v3/scores?limit=101", A).statusCode()).isEqualTo(400);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(String path, String auth) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.uri("/").toString().replaceAll("/$", "") + path))
                .header("Authorization", auth).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String auth) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.uri("/").toString().replaceAll("/$", "") + path))
                .header("Authorization", auth).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
