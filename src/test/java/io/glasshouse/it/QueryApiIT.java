package io.glasshouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.auth.ApiKeyPair;
import io.glasshouse.storage.meta.MetadataStore;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read API against the packaged server, on data the real npm {@code langfuse} v3 SDK sent to
 * two projects whose trace, observation and score ids collide: results, filters, sorting, search,
 * pagination while a background writer keeps sending, deletion, errors, and isolation — project
 * A's key never sees a row of project B.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final ApiKeyPair B_KEYS = new ApiKeyPair("pk-lf-it-query-b", "sk-lf-it-query-b-secret-0123456789");
    private static final String A = TestingIngestClient.authorization();
    private static final String B = TestingIngestClient.basic(B_KEYS.publicKey(), B_KEYS.secretKey());
    private static final String RUN = "q" + Long.toString(System.currentTimeMillis(), 36);
    /** Runs sent to both projects (colliding ids), and runs only one project has. */
    private static final List<String> SHARED = List.of(RUN + "-1", RUN + "-2");
    private static final String A_ONLY = RUN + "-a";
    private static final String B_ONLY = RUN + "-b";

    @TempDir
    static Path temp;
    private static TestingServerProcess server;
    private static TestingIngestClient client;
    private static String projectA;
    private static String projectB;

    @BeforeAll
    static void startAndSend() throws Exception {
        TestingClientScripts.setUp(Duration.ofMinutes(15));
        Path dataDir = temp.resolve("data");
        try (MetadataStore metadata = MetadataStore.open(null, dataDir)) {
            var organization = metadata.projects().createOrganization("Query org");
            var other = metadata.projects().createProject(organization.id(), "query-b");
            metadata.apiKeys().create(other.id(), B_KEYS, "second project of QueryApiIT");
        }
        server = TestingServerProcess.start(List.of("--data-dir", dataDir.toString()), TestingIngestClient.INIT);
        server.awaitReady(Duration.ofSeconds(90));
        client = new TestingIngestClient(server.uri("/"));
        for (String run : SHARED) {
            sendWithSdk(run, TestingIngestClient.PUBLIC_KEY, TestingIngestClient.SECRET_KEY);
            sendWithSdk(run, B_KEYS.publicKey(), B_KEYS.secretKey());
        }
        sendWithSdk(A_ONLY, TestingIngestClient.PUBLIC_KEY, TestingIngestClient.SECRET_KEY);
        sendWithSdk(B_ONLY, B_KEYS.publicKey(), B_KEYS.secretKey());
        projectA = ok(get("/api/public/projects", A)).get("data").get(0).get("id").asText();
        projectB = ok(get("/api/public/projects", B)).get("data").get(0).get("id").asText();
    }

    private static void sendWithSdk(String run, String publicKey, String secretKey) throws Exception {
        TestingClientScripts.Result result = TestingClientScripts.node("langfuse-v3.mjs", Map.of(
                "LANGFUSE_PUBLIC_KEY", publicKey,
                "LANGFUSE_SECRET_KEY", secretKey,
                "LANGFUSE_BASEURL", server.uri("/").toString().replaceAll("/$", ""),
                "E2E_RUN_ID", run), SCRIPT_TIMEOUT);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            assertThat(server.terminate(Duration.ofSeconds(60))).as("exit code; stderr: %s", server.stderr()).isZero();
        }
    }

    @Test
    void projectsAnswerTheKeysOwnProject() throws Exception {
        JsonNode a = ok(get("/api/public/projects", A)).get("data");
        assertThat(a).hasSize(1);
        assertThat(a.get(0).get("name").asText()).isNotEqualTo("query-b");
        assertThat(ok(get("/api/public/projects", B)).get("data").get(0).get("name").asText()).isEqualTo("query-b");
        assertThat(projectA).isNotEqualTo(projectB);
    }

    @Test
    void traceListHasLangfusesShapeFiltersSortsAndSearches() throws Exception {
        JsonNode page = ok(get("/api/public/traces?environment=e2e-node-v3&limit=50", A));
        assertThat(ids(page)).containsExactlyInAnyOrder(trace(SHARED.get(0)), trace(SHARED.get(1)), trace(A_ONLY));
        assertThat(page.get("meta").get("totalItems").asLong()).isEqualTo(3);
        JsonNode item = one(page, trace(A_ONLY));
        assertThat(item.get("projectId").asText()).isEqualTo(projectA);
        assertThat(item.get("htmlPath").asText()).isEqualTo("/project/" + projectA + "/traces/" + trace(A_ONLY));
        assertThat(item.get("observations")).hasSize(3);
        assertThat(item.get("scores")).hasSize(3);
        assertThat(item.get("totalCost").asDouble()).isEqualTo(0.0018);
        assertThat(item.get("latency").asDouble()).isPositive();
        assertThat(item.get("input").get("question").asText()).isEqualTo("What is 2 + 2?");

        // Newest first by default; the ascending order is its reverse.
        List<String> newestFirst = ids(ok(get("/api/public/traces?environment=e2e-node-v3", A)));
        List<String> oldestFirst = ids(ok(get("/api/public/traces?environment=e2e-node-v3&orderBy=timestamp.asc", A)));
        assertThat(oldestFirst).isEqualTo(newestFirst.reversed());

        assertThat(ids(ok(get("/api/public/traces?sessionId=session-" + A_ONLY, A)))).containsExactly(trace(A_ONLY));
        assertThat(ids(ok(get("/api/public/traces?userId=user-node-v3&tags=e2e&tags=node-v3&name=node-v3-" + A_ONLY, A))))
                .containsExactly(trace(A_ONLY));
        assertThat(ids(ok(get("/api/public/traces?tags=e2e&tags=missing", A)))).isEmpty();
        assertThat(ids(ok(get("/api/public/traces?release=v3-release-1.2.3&version=v3-version-7&environment=e2e-node-v3", A))))
                .hasSize(3);
        String filter = "[{\"type\":\"stringObject\",\"column\":\"metadata\",\"key\":\"run\",\"operator\":\"=\",\"value\":\""
                + A_ONLY + "\"}]";
        assertThat(ids(ok(get("/api/public/traces?filter=" + encode(filter), A)))).containsExactly(trace(A_ONLY));

        assertThat(ids(ok(get("/api/public/traces?environment=e2e-node-v3&search=" + encode("WHAT IS 2"), A)))).hasSize(3);
        assertThat(ids(ok(get("/api/public/traces?environment=e2e-node-v3&search=wha&searchType=word", A)))).isEmpty();
        assertThat(ids(ok(get("/api/public/traces?environment=e2e-node-v3&search=what&searchType=word", A)))).hasSize(3);
        assertThat(ids(ok(get("/api/public/traces?search=" + encode(A_ONLY), A)))).containsExactly(trace(A_ONLY));

        JsonNode core = ok(get("/api/public/traces?fields=core&sessionId=session-" + A_ONLY, A)).get("data").get(0);
        assertThat(core.has("input")).isFalse();
        assertThat(core.has("observations")).isFalse();
        assertThat(core.get("name").asText()).isEqualTo("node-v3-" + A_ONLY);
    }

    @Test
    void traceDetailCarriesItsOwnProjectsObservationsAndScores() throws Exception {
        String shared = trace(SHARED.get(0));
        JsonNode a = ok(get("/api/public/traces/" + shared, A));
        JsonNode b = ok(get("/api/public/traces/" + shared, B));
        assertThat(a.get("projectId").asText()).isEqualTo(projectA);
        assertThat(b.get("projectId").asText()).isEqualTo(projectB);
        assertThat(a.get("observations")).hasSize(3);
        assertThat(a.get("scores")).hasSize(3);
        a.get("observations").forEach(o -> assertThat(o.get("projectId").asText()).isEqualTo(projectA));
        assertThat(a.get("totalCost").asDouble()).isEqualTo(0.0018);
        assertThat(get("/api/public/traces/" + trace(B_ONLY), A).statusCode()).isEqualTo(404);
        assertThat(get("/api/public/traces/no-such-trace", A).statusCode()).isEqualTo(404);
    }

    @Test
    void observationListsFilterPageAndFollowCursors() throws Exception {
        JsonNode byTrace = ok(get("/api/public/observations?traceId=" + trace(A_ONLY), A));
        assertThat(byTrace.get("meta").get("totalItems").asLong()).isEqualTo(3);
        byTrace.get("data").forEach(o -> assertThat(o.get("projectId").asText()).isEqualTo(projectA));
        JsonNode generations = ok(get("/api/public/observations?type=GENERATION&userId=user-node-v3&environment=e2e-node-v3", A));
        assertThat(ids(generations)).containsExactlyInAnyOrder(
                "v3-gen-" + SHARED.get(0), "v3-gen-" + SHARED.get(1), "v3-gen-" + A_ONLY);
        assertThat(ids(ok(get("/api/public/observations?level=WARNING&traceId=" + trace(A_ONLY), A))))
                .containsExactly("v3-gen-" + A_ONLY);
        assertThat(ids(ok(get("/api/public/observations?parentObservationId=v3-span-" + A_ONLY, A))))
                .containsExactlyInAnyOrder("v3-gen-" + A_ONLY, "v3-event-" + A_ONLY);
        assertThat(ids(ok(get("/api/public/observations?search=calculator&environment=e2e-node-v3", A)))).hasSize(3);
        assertThat(ok(get("/api/public/observations/v3-gen-" + B_ONLY, B)).get("projectId").asText()).isEqualTo(projectB);
        assertThat(get("/api/public/observations/v3-gen-" + B_ONLY, A).statusCode()).isEqualTo(404);

        JsonNode v2 = ok(get("/api/public/v2/observations?traceId=" + trace(A_ONLY) + "&fields=core,io,usage,trace_context", A));
        JsonNode generation = one(v2, "v3-gen-" + A_ONLY);
        assertThat(generation.get("usageDetails").get("total").asLong()).isEqualTo(15);
        assertThat(generation.get("output").get("content").asText()).isEqualTo("4");
        assertThat(generation.get("userId").asText()).isEqualTo("user-node-v3");
        assertThat(generation.has("name")).isFalse();
        assertThat(v2.get("meta").get("cursor").isNull()).isTrue();
    }

    @Test
    void pagesNeverRepeatOrSkipWhileNewDataArrives() throws Exception {
        Instant pinned = Instant.now();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                try {
                    int n = written.incrementAndGet();
                    HttpResponse<String> response = client.send("POST", "/api/public/ingestion", burst(n), A);
                    assertThat(response.statusCode()).isEqualTo(207);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        try {
            // Page-based with toTimestamp pinned: later traces stay out, earlier ones keep their place.
            String pinnedTo = "&toTimestamp=" + encode(pinned.toString());
            long total = ok(get("/api/public/traces?limit=1" + pinnedTo, A)).get("meta").get("totalItems").asLong();
            List<String> seen = new ArrayList<>();
            for (int page = 1; page <= total; page++) {
                seen.addAll(ids(ok(get("/api/public/traces?limit=1&page=" + page + pinnedTo, A))));
            }
            assertThat(seen).doesNotHaveDuplicates().hasSize((int) total).contains(trace(A_ONLY)).doesNotContain(trace(B_ONLY));

            // Cursor-based: what arrives sorts before the cursor, so the walk neither repeats nor skips.
            List<String> before = ids(ok(get("/api/public/observations?limit=100&userId=user-node-v3", A)));
            List<String> walked = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode v2 = ok(get("/api/public/v2/observations?limit=2" + (cursor == null ? "" : "&cursor=" + encode(cursor)), A));
                walked.addAll(ids(v2));
                cursor = v2.get("meta").get("cursor").isNull() ? null : v2.get("meta").get("cursor").asText();
            } while (cursor != null);
            assertThat(walked).doesNotHaveDuplicates().containsAll(before).doesNotContain("v3-gen-" + B_ONLY);
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(written.get()).isPositive();
    }

    @Test
    void sessionsAndUsersCountOnlyTheKeysProject() throws Exception {
        JsonNode sessions = ok(get("/api/public/sessions?limit=100&environment=e2e-node-v3", A));
        assertThat(ids(sessions)).containsExactlyInAnyOrder(
                "session-" + SHARED.get(0), "session-" + SHARED.get(1), "session-" + A_ONLY);
        sessions.get("data").forEach(s -> assertThat(s.get("projectId").asText()).isEqualTo(projectA));
        JsonNode session = ok(get("/api/public/sessions/session-" + SHARED.get(0), A));
        assertThat(session.get("traces")).hasSize(1);
        assertThat(session.get("traces").get(0).get("projectId").asText()).isEqualTo(projectA);
        assertThat(get("/api/public/sessions/session-" + B_ONLY, A).statusCode()).isEqualTo(404);
        assertThat(ok(get("/api/public/sessions/session-" + B_ONLY, B)).get("traces")).hasSize(1);

        JsonNode users = ok(get("/api/public/users", A));
        JsonNode user = one(users, "user-node-v3", "userId");
        JsonNode direct = ok(get("/api/public/users/user-node-v3", A));
        assertThat(direct).isEqualTo(user);
        assertThat(user.get("traceCount").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(user.get("totalTokens").asLong()).isEqualTo(15L * user.get("traceCount").asLong());
        assertThat(ok(get("/api/public/users/user-node-v3", B)).get("traceCount").asLong()).isEqualTo(3);
        assertThat(get("/api/public/users/nobody", A).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(Integer.MAX_VALUE) // the other tests count the trace it deletes
    void deletingATraceHidesItAndItsObservationsAndLeavesTheOtherProjectAlone() throws Exception {
        String shared = trace(SHARED.get(1));
        assertThat(client.send("DELETE", "/api/public/traces/" + trace(B_ONLY), null, A).statusCode()).isEqualTo(404);
        assertThat(ok(client.send("DELETE", "/api/public/traces/" + shared, null, A)).get("message").asText())
                .isEqualTo("Trace deleted successfully");
        assertThat(get("/api/public/traces/" + shared, A).statusCode()).isEqualTo(404);
        assertThat(get("/api/public/observations/v3-gen-" + SHARED.get(1), A).statusCode()).isEqualTo(404);
        assertThat(ids(ok(get("/api/public/observations?traceId=" + shared, A)))).isEmpty();
        assertThat(ok(get("/api/public/traces/" + shared, B)).get("observations")).hasSize(3);

        client.sendTraces("doomed-1", "doomed-2");
        JsonNode batch = ok(client.send("DELETE", "/api/public/traces", "{\"traceIds\": [\"doomed-1\", \"doomed-2\"]}", A));
        assertThat(batch.get("deleted").asInt()).isEqualTo(2);
        assertThat(get("/api/public/traces/doomed-1", A).statusCode()).isEqualTo(404);
    }

    @Test
    void badParametersAreAnswered400NamingTheParameter() throws Exception {
        Map<String, String> cases = Map.of(
                "/api/public/traces?limit=101", "limit",
                "/api/public/traces?page=0", "page",
                "/api/public/traces?orderBy=colour.asc", "orderBy",
                "/api/public/traces?fromTimestamp=yesterday", "fromTimestamp",
                "/api/public/traces?filter=" + encode("[{\"type\":\"string\",\"column\":\"name\",\"operator\":\"like\",\"value\":\"x\"}]"),
                "filter[0].operator",
                "/api/public/traces?filter=not-json", "filter",
                "/api/public/traces?fields=everything", "fields",
                "/api/public/traces?search=x&searchType=fuzzy", "searchType",
                "/api/public/v2/observations?limit=1001", "limit",
                "/api/public/v2/observations?cursor=bm90LWEtY3Vyc29y", "cursor");
        for (var entry : cases.entrySet()) {
            HttpResponse<String> response = get(entry.getKey(), A);
            assertThat(response.statusCode()).as(entry.getKey() + ": " + response.body()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("message").asText()).as(entry.getKey()).contains(entry.getValue());
        }
        assertThat(client.send("DELETE", "/api/public/traces", "{\"traceIds\": []}", A).statusCode()).isEqualTo(400);
    }

    private static String burst(int n) throws Exception {
        String now = Instant.now().toString();
        ArrayNode batch = JSON.createArrayNode();
        ObjectNode trace = batch.addObject();
        trace.put("id", "burst-trace-event-" + n).put("type", "trace-create").put("timestamp", now);
        trace.putObject("body").put("id", "burst-" + RUN + "-" + n).put("name", "burst").put("timestamp", now)
                .put("environment", "burst");
        ObjectNode span = batch.addObject();
        span.put("id", "burst-span-event-" + n).put("type", "span-create").put("timestamp", now);
        span.putObject("body").put("id", "burst-span-" + RUN + "-" + n).put("traceId", "burst-" + RUN + "-" + n)
                .put("name", "burst").put("startTime", now).put("environment", "burst");
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("batch", batch);
        return JSON.writeValueAsString(envelope);
    }

    private static String trace(String run) {
        return "v3-" + run;
    }

    private static List<String> ids(JsonNode page) {
        String field = page.get("data").size() > 0 && page.get("data").get(0).has("id") ? "id" : "userId";
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(item -> ids.add(item.get(field).asText()));
        Set<String> unique = new HashSet<>(ids);
        assertThat(unique).as("ids of one page").hasSameSizeAs(ids);
        return ids;
    }

    private static JsonNode one(JsonNode page, String id) {
        return one(page, id, "id");
    }

    private static JsonNode one(JsonNode page, String id, String field) {
        for (JsonNode item : page.get("data")) {
            if (item.get(field).asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + page);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return client.send("GET", path, null, authorization);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
