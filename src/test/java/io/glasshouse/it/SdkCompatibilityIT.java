package io.glasshouse.it;

import static io.glasshouse.it.TestingFieldChecks.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.testing.FreePorts;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client SDKs, installed from their registries by e2e/setup, send to the packaged server;
 * each trace is then read back through {@code GET /api/public/traces/{id}} and compared field by
 * field with what the client sent. Each client is configured only through its own documented
 * variables (docs/sdk-compatibility.md), so these tests also check that documentation.
 */
class SdkCompatibilityIT {
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    /** Acknowledged data is stored within one flush interval (200 ms); allow for a loaded machine. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(10);
    /** Explicit times travel as ISO text or nanoseconds; some clients keep only milliseconds. */
    private static final Duration SAME_TIME = Duration.ofMillis(1);
    /** Server and clients share a clock; this only absorbs rounding at the window's edges. */
    private static final Duration WINDOW_SLACK = Duration.ofMillis(50);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "r" + Long.toString(System.currentTimeMillis(), 36);

    @TempDir
    static Path dataDir;
    private static TestingServerProcess server;
    private static int grpcPort;

    @BeforeAll
    static void startServerAndInstallClients() throws Exception {
        TestingClientScripts.setUp(SETUP_TIMEOUT);
        grpcPort = FreePorts.pick();
        server = TestingServerProcess.start(
                List.of("--data-dir", dataDir.toString(), "--grpc-port", Integer.toString(grpcPort)),
                TestingIngestClient.INIT);
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
    void langfuseJsV3BatchIngestion() throws Exception {
        TestingClientScripts.Result result = TestingClientScripts.node("langfuse-v3.mjs", Map.of(
                "LANGFUSE_PUBLIC_KEY", TestingIngestClient.PUBLIC_KEY,
                "LANGFUSE_SECRET_KEY", TestingIngestClient.SECRET_KEY,
                "LANGFUSE_BASEURL", baseUrl(),
                "E2E_RUN_ID", RUN), SCRIPT_TIMEOUT);
        Sent sent = Sent.of(result);
        TestingFieldChecks check = new TestingFieldChecks();
        expectSuccess(check, result);
        JsonNode trace = readTrace(sent.traceId(), 3, 3);

        check.equal("trace", trace, "id", "v3-" + RUN);
        check.equal("trace", trace, "name", "node-v3-" + RUN);
        check.equal("trace", trace, "userId", "user-node-v3");
        check.equal("trace", trace, "sessionId", "session-" + RUN);
        check.equal("trace", trace, "tags", json("[\"e2e\", \"node-v3\"]"));
        check.equal("trace", trace, "metadata", json("""
                {"suite": "sdk-compatibility", "run": "%s", "nested": {"depth": 2, "flags": [true, false]}}""".formatted(RUN)));
        check.equal("trace", trace, "release", "v3-release-1.2.3");
        check.equal("trace", trace, "version", "v3-version-7");
        check.equal("trace", trace, "environment", "e2e-node-v3");
        check.equal("trace", trace, "input", json("{\"question\": \"What is 2 + 2?\"}"));
        check.equal("trace", trace, "output", json("{\"answer\": \"4\"}"));
        check.time("trace", trace, "timestamp", Instant.parse(sent.json().path("traceTimestamp").asText()), SAME_TIME);

        JsonNode observations = trace.path("observations");
        check.soft.assertThat(observations.size()).as("observation count").isEqualTo(3);
        JsonNode span = check.one("observations", observations, "id", "v3-span-" + RUN);
        if (span != null) {
            String where = "observation retrieve-context";
            check.equal(where, span, "type", "SPAN");
            check.equal(where, span, "name", "retrieve-context");
            check.equal(where, span, "parentObservationId", null);
            check.equal(where, span, "input", json("{\"query\": \"arithmetic facts\"}"));
            check.equal(where, span, "output", json("{\"documents\": 2}"));
            check.equal(where, span, "metadata", json("{\"retriever\": \"in-memory\"}"));
            check.equal(where, span, "level", "DEFAULT");
            check.equal(where, span, "statusMessage", null);
            check.equal(where, span, "environment", "e2e-node-v3");
            check.time(where, span, "startTime", sent.time("retrieve-context", "startTime"), SAME_TIME);
            check.timeWithin(where, span, "endTime", sent.before(), sent.after());
        }
        JsonNode generation = check.one("observations", observations, "id", "v3-gen-" + RUN);
        if (generation != null) {
            String where = "observation answer";
            check.equal(where, generation, "type", "GENERATION");
            check.equal(where, generation, "name", "answer");
            check.equal(where, generation, "parentObservationId", "v3-span-" + RUN);
            check.equal(where, generation, "model", "gpt-4o-mini");
            check.equal(where, generation, "modelParameters", json("{\"temperature\": 0.2, \"max_tokens\": 256, \"stream\": false}"));
            check.equal(where, generation, "input", json("""
                    [{"role": "system", "content": "You are a calculator."}, {"role": "user", "content": "What is 2 + 2?"}]"""));
            check.equal(where, generation, "output", json("{\"role\": \"assistant\", \"content\": \"4\"}"));
            check.equal(where, generation, "usageDetails", json("{\"input\": 12, \"output\": 3, \"total\": 15}"));
            check.equal(where, generation, "costDetails", json("{\"input\": 0.0012, \"output\": 0.0006, \"total\": 0.0018}"));
            check.equal(where, generation, "level", "WARNING");
            check.equal(where, generation, "statusMessage", "answer shortened");
            check.equal(where, generation, "environment", "e2e-node-v3");
            check.time(where, generation, "startTime", sent.time("answer", "startTime"), SAME_TIME);
            check.time(where, generation, "completionStartTime", sent.time("answer", "completionStartTime"), SAME_TIME);
            check.timeWithin(where, generation, "endTime", sent.before(), sent.after());
        }
        JsonNode event = check.one("observations", observations, "id", "v3-event-" + RUN);
        if (event != null) {
            String where = "observation cache-lookup";
            check.equal(where, event, "type", "EVENT");
            check.equal(where, event, "name", "cache-lookup");
            check.equal(where, event, "parentObservationId", "v3-span-" + RUN);
            check.equal(where, event, "input", json("{\"key\": \"2+2\"}"));
            check.equal(where, event, "output", json("{\"hit\": false}"));
            check.equal(where, event, "level", "DEBUG");
            check.time(where, event, "startTime", sent.time("cache-lookup", "startTime"), SAME_TIME);
        }

        JsonNode scores = trace.path("scores");
        check.soft.assertThat(scores.size()).as("score count").isEqualTo(3);
        JsonNode numeric = check.one("scores", scores, "name", "correctness");
        if (numeric != null) {
            check.equal("score correctness", numeric, "id", "v3-score-num-" + RUN);
            check.equal("score correctness", numeric, "dataType", "NUMERIC");
            check.equal("score correctness", numeric, "value", 0.9);
            check.equal("score correctness", numeric, "comment", "close enough");
            check.equal("score correctness", numeric, "observationId", null);
            check.equal("score correctness", numeric, "environment", "e2e-node-v3");
        }
        JsonNode categorical = check.one("scores", scores, "name", "verdict");
        if (categorical != null) {
            check.equal("score verdict", categorical, "dataType", "CATEGORICAL");
            check.equal("score verdict", categorical, "stringValue", "good");
        }
        JsonNode bool = check.one("scores", scores, "name", "helpful");
        if (bool != null) {
            check.equal("score helpful", bool, "dataType", "BOOLEAN");
            check.equal("score helpful", bool, "value", 1);
            check.equal("score helpful", bool, "observationId", "v3-gen-" + RUN);
        }
        check.soft.assertAll();
    }

    @Test
    void langfuseJsOtelSpanProcessor() throws Exception {
        TestingClientScripts.Result result = TestingClientScripts.node("langfuse-otel.mjs", Map.of(
                "LANGFUSE_PUBLIC_KEY", TestingIngestClient.PUBLIC_KEY,
                "LANGFUSE_SECRET_KEY", TestingIngestClient.SECRET_KEY,
                "LANGFUSE_BASE_URL", baseUrl(),
                "E2E_RUN_ID", RUN), SCRIPT_TIMEOUT);
        Sent sent = Sent.of(result);
        TestingFieldChecks check = new TestingFieldChecks();
        expectSuccess(check, result);
        JsonNode trace = readTrace(sent.traceId(), 4, 0);

        check.equal("trace", trace, "name", "node-otel-" + RUN);
        check.equal("trace", trace, "userId", "user-node-otel");
        check.equal("trace", trace, "sessionId", "session-" + RUN);
        check.equal("trace", trace, "tags", json("[\"e2e\", \"node-otel\"]"));
        check.containsEntries("trace", trace, "metadata", Map.of("suite", "sdk-compatibility", "run", RUN));
        check.noKeyStartingWith("trace", trace, "metadata", "langfuse.");
        check.equal("trace", trace, "release", "otel-release-2.0.0");
        check.equal("trace", trace, "version", "otel-version-5");
        check.equal("trace", trace, "environment", "e2e-node-otel");
        check.equal("trace", trace, "input", json("{\"question\": \"Weather in Paris?\"}"));
        check.equal("trace", trace, "output", json("{\"answer\": \"It is 21 °C in Paris.\"}"));

        JsonNode observations = trace.path("observations");
        check.soft.assertThat(observations.size()).as("observation count").isEqualTo(4);
        String agentId = sent.id("agent-run");
        JsonNode agent = observation(check, sent, observations, "agent-run", "agent-run", "AGENT", null);
        if (agent != null) {
            check.equal("observation agent-run", agent, "input", json("{\"task\": \"weather in Paris\"}"));
            check.equal("observation agent-run", agent, "output", json("{\"answer\": \"It is 21 °C in Paris.\"}"));
            check.containsEntries("observation agent-run", agent, "metadata", Map.of("planner", "react"));
            check.equal("observation agent-run", agent, "version", "otel-version-5");
        }
        JsonNode generation = observation(check, sent, observations, "plan-llm-call", "plan-llm-call", "GENERATION", agentId);
        if (generation != null) {
            String where = "observation plan-llm-call";
            check.equal(where, generation, "model", "gpt-4o");
            check.equal(where, generation, "modelParameters", json("{\"temperature\": 0.1, \"max_tokens\": 100}"));
            check.equal(where, generation, "input", json("[{\"role\": \"user\", \"content\": \"Weather in Paris?\"}]"));
            check.equal(where, generation, "output", json("{\"role\": \"assistant\", \"content\": \"call get_weather(Paris)\"}"));
            check.equal(where, generation, "usageDetails", json("{\"input\": 20, \"output\": 5, \"total\": 25}"));
            check.equal(where, generation, "costDetails", json("{\"input\": 0.0001, \"output\": 0.0002, \"total\": 0.0003}"));
            check.time(where, generation, "completionStartTime", sent.time("plan-llm-call", "completionStartTime"), SAME_TIME);
        }
        JsonNode tool = observation(check, sent, observations, "get_weather", "get_weather", "TOOL", agentId);
        if (tool != null) {
            check.equal("observation get_weather", tool, "input", json("{\"city\": \"Paris\"}"));
            check.equal("observation get_weather", tool, "output", json("{\"celsius\": 21}"));
        }
        JsonNode span = observation(check, sent, observations, "format-answer", "format-answer", "SPAN", agentId);
        if (span != null) {
            check.equal("observation format-answer", span, "input", json("{\"celsius\": 21}"));
            check.equal("observation format-answer", span, "output", "It is 21 °C in Paris.");
            check.equal("observation format-answer", span, "level", "WARNING");
            check.equal("observation format-answer", span, "statusMessage", "fell back to template");
        }
        for (JsonNode o : observations) {
            String where = "observation " + o.path("name").asText();
            if (!o.path("name").asText().equals("format-answer")) {
                check.equal(where, o, "level", "DEFAULT");
                check.equal(where, o, "statusMessage", null);
            }
            check.equal(where, o, "environment", "e2e-node-otel");
            check.noKeyStartingWith(where, o, "metadata", "langfuse.");
            checkRunWindow(check, where, o, sent);
        }
        check.soft.assertThat(trace.path("scores").size()).as("scores (none sent)").isZero();
        check.soft.assertAll();
    }

    @Test
    void langfusePythonSdk() throws Exception {
        TestingClientScripts.Result result = TestingClientScripts.python("langfuse_sdk.py", List.of(), Map.of(
                "LANGFUSE_PUBLIC_KEY", TestingIngestClient.PUBLIC_KEY,
                "LANGFUSE_SECRET_KEY", TestingIngestClient.SECRET_KEY,
                "LANGFUSE_HOST", baseUrl(),
                "E2E_RUN_ID", RUN), SCRIPT_TIMEOUT);
        Sent sent = Sent.of(result);
        TestingFieldChecks check = new TestingFieldChecks();
        expectSuccess(check, result);
        JsonNode trace = readTrace(sent.traceId(), 4, 2);

        check.equal("trace", trace, "name", "python-sdk-" + RUN);
        check.equal("trace", trace, "userId", "user-python");
        check.equal("trace", trace, "sessionId", "session-" + RUN);
        check.equal("trace", trace, "tags", json("[\"e2e\", \"python\"]"));
        check.containsEntries("trace", trace, "metadata", Map.of("suite", "sdk-compatibility", "run", RUN));
        check.noKeyStartingWith("trace", trace, "metadata", "langfuse.");
        check.equal("trace", trace, "release", "py-release-3.0.0");
        check.equal("trace", trace, "version", "py-version-9");
        check.equal("trace", trace, "environment", "e2e-python");
        check.equal("trace", trace, "input", json("{\"question\": \"Capital of France?\"}"));
        check.equal("trace", trace, "output", json("{\"answer\": \"Paris\"}"));

        JsonNode observations = trace.path("observations");
        check.soft.assertThat(observations.size()).as("observation count").isEqualTo(4);
        String rootId = sent.id("pipeline");
        JsonNode root = observation(check, sent, observations, "pipeline", "pipeline", "SPAN", null);
        if (root != null) {
            check.equal("observation pipeline", root, "input", json("{\"question\": \"Capital of France?\"}"));
            check.equal("observation pipeline", root, "output", json("{\"answer\": \"Paris\"}"));
            check.containsEntries("observation pipeline", root, "metadata", Map.of("step", "root"));
        }
        JsonNode generation = observation(check, sent, observations, "answer", "answer", "GENERATION", rootId);
        if (generation != null) {
            String where = "observation answer";
            check.equal(where, generation, "model", "gpt-4o");
            check.equal(where, generation, "modelParameters", json("{\"temperature\": 0.7, \"max_tokens\": 64}"));
            check.equal(where, generation, "input", json("[{\"role\": \"user\", \"content\": \"Capital of France?\"}]"));
            check.equal(where, generation, "output", json("{\"role\": \"assistant\", \"content\": \"Paris\"}"));
            check.equal(where, generation, "usageDetails", json("{\"input\": 30, \"output\": 7, \"total\": 37}"));
            check.equal(where, generation, "costDetails", json("{\"input\": 0.00075, \"output\": 0.0007, \"total\": 0.00145}"));
            check.equal(where, generation, "version", "py-version-9");
            check.time(where, generation, "completionStartTime", sent.time("answer", "completionStartTime"), SAME_TIME);
        }
        // @observe: named by the decorator, input = the call's args and kwargs, output = the return value.
        JsonNode tool = check.one("observations", observations, "name", "lookup-capital");
        if (tool != null) {
            String where = "observation lookup-capital";
            check.equal(where, tool, "type", "TOOL");
            check.equal(where, tool, "parentObservationId", rootId);
            check.equal(where, tool, "input", json("{\"args\": [\"France\"], \"kwargs\": {}}"));
            check.equal(where, tool, "output", json("{\"country\": \"France\", \"capital\": \"Paris\"}"));
        }
        JsonNode guardrail = observation(check, sent, observations, "check-output", "check-output", "GUARDRAIL", rootId);
        if (guardrail != null) {
            check.equal("observation check-output", guardrail, "input", "Paris");
            check.equal("observation check-output", guardrail, "output", json("{\"allowed\": true}"));
            check.equal("observation check-output", guardrail, "level", "WARNING");
            check.equal("observation check-output", guardrail, "statusMessage", "borderline");
        }
        for (JsonNode o : observations) {
            String where = "observation " + o.path("name").asText();
            if (!o.path("name").asText().equals("check-output")) {
                check.equal(where, o, "level", "DEFAULT");
                check.equal(where, o, "statusMessage", null);
            }
            check.equal(where, o, "environment", "e2e-python");
            check.noKeyStartingWith(where, o, "metadata", "langfuse.");
            checkRunWindow(check, where, o, sent);
        }

        // langfuse 5.x sends scores as a JSON array to POST /api/public/scores.
        JsonNode scores = trace.path("scores");
        check.soft.assertThat(scores.size()).as("score count (create_score via POST /api/public/scores)").isEqualTo(2);
        JsonNode numeric = check.one("scores", scores, "name", "accuracy");
        if (numeric != null) {
            check.equal("score accuracy", numeric, "id", "py-score-num-" + RUN);
            check.equal("score accuracy", numeric, "dataType", "NUMERIC");
            check.equal("score accuracy", numeric, "value", 0.75);
            check.equal("score accuracy", numeric, "comment", "partially right");
            check.equal("score accuracy", numeric, "environment", "e2e-python");
        }
        JsonNode categorical = check.one("scores", scores, "name", "tone");
        if (categorical != null) {
            check.equal("score tone", categorical, "dataType", "CATEGORICAL");
            check.equal("score tone", categorical, "stringValue", "friendly");
            check.equal("score tone", categorical, "observationId", sent.id("answer"));
        }
        check.soft.assertAll();
    }

    @Test
    void openTelemetryGenAiOverGrpc() throws Exception {
        checkOpenTelemetryGenAi("grpc", "http://127.0.0.1:" + grpcPort);
    }

    @Test
    void openTelemetryGenAiOverHttp() throws Exception {
        // The exporter appends /v1/traces to the generic endpoint.
        checkOpenTelemetryGenAi("http", baseUrl() + "/api/public/otel");
    }

    private void checkOpenTelemetryGenAi(String transport, String endpoint) throws Exception {
        TestingClientScripts.Result result = TestingClientScripts.python("otel_genai.py", List.of(transport), Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_HEADERS", otlpHeaders(),
                "E2E_RUN_ID", RUN), SCRIPT_TIMEOUT);
        Sent sent = Sent.of(result);
        TestingFieldChecks check = new TestingFieldChecks();
        expectSuccess(check, result);
        JsonNode trace = readTrace(sent.traceId(), 4, 0);

        String environment = "e2e-otel-" + transport;
        check.equal("trace", trace, "name", "otel-" + transport + "-" + RUN);
        check.equal("trace", trace, "userId", "user-otel-" + transport);
        check.equal("trace", trace, "sessionId", "session-" + RUN);
        check.equal("trace", trace, "tags", json("[]"));
        check.equal("trace", trace, "release", null);
        check.equal("trace", trace, "version", "otel-" + transport + "-1.0.0");
        check.equal("trace", trace, "environment", environment);
        check.equal("trace", trace, "input", null);
        check.equal("trace", trace, "output", null);
        check.noKeyStartingWith("trace", trace, "metadata", "langfuse.");

        JsonNode observations = trace.path("observations");
        check.soft.assertThat(observations.size()).as("observation count").isEqualTo(4);
        String rootId = sent.id("root");
        observation(check, sent, observations, "root", "otel-" + transport + "-" + RUN, "SPAN", null);
        JsonNode chat = observation(check, sent, observations, "chat", "chat gpt-4o-mini", "GENERATION", rootId);
        if (chat != null) {
            String where = "observation chat";
            // Langfuse's order: the response model before the request model.
            check.equal(where, chat, "model", "gpt-4o-mini-2024-07-18");
            check.equal(where, chat, "modelParameters", json("{\"temperature\": 0.3, \"max_tokens\": 200}"));
            check.equal(where, chat, "usageDetails", json("{\"input\": 42, \"output\": 9, \"total\": 51}"));
            check.derivedCost(where, chat);
            check.equal(where, chat, "input", json("""
                    [{"role": "user", "parts": [{"type": "text", "content": "Weather in Paris?"}]}]"""));
            check.equal(where, chat, "output", json("""
                    [{"role": "assistant", "parts": [{"type": "tool_call", "id": "call-1", "name": "get_weather",
                      "arguments": {"city": "Paris"}}], "finish_reason": "tool_calls"}]"""));
            check.equal(where, chat, "level", "DEFAULT");
            check.equal(where, chat, "statusMessage", null);
            check.containsEntries(where, chat, "metadata", Map.of("gen_ai.response.id", "chatcmpl-" + RUN));
        }
        // Langfuse names a GenAI tool span after gen_ai.tool.name, not the span name.
        JsonNode tool = observation(check, sent, observations, "tool", "get_weather", "TOOL", rootId);
        if (tool != null) {
            check.equal("observation tool", tool, "input", json("{\"city\": \"Paris\"}"));
            check.equal("observation tool", tool, "output", json("{\"celsius\": 21}"));
        }
        JsonNode failed = observation(check, sent, observations, "failed-chat", "chat gpt-4o-mini", "GENERATION", rootId);
        if (failed != null) {
            check.equal("observation failed-chat", failed, "model", "gpt-4o-mini");
            check.equal("observation failed-chat", failed, "level", "ERROR");
            check.equal("observation failed-chat", failed, "statusMessage", "rate limited by provider");
            check.equal("observation failed-chat", failed, "usageDetails", json("{}"));
        }
        for (JsonNode o : observations) {
            String where = "observation " + o.path("name").asText();
            check.equal(where, o, "environment", environment);
            check.equal(where, o, "version", "otel-" + transport + "-1.0.0");
            checkRunWindow(check, where, o, sent);
        }
        check.soft.assertThat(trace.path("scores").size()).as("scores (none sent)").isZero();
        check.soft.assertAll();
    }

    @Test
    void openInferenceOpenAiInstrumentation() throws Exception {
        TestingClientScripts.Result result;
        try (TestingClientScripts.FakeOpenAi openAi = TestingClientScripts.FakeOpenAi.start(Duration.ofSeconds(30))) {
            result = TestingClientScripts.python("openinference_openai.py", List.of(), Map.of(
                    "OPENAI_BASE_URL", openAi.baseUrl(),
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", baseUrl() + "/v1/traces",
                    "OTEL_EXPORTER_OTLP_HEADERS", otlpHeaders(),
                    "E2E_RUN_ID", RUN), SCRIPT_TIMEOUT);
        }
        Sent sent = Sent.of(result);
        TestingFieldChecks check = new TestingFieldChecks();
        expectSuccess(check, result);
        check.soft.assertThat(sent.json().path("answer").asText()).as("answer the fake server gave")
                .isEqualTo("The capital of France is Paris.");
        JsonNode trace = readTrace(sent.traceId(), 1, 0);

        JsonNode messages = json("""
                [{"role": "system", "content": "Answer in one sentence."},
                 {"role": "user", "content": "What is the capital of France?"}]""");
        JsonNode answer = json("[{\"role\": \"assistant\", \"content\": \"The capital of France is Paris.\"}]");
        check.equal("trace", trace, "name", "ChatCompletion");
        check.equal("trace", trace, "userId", "user-openinference");
        check.equal("trace", trace, "sessionId", "session-" + RUN);
        check.equal("trace", trace, "tags", json("[\"e2e\", \"openinference\"]"));
        check.containsEntries("trace", trace, "metadata", Map.of("suite", "sdk-compatibility", "run", RUN));
        check.equal("trace", trace, "environment", "e2e-openinference");
        check.equal("trace", trace, "input", messages);
        check.equal("trace", trace, "output", answer);

        JsonNode observations = trace.path("observations");
        check.soft.assertThat(observations.size()).as("observation count").isEqualTo(1);
        JsonNode generation = observation(check, sent, observations, "ChatCompletion", "ChatCompletion", "GENERATION", null);
        if (generation != null) {
            String where = "observation ChatCompletion";
            // The response's model (what ran), not the request's.
            check.equal(where, generation, "model", "gpt-4o-mini-2024-07-18");
            // llm.invocation_parameters as the instrumentation recorded them (it includes the model).
            check.equal(where, generation, "modelParameters", json("{\"model\": \"gpt-4o-mini\", \"temperature\": 0, \"max_tokens\": 50}"));
            check.equal(where, generation, "usageDetails", json("{\"input\": 19, \"output\": 8, \"total\": 27}"));
            check.derivedCost(where, generation);
            check.equal(where, generation, "input", messages);
            check.equal(where, generation, "output", answer);
            check.equal(where, generation, "level", "DEFAULT");
            check.equal(where, generation, "environment", "e2e-openinference");
            checkRunWindow(check, where, generation, sent);
        }
        check.soft.assertAll();
    }

    /** Finds the observation by the id the client printed under {@code key}; checks its name, type and parent. */
    private static JsonNode observation(TestingFieldChecks check, Sent sent, JsonNode observations, String key,
            String name, String type, String parentId) {
        JsonNode found = check.one("observations", observations, "id", sent.id(key));
        if (found != null) {
            check.equal("observation " + key, found, "name", name);
            check.equal("observation " + key, found, "type", type);
            check.equal("observation " + key, found, "parentObservationId", parentId);
        }
        return found;
    }

    private static void checkRunWindow(TestingFieldChecks check, String where, JsonNode observation, Sent sent) {
        check.timeWithin(where, observation, "startTime", sent.before(), sent.after());
        check.timeWithin(where, observation, "endTime", sent.before(), sent.after());
        check.ordered(where, observation, "startTime", "endTime");
    }

    /** A failed client is a failure, but what it managed to send is still compared. */
    private static void expectSuccess(TestingFieldChecks check, TestingClientScripts.Result result) {
        check.soft.assertThat(result.exitCode()).as("client exit code; %s", result.describe()).isZero();
    }

    /**
     * Polls until the trace has the observations and scores the client sent, for at most
     * {@link #VISIBLE_WITHIN}; returns what is there then, so the comparison names what is missing.
     */
    private static JsonNode readTrace(String traceId, int observations, int scores) throws Exception {
        TestingIngestClient client = new TestingIngestClient(server.uri("/"));
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        HttpResponse<String> last = null;
        while (true) {
            last = client.getTrace(traceId);
            if (last.statusCode() == 200) {
                JsonNode trace = JSON.readTree(last.body());
                boolean complete = trace.path("observations").size() >= observations && trace.path("scores").size() >= scores;
                if (complete || System.nanoTime() > deadline) {
                    return trace;
                }
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError("trace " + traceId + " not readable within " + VISIBLE_WITHIN + ": HTTP "
                        + last.statusCode() + " " + last.body() + "\nserver stderr:\n" + server.stderr());
            }
            Thread.sleep(100);
        }
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + server.port;
    }

    /** OTEL_EXPORTER_OTLP_HEADERS: W3C baggage syntax, so the space after "Basic" is %20. */
    private static String otlpHeaders() {
        String credentials = TestingIngestClient.PUBLIC_KEY + ":" + TestingIngestClient.SECRET_KEY;
        return "authorization=Basic%20" + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** What a client printed: its trace id, the ids and explicit times it sent, the window it ran in. */
    private record Sent(JsonNode json) {
        static Sent of(TestingClientScripts.Result result) throws IOException {
            if (result.printed() == null || !result.printed().path("traceId").isTextual()) {
                throw new AssertionError("the client printed no trace id; " + result.describe());
            }
            return new Sent(result.printed());
        }

        String traceId() {
            return json.path("traceId").asText();
        }

        String id(String observation) {
            JsonNode id = json.path("observations").path(observation).path("id");
            if (!id.isTextual()) {
                throw new AssertionError("the client printed no id for " + observation + ": " + json);
            }
            return id.asText();
        }

        Instant time(String observation, String field) {
            return Instant.parse(json.path("observations").path(observation).path(field).asText());
        }

        Instant before() {
            return Instant.parse(json.path("before").asText()).minus(WINDOW_SLACK);
        }

        Instant after() {
            return Instant.parse(json.path("after").asText()).plus(WINDOW_SLACK);
        }
    }
}
