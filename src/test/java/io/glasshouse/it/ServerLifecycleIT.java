package io.glasshouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, restart and stop the packaged server as a user would. */
class ServerLifecycleIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void startsOnAnEmptyDataDirPrintsKeysOnceAndStopsCleanly() throws Exception {
        Path dataDir = temp.resolve("data");
        List<String> flags = List.of("--data-dir", dataDir.toString());
        try (TestingServerProcess server = TestingServerProcess.start(flags, Map.of())) {
            Duration ready = server.awaitReady(Duration.ofSeconds(60));
            System.out.printf("ready %d ms after launch on an empty data dir%n", ready.toMillis());

            HttpResponse<String> health = get(server, "/api/public/health");
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("OK");
            assertThat(body.get("version").asText()).isNotBlank();
            assertThat(get(server, "/metrics").body()).contains("glasshouse_ingest_pending_rows");
            assertThat(server.stdout()).contains("LANGFUSE_PUBLIC_KEY=pk-lf-", "LANGFUSE_SECRET_KEY=sk-lf-");
            // The UI is served at / and for links into it; API paths keep answering JSON.
            for (String page : List.of("/", "/traces/some-trace")) {
                HttpResponse<String> ui = get(server, page);
                assertThat(ui.statusCode()).as(page).isEqualTo(200);
                assertThat(ui.body()).as(page).contains("<div id=\"root\">");
            }
            HttpResponse<String> unknownApi = get(server, "/api/public/no-such-endpoint");
            assertThat(unknownApi.statusCode()).isEqualTo(404);
            assertThat(unknownApi.body()).contains("\"error\":\"NOT_FOUND\"");
            assertThat(server.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
            assertThat(server.stderr()).doesNotContain("Exception");
        }
        try (TestingServerProcess again = TestingServerProcess.start(flags, Map.of())) {
            again.awaitReady(Duration.ofSeconds(60));
            assertThat(again.stdout()).as("keys are shown only on the first start").doesNotContain("LANGFUSE_SECRET_KEY");
            assertThat(again.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void initVariablesCreateTheConfiguredKeysEveryStartAlike() throws Exception {
        Map<String, String> init = Map.of(
                "GLASSHOUSE_INIT_ORG_NAME", "Acme",
                "GLASSHOUSE_INIT_PROJECT_NAME", "support-bot",
                "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY", "pk-lf-acme-public",
                "GLASSHOUSE_INIT_PROJECT_SECRET_KEY", "sk-lf-acme-secret-0123456789",
                "GLASSHOUSE_INIT_USER_EMAIL", "owner@acme.test",
                "GLASSHOUSE_INIT_USER_PASSWORD", "correct horse battery staple");
        List<String> flags = List.of("--data-dir", temp.resolve("data").toString());
        for (int start = 0; start < 2; start++) {
            try (TestingServerProcess server = TestingServerProcess.start(flags, init)) {
                server.awaitReady(Duration.ofSeconds(60));
                assertThat(server.stdout()).doesNotContain("LANGFUSE_SECRET_KEY", "sk-lf-acme-secret");
                assertThat(server.stderr()).doesNotContain("sk-lf-acme-secret", "correct horse");
                assertThat(server.terminate(Duration.ofSeconds(60))).isZero();
            }
        }
    }

    static HttpResponse<String> get(TestingServerProcess server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
