package io.glasshouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.auth.ApiKeyPair;
import io.glasshouse.storage.meta.MetadataStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scores, score-configs and models endpoints of the packaged server, over HTTP as SDKs call
 * them. Two projects: the one the server is initialised with, and "other", made in the same
 * SQLite file before start, whose keys must not reach the first one's configs and models.
 */
class ScoresAndModelsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiKeyPair OTHER_KEYS = new ApiKeyPair("pk-lf-it-other", "sk-lf-it-other-secret-0123456789");
    private static final String AUTH = TestingIngestClient.authorization();
    private static final String OTHER_AUTH = TestingIngestClient.basic(OTHER_KEYS.publicKey(), OTHER_KEYS.secretKey());
    private static final String BEARER = "Bearer " + TestingIngestClient.PUBLIC_KEY;

    @TempDir
    static Path temp;

    private static TestingServerProcess server;
    private static TestingIngestClient client;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = temp.resolve("data");
        try (MetadataStore metadata = MetadataStore.open(null, dataDir)) {
            var organization = metadata.projects().createOrganization("Other org");
            var other = metadata.projects().createProject(organization.id(), "other");
            metadata.apiKeys().create(other.id(), OTHER_KEYS, "second project of ScoresAndModelsIT");
        }
        server = TestingServerProcess.start(List.of("--data-dir", dataDir.toString()), TestingIngestClient.INIT);
        server.awaitReady(Duration.ofSeconds(60));
        client = new TestingIngestClient(server.uri("/"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            assertThat(server.terminate(Duration.ofSeconds(60))).as("exit code; stderr: %s", server.stderr()).isZero();
        }
    }

    @Test
    void scoreConfigsAreCreatedListedAndReadInLangfusesShape() throws Exception {
        JsonNode accuracy = ok(post("/api/public/score-configs",
                "{\"name\": \"precision\", \"dataType\": \"NUMERIC\", \"minValue\": 0, \"maxValue\": 1, \"description\": \"share\"}"));
        JsonNode tone = ok(post("/api/public/score-configs", "{\"name\": \"voice\", \"dataType\": \"CATEGORICAL\", "
                + "\"categories\": [{\"label\": \"calm\", \"value\": 1}, {\"label\": \"rude\", \"value\": -1}]}"));
        JsonNode helpful = ok(post("/api/public/score-configs", "{\"name\": \"useful\", \"dataType\": \"BOOLEAN\"}"));

        assertThat(accuracy.get("id").asText()).isNotBlank();
        assertThat(accuracy.get("projectId").asText()).isNotBlank();
        assertThat(accuracy.get("isArchived").asBoolean()).isFalse();
        assertThat(accuracy.get("maxValue").asDouble()).isEqualTo(1.0);
        assertThat(accuracy.get("description").asText()).isEqualTo("share");
        assertThat(tone.get("categories").get(1).get("label").asText()).isEqualTo("rude");
        assertThat(helpful.get("categories").toString()).isEqualTo("[{\"label\":\"True\",\"value\":1},{\"label\":\"False\",\"value\":0}]");

        JsonNode page = ok(get("/api/public/score-configs?page=1&limit=2", AUTH));
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.get("meta").get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("meta").get("totalItems").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(page.get("meta").get("totalPages").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(ok(get("/api/public/score-configs/" + tone.get("id").asText(), AUTH))).isEqualTo(tone);
        assertThat(get("/api/public/score-configs/" + tone.get("id").asText(), OTHER_AUTH).statusCode()).isEqualTo(404);
        assertThat(get("/api/public/score-configs/no-such-config", AUTH).statusCode()).isEqualTo(404);
        assertThat(ok(get("/api/public/score-configs?limit=100", OTHER_AUTH)).get("data"))
                .extracting(c -> c.get("id").asText()).doesNotContain(tone.get("id").asText());
    }

    @Test
    void invalidScoreConfigsAreRefusedWithTheFieldNamed() throws Exception {
        assertBadRequest(post("/api/public/score-configs", "{\"name\": \"x\", \"dataType\": \"NUMERIC\", \"minValue\": 2, \"maxValue\": 1}"),
                "maxValue (1) must be greater than minValue (2)");
        assertBadRequest(post("/api/public/score-configs", "{\"name\": \"x\"}"), "dataType is required");
        assertBadRequest(post("/api/public/score-configs", "{\"name\": \"x\", \"dataType\": \"CATEGORICAL\"}"), "categories is required");
        assertBadRequest(get("/api/public/score-configs?limit=101", AUTH), "limit must be an integer from 1 to 100");
        assertThat(client.send("POST", "/api/public/score-configs", "{\"name\": \"x\", \"dataType\": \"BOOLEAN\"}", BEARER)
                .statusCode()).isEqualTo(401);
    }

    @Test
    void scoresAreValidatedAgainstTheirConfigAndDeletedByTombstone() throws Exception {
        String traceId = "trace-scored-" + System.nanoTime();
        assertThat(TestingIngestClient.allSucceeded(client.sendTraces(traceId))).isTrue();
        String accuracyId = ok(post("/api/public/score-configs",
                "{\"name\": \"accuracy\", \"dataType\": \"NUMERIC\", \"minValue\": 0, \"maxValue\": 1}")).get("id").asText();
        String toneId = ok(post("/api/public/score-configs", "{\"name\": \"tone\", \"dataType\": \"CATEGORICAL\", "
                + "\"categories\": [{\"label\": \"calm\", \"value\": 1}, {\"label\": \"rude\", \"value\": -1}]}")).get("id").asText();
        String foreignConfig = ok(client.send("POST", "/api/public/score-configs",
                "{\"name\": \"accuracy\", \"dataType\": \"NUMERIC\"}", OTHER_AUTH)).get("id").asText();

        String numeric = ok(post("/api/public/scores", "{\"traceId\": \"" + traceId + "\", \"name\": \"sent name\", "
                + "\"value\": 0.5, \"configId\": \"" + accuracyId + "\"}")).get("id").asText();
        String categorical = ok(client.send("POST", "/api/public/scores", "{\"id\": \"score-tone-" + traceId + "\", \"traceId\": \""
                + traceId + "\", \"name\": \"tone\", \"value\": \"calm\", \"configId\": \"" + toneId + "\"}", BEARER)).get("id").asText();

        assertBadRequest(post("/api/public/scores", "{\"traceId\": \"" + traceId + "\", \"name\": \"accuracy\", \"value\": 2, "
                + "\"configId\": \"" + accuracyId + "\"}"), "body.value 2 exceeds the maximum 1 of score config 'accuracy'");
        assertBadRequest(post("/api/public/scores", "{\"traceId\": \"" + traceId + "\", \"name\": \"tone\", \"value\": \"angry\", "
                + "\"configId\": \"" + toneId + "\"}"), "body.value 'angry' is not a category");
        assertBadRequest(post("/api/public/scores", "{\"traceId\": \"" + traceId + "\", \"value\": 1}"), "body.name is required");
        HttpResponse<String> foreign = post("/api/public/scores", "{\"traceId\": \"" + traceId + "\", \"name\": \"accuracy\", "
                + "\"value\": 1, \"configId\": \"" + foreignConfig + "\"}");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
        assertThat(JSON.readTree(foreign.body()).get("message").asText()).contains("body.configId");

        // The batch endpoint's score-create events run through the same check.
        String now = Instant.now().toString();
        HttpResponse<String> batch = client.send("POST", "/api/public/ingestion", "{\"batch\": ["
                + "{\"id\": \"ev-ok-" + traceId + "\", \"type\": \"score-create\", \"timestamp\": \"" + now + "\", \"body\": "
                + "{\"id\": \"batch-score-" + traceId + "\", \"traceId\": \"" + traceId + "\", \"name\": \"x\", \"value\": 1, "
                + "\"configId\": \"" + accuracyId + "\"}},"
                + "{\"id\": \"ev-bad-" + traceId + "\", \"type\": \"score-create\", \"timestamp\": \"" + now + "\", \"body\": "
                + "{\"traceId\": \"" + traceId + "\", \"name\": \"x\", \"value\": -1, \"configId\": \"" + accuracyId + "\"}}]}", AUTH);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(207);
        JsonNode outcome = JSON.readTree(batch.body());
        assertThat(outcome.get("successes")).hasSize(1);
        assertThat(outcome.get("errors").get(0).get("status").asInt()).isEqualTo(400);
        assertThat(outcome.get("errors").get(0).get("message").asText()).startsWith("body.value -1 is below the minimum 0");

        JsonNode scores = ok(client.getTrace(traceId)).get("scores");
        assertThat(scores).hasSize(3);
        JsonNode numericScore = byId(scores, numeric);
        assertThat(numericScore.get("name").asText()).isEqualTo("accuracy");
        assertThat(numericScore.get("configId").asText()).isEqualTo(accuracyId);
        JsonNode toneScore = byId(scores, categorical);
        assertThat(toneScore.get("value").asDouble()).isEqualTo(1.0);
        assertThat(toneScore.get("stringValue").asText()).isEqualTo("calm");
        assertThat(toneScore.get("dataType").asText()).isEqualTo("CATEGORICAL");

        assertThat(client.send("DELETE", "/api/public/scores/" + numeric, null, OTHER_AUTH).statusCode()).isEqualTo(404);
        ok(client.send("DELETE", "/api/public/scores/" + numeric, null, AUTH));
        assertThat(ok(client.getTrace(traceId)).get("scores")).extracting(s -> s.get("id").asText())
                .containsExactlyInAnyOrder(categorical, "batch-score-" + traceId);
        assertThat(client.send("DELETE", "/api/public/scores/" + numeric, null, AUTH).statusCode()).isEqualTo(404);
    }

    @Test
    void aProjectModelOverridesTheBuiltInPriceForGenerationsIngestedAfterIt() throws Exception {
        JsonNode builtIn = ok(get("/api/public/models/gpt-4o-mini", AUTH));
        assertThat(builtIn.get("isLangfuseManaged").asBoolean()).isTrue();
        assertThat(builtIn.get("pricingTiers").get(0).get("isDefault").asBoolean()).isTrue();
        JsonNode listed = ok(get("/api/public/models?limit=100", AUTH));
        assertThat(listed.get("data")).hasSize(100);
        assertThat(listed.get("meta").get("totalItems").asInt()).isGreaterThan(100);

        String before = ingestGeneration("gen-before", "gpt-4o-mini");
        JsonNode own = ok(post("/api/public/models", "{\"modelName\": \"gpt-4o-mini\", \"matchPattern\": "
                + "\"(?i)^(openai/)?(gpt-4o-mini)$\", \"unit\": \"TOKENS\", \"inputPrice\": 0.001, \"outputPrice\": 0.002}"));
        String after = ingestGeneration("gen-after", "gpt-4o-mini");

        assertThat(own.get("isLangfuseManaged").asBoolean()).isFalse();
        assertThat(own.get("prices").get("input").get("price").decimalValue()).isEqualByComparingTo("0.001");
        JsonNode pricedBefore = ok(get("/api/public/observations/" + before, AUTH));
        JsonNode pricedAfter = ok(get("/api/public/observations/" + after, AUTH));
        assertThat(pricedBefore.get("modelId").asText()).isEqualTo("gpt-4o-mini");
        assertThat(pricedBefore.get("calculatedTotalCost").decimalValue()).isEqualByComparingTo("0.00045"); // 1000 × 0.15/M + 500 × 0.6/M
        assertThat(pricedAfter.get("modelId").asText()).isEqualTo(own.get("id").asText());
        assertThat(pricedAfter.get("calculatedTotalCost").decimalValue()).isEqualByComparingTo("2"); // 1000 × 0.001 + 500 × 0.002

        assertThat(ok(get("/api/public/models/" + own.get("id").asText(), AUTH))).isEqualTo(own);
        assertThat(get("/api/public/models/" + own.get("id").asText(), OTHER_AUTH).statusCode()).isEqualTo(404);
        assertThat(post("/api/public/models", "{\"modelName\": \"gpt-4o-mini\", \"matchPattern\": \"^x$\", \"inputPrice\": 1}")
                .statusCode()).isEqualTo(409);
        assertBadRequest(post("/api/public/models", "{\"modelName\": \"cheap\", \"matchPattern\": \"^cheap$\", \"inputPrice\": -1}"),
                "inputPrice must not be negative");
        assertBadRequest(post("/api/public/models", "{\"modelName\": \"broken\", \"matchPattern\": \"^(broken$\", \"inputPrice\": 1}"),
                "matchPattern is not a valid regex");
        assertThat(client.send("DELETE", "/api/public/models/gpt-4o-mini", null, AUTH).statusCode()).isEqualTo(404);
        assertThat(client.send("DELETE", "/api/public/models/" + own.get("id").asText(), null, OTHER_AUTH).statusCode()).isEqualTo(404);
        assertThat(ok(client.send("DELETE", "/api/public/models/" + own.get("id").asText(), null, AUTH)).get("message").asText())
                .isEqualTo("Model successfully deleted");
        assertThat(ok(get("/api/public/observations/" + ingestGeneration("gen-deleted", "gpt-4o-mini"), AUTH))
                .get("modelId").asText()).isEqualTo("gpt-4o-mini");
    }

    private static String ingestGeneration(String id, String model) throws IOException, InterruptedException {
        String now = Instant.now().toString();
        HttpResponse<String> sent = client.send("POST", "/api/public/ingestion", "{\"batch\": [{\"id\": \"ev-" + id + "\", "
                + "\"type\": \"generation-create\", \"timestamp\": \"" + now + "\", \"body\": {\"id\": \"" + id + "\", "
                + "\"traceId\": \"trace-" + id + "\", \"name\": \"llm\", \"model\": \"" + model + "\", \"startTime\": \"" + now + "\", "
                + "\"usageDetails\": {\"input\": 1000, \"output\": 500}}}]}", AUTH);
        assertThat(TestingIngestClient.allSucceeded(sent)).as(sent.body()).isTrue();
        return id;
    }

    private static JsonNode byId(JsonNode array, String id) {
        for (JsonNode item : array) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return client.send("POST", path, json, AUTH);
    }

    private static HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        return client.send("GET", path, null, authorization);
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertBadRequest(HttpResponse<String> response, String messageStart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText()).startsWith(messageStart);
    }
}
