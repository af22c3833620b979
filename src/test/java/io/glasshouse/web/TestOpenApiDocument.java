package io.glasshouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.Server;
import io.glasshouse.config.GlasshouseCommand;
import io.glasshouse.config.GlasshouseConfig;
import io.glasshouse.query.ObservationCursors;
import io.glasshouse.storage.query.ObservationCursor;
import io.glasshouse.storage.ScoreLists;
import io.glasshouse.storage.clickhouse.TestingClickHouseServer;
import io.glasshouse.testing.FreePorts;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the OpenAPI document in step with the code: the whole server runs in-process, and the
 * (method, path) pairs it registers under /api/public must be exactly the documented ones, and
 * every documented query parameter of a list endpoint must be accepted with a well-formed value.
 * Operations marked {@code x-glasshouse-pending} are described ahead of their code (another branch
 * builds them); once the route exists the marker must go.
 */
class TestOpenApiDocument {
    private static final String PUBLIC_KEY = "pk-lf-openapi";
    private static final String SECRET_KEY = "sk-lf-openapi-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final String METRICS_QUERY = "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
            + "\"fromTimestamp\":\"2026-01-01T00:00:00Z\",\"toTimestamp\":\"2026-02-01T00:00:00Z\"}";
    // Parameters that only make sense together.
    private static final Map<String, String> COMPANIONS = Map.of("operator", "value=1", "value", "operator=%3E", "searchType", "search=hello");

    private static TestingClickHouseServer clickHouse;
    private static Server server;
    private static JsonNode document;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        clickHouse = TestingClickHouseServer.start();
        Path dataDir = Files.createTempDirectory("glasshouse-openapi-");
        String[] args = {"--host", "127.0.0.1", "--port", Integer.toString(FreePorts.pick()), "--grpc-port", Integer.toString(FreePorts.pick()),
                "--data-dir", dataDir.toString(), "--clickhouse-url", clickHouse.url().toString(),
                "--clickhouse-user", TestingClickHouseServer.USER, "--clickhouse-password", TestingClickHouseServer.PASSWORD,
                "--clickhouse-database", TestingClickHouseServer.newDatabaseName("openapi")};
        Map<String, String> environment = Map.of("GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY", PUBLIC_KEY,
                "GLASSHOUSE_INIT_PROJECT_SECRET_KEY", SECRET_KEY);
        var commandLine = GlasshouseCommand.commandLine(args, environment);
        commandLine.parseArgs(args);
        GlasshouseConfig config = ((GlasshouseCommand) commandLine.getCommand()).toConfig();
        server = Server.start(config, environment, new PrintStream(OutputStream.nullOutputStream()));
        document = JSON.readTree(OpenApiRoutes.document());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        clickHouse.close();
    }

    @Test
    void documentedOperationsAreExactlyTheRoutesUnderApiPublic() {
        Set<String> code = new TreeSet<>();
        for (String route : server.routes()) {
            if (route.split(" ", 2)[1].startsWith("/api/public/")) {
                code.add(route);
            }
        }
        Set<String> documented = new TreeSet<>();
        Set<String> pending = new TreeSet<>();
        forEachOperation((route, operation) -> (operation.has("x-glasshouse-pending") ? pending : documented).add(route));

        Set<String> missingFromDocument = new TreeSet<>(code);
        missingFromDocument.removeAll(documented);
        missingFromDocument.removeAll(pending);
        Set<String> missingFromCode = new TreeSet<>(documented);
        missingFromCode.removeAll(code);
        Set<String> pendingButBuilt = new TreeSet<>(pending);
        pendingButBuilt.retainAll(code);

        assertThat(missingFromDocument).as("routes missing from openapi.json").isEmpty();
        assertThat(missingFromCode).as("documented operations the server does not route").isEmpty();
        assertThat(pendingButBuilt).as("operations marked x-glasshouse-pending whose routes exist now: remove the marker").isEmpty();
    }

    @Test
    void everyDocumentedQueryParameterOfAListEndpointIsAccepted() throws Exception {
        Set<String> code = new TreeSet<>(server.routes());
        List<String> refused = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode get = path.getValue().get("get");
            if (get == null || path.getKey().contains("{") || !code.contains("GET " + path.getKey())) {
                continue;
            }
            for (JsonNode parameter : get.path("parameters")) {
                if (!parameter.get("in").asText().equals("query")) {
                    continue;
                }
                String name = parameter.get("name").asText();
                String value = parameter.has("example") ? parameter.get("example").asText() : sample(path.getKey(), name, parameter.get("schema"));
                String query = name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                if (COMPANIONS.containsKey(name)) {
                    query += "&" + COMPANIONS.get(name);
                }
                if (!name.equals("query") && get.path("parameters").findValuesAsText("name").contains("query")) {
                    query += "&query=" + URLEncoder.encode(METRICS_QUERY, StandardCharsets.UTF_8);
                }
                HttpResponse<String> response = get(path.getKey() + "?" + query);
                checked.add(path.getKey() + "?" + name);
                if (response.statusCode() != 200) {
                    refused.add(path.getKey() + "?" + query + " -> " + response.statusCode() + " " + response.body());
                }
            }
        }
        assertThat(checked).contains("/api/public/v2/scores?traceTags", "/api/public/v3/scores?cursor", "/api/public/metrics/daily?tags");
        assertThat(refused).as("documented parameters the server refuses").isEmpty();
    }

    @Test
    void theDocumentIsServedWithoutAuthentication() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/public/openapi.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("openapi").asText()).isEqualTo("3.1.0");
    }

    private static String sample(String path, String name, JsonNode schema) {
        if (name.equals("query")) {
            return METRICS_QUERY;
        }
        if (name.equals("cursor") && path.equals("/api/public/v2/observations")) {
            return ObservationCursors.encode(new ObservationCursor(Instant.parse("2026-01-01T00:00:00Z"), "observation-1"));
        }
        if (name.equals("cursor")) {
            return ScoreListRoutes.encode(new ScoreLists.Position(Instant.parse("2026-01-01T00:00:00Z"), "score-1"));
        }
        if (name.equals("filter")) {
            return "[]";
        }
        JsonNode item = schema.path("type").asText().equals("array") ? schema.get("items") : schema;
        if (item.has("enum")) {
            return item.get("enum").get(0).asText();
        }
        if (item.path("format").asText().equals("date-time")) {
            return "2026-01-01T00:00:00Z";
        }
        return switch (item.path("type").asText()) {
            case "integer", "number" -> "1";
            default -> "sample";
        };
    }

    private interface OperationVisitor {
        void visit(String route, JsonNode operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (METHODS.contains(operation.getKey())) {
                    visitor.visit(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), operation.getValue());
                }
            }
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        String basic = Base64.getEncoder().encodeToString((PUBLIC_KEY + ":" + SECRET_KEY).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }
}
