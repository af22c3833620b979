package io.glasshouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI in a real browser: e2e/browser/ui-flow.mjs drives Debian's Chromium (playwright-core)
 * against the packaged server, signed in as the init user. It saves a screenshot of every page it
 * visits under target/ui-screenshots/.
 * The flow: sign-in, settings (keys, members), traces sent through the public API, search, trace
 * detail (tree, timeline, chat messages), scoring, dashboard charts, sessions, users, scores, a
 * viewer's read-only access.
 */
class WebUiIT {
    private static final String EMAIL = "ada@example.com";
    private static final String PASSWORD = "correct horse battery";
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots").toAbsolutePath();

    @TempDir
    static Path dataDir;
    private static TestingServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        TestingClientScripts.setUp(Duration.ofMinutes(5));
        server = TestingServerProcess.start(List.of("--data-dir", dataDir.toString()), Map.of(
                "GLASSHOUSE_INIT_USER_EMAIL", EMAIL,
                "GLASSHOUSE_INIT_USER_PASSWORD", PASSWORD));
        server.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            int exit = server.terminate(Duration.ofSeconds(60));
            assertThat(exit).as("server exit code; stderr: %s", server.stderr()).isZero();
        }
    }

    @Test
    void theIssueFlowRunsInChromiumAndEveryPageIsPhotographed() throws Exception {
        deleteOldScreenshots();
        Map<String, String> environment = new HashMap<>(Map.of(
                "GLASSHOUSE_URL", "http://127.0.0.1:" + server.port,
                "GLASSHOUSE_EMAIL", EMAIL,
                "GLASSHOUSE_PASSWORD", PASSWORD,
                "GLASSHOUSE_SCREENSHOTS", SCREENSHOTS.toString()));

        TestingClientScripts.Result result = TestingClientScripts.run(
                List.of("node", TestingClientScripts.E2E.resolve("browser/ui-flow.mjs").toString()), environment,
                Duration.ofMinutes(4));

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.printed()).as(result.describe()).isNotNull();
        assertThat(result.printed().path("ok").asBoolean()).isTrue();
        List<String> screenshots = result.printed().path("screenshots").valueStream().map(node -> node.asText()).toList();
        assertThat(screenshots).hasSizeGreaterThanOrEqualTo(15);
        for (String screenshot : screenshots) {
            Path file = Path.of(screenshot);
            assertThat(file).startsWith(SCREENSHOTS).isRegularFile();
            // A PNG of a 1280-pixel-wide page is far larger than a blank or broken capture.
            assertThat(Files.size(file)).as(screenshot).isGreaterThan(5_000);
        }
        assertThat(SCREENSHOTS.resolve("failure.png")).doesNotExist();
    }

    private static void deleteOldScreenshots() throws Exception {
        if (!Files.isDirectory(SCREENSHOTS)) {
            return;
        }
        try (Stream<Path> files = Files.list(SCREENSHOTS)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
