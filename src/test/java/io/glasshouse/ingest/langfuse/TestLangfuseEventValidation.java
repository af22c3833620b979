package io.glasshouse.ingest.langfuse;

import static io.glasshouse.ingest.langfuse.TestingIngestionStack.batch;
import static io.glasshouse.ingest.langfuse.TestingIngestionStack.event;
import static io.glasshouse.ingest.langfuse.TestingIngestionStack.newProject;
import static io.glasshouse.ingest.langfuse.TestingIngestionStack.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.ProjectId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invalid events are refused one by one, each with a message naming what was wrong; the rest is stored. */
class TestLangfuseEventValidation {
    private static final String T = "2026-03-01T10:00:00Z";

    private static TestingIngestionStack stack;
    private static LangfuseBatchIngestion ingestion;

    private record Malformed(String reportedId, String event, String message) {}

    @BeforeAll
    static void start() {
        stack = TestingIngestionStack.start("lfvalid");
        ingestion = stack.ingestion();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static final List<Malformed> MALFORMED = List.of(
            // The envelope of the event
            new Malformed("unknown", "42", "each event must be an object, got a number"),
            new Malformed("unknown", "\"span-create\"", "each event must be an object, got a string"),
            new Malformed("unknown", "null", "each event must be an object, got null"),
            new Malformed("unknown", "{\"type\": \"trace-create\", \"timestamp\": \"" + T + "\", \"body\": {\"id\": \"x\"}}", "id is required"),
            new Malformed("unknown", "{\"id\": 17, \"type\": \"trace-create\", \"timestamp\": \"" + T + "\", \"body\": {\"id\": \"x\"}}", "id must be a string, got a number"),
            new Malformed("", event("", "trace-create", T, "{\"id\": \"x\"}"), "id must be 1 to 800 characters long, got 0"),
            new Malformed("i".repeat(801), event("i".repeat(801), "trace-create", T, "{\"id\": \"x\"}"), "id must be 1 to 800 characters long, got 801"),
            new Malformed("cr\r", event("cr\\r", "trace-create", T, "{\"id\": \"x\"}"), "id must not contain carriage return"),
            new Malformed("no-timestamp", "{\"id\": \"no-timestamp\", \"type\": \"trace-create\", \"body\": {\"id\": \"x\"}}", "timestamp is required"),
            new Malformed("ts-words", event("ts-words", "trace-create", "yesterday", "{\"id\": \"x\"}"), "timestamp must be an ISO-8601 date-time with a UTC offset"),
            new Malformed("ts-number", "{\"id\": \"ts-number\", \"type\": \"trace-create\", \"timestamp\": 1700000000, \"body\": {\"id\": \"x\"}}", "timestamp must be an ISO-8601 date-time string, got a number"),
            new Malformed("ts-local", event("ts-local", "trace-create", "2026-03-01T10:00:00", "{\"id\": \"x\"}"), "timestamp must be an ISO-8601 date-time with a UTC offset"),
            new Malformed("ts-date", event("ts-date", "trace-create", "2026-03-01", "{\"id\": \"x\"}"), "timestamp must be an ISO-8601 date-time with a UTC offset"),
            new Malformed("ts-month-13", event("ts-month-13", "trace-create", "2026-13-01T10:00:00Z", "{\"id\": \"x\"}"), "timestamp must be an ISO-8601 date-time"),
            new Malformed("ts-1800", event("ts-1800", "trace-create", "1800-01-01T00:00:00Z", "{\"id\": \"x\"}"), "timestamp must lie between 1900-01-01T00:00:00Z and 2262-04-11T00:00:00Z"),
            new Malformed("no-type", "{\"id\": \"no-type\", \"timestamp\": \"" + T + "\", \"body\": {\"id\": \"x\"}}", "type is required; one of trace-create"),
            new Malformed("type-unknown", event("type-unknown", "span-delete", T, "{\"id\": \"x\"}"), "type \"span-delete\" is not an ingestion event type"),
            new Malformed("type-number", "{\"id\": \"type-number\", \"type\": 3, \"timestamp\": \"" + T + "\", \"body\": {}}", "type must be a string, got a number"),
            new Malformed("dataset-run-item", event("dataset-run-item", "dataset-run-item-create", T, "{\"id\": \"x\"}"), "dataset-run-item-create is accepted from Langfuse itself only"),
            new Malformed("no-body", "{\"id\": \"no-body\", \"type\": \"trace-create\", \"timestamp\": \"" + T + "\"}", "body is required and must be an object"),
            new Malformed("body-string", event("body-string", "trace-create", T, "\"trace\""), "body must be an object, got a string"),
            new Malformed("body-array", event("body-array", "span-create", T, "[]"), "body must be an object, got an array"),
            // Traces
            new Malformed("trace-no-id", event("trace-no-id", "trace-create", T, "{\"name\": \"nameless\"}"), "body.id is required"),
            new Malformed("trace-name-number", event("trace-name-number", "trace-create", T, "{\"id\": \"x\", \"name\": 5}"), "body.name must be a string, got a number"),
            new Malformed("trace-name-long", event("trace-name-long", "trace-create", T, "{\"id\": \"x\", \"name\": \"" + "n".repeat(1001) + "\"}"), "body.name must be at most 1000 characters, got 1001"),
            new Malformed("trace-tags-string", event("trace-tags-string", "trace-create", T, "{\"id\": \"x\", \"tags\": \"a,b\"}"), "body.tags must be an array of strings, got a string"),
            new Malformed("trace-tags-number", event("trace-tags-number", "trace-create", T, "{\"id\": \"x\", \"tags\": [\"a\", 2]}"), "body.tags[1] must be a string, got a number"),
            new Malformed("trace-public-string", event("trace-public-string", "trace-create", T, "{\"id\": \"x\", \"public\": \"yes\"}"), "body.public must be true or false, got a string"),
            new Malformed("env-number", event("env-number", "span-create", T, "{\"id\": \"x\", \"environment\": 1}"), "body.environment must be a string, got a number"),
            new Malformed("trace-id-object", event("trace-id-object", "trace-create", T, "{\"id\": {\"value\": 1}}"), "body.id must be a string, got an object"),
            // Observations
            new Malformed("span-no-id", event("span-no-id", "span-create", T, "{\"traceId\": \"t\"}"), "body.id is required"),
            new Malformed("span-start-words", event("span-start-words", "span-create", T, "{\"id\": \"x\", \"startTime\": \"soon\"}"), "body.startTime must be an ISO-8601 date-time"),
            new Malformed("span-end-number", event("span-end-number", "span-update", T, "{\"id\": \"x\", \"endTime\": 12}"), "body.endTime must be an ISO-8601 date-time string, got a number"),
            new Malformed("span-level", event("span-level", "span-create", T, "{\"id\": \"x\", \"level\": \"FATAL\"}"), "body.level must be one of [DEBUG, DEFAULT, WARNING, ERROR], got \"FATAL\""),
            new Malformed("span-trace-number", event("span-trace-number", "span-create", T, "{\"id\": \"x\", \"traceId\": 7}"), "body.traceId must be a string, got a number"),
            new Malformed("span-status-object", event("span-status-object", "span-update", T, "{\"id\": \"x\", \"statusMessage\": {}}"), "body.statusMessage must be a string, got an object"),
            new Malformed("span-parent-array", event("span-parent-array", "span-create", T, "{\"id\": \"x\", \"parentObservationId\": []}"), "body.parentObservationId must be a string, got an array"),
            new Malformed("gen-usage-string", event("gen-usage-string", "generation-create", T, "{\"id\": \"x\", \"usage\": {\"input\": \"ten\"}}"), "body.usage.input must be an integer, got a string"),
            new Malformed("gen-usage-fraction", event("gen-usage-fraction", "generation-create", T, "{\"id\": \"x\", \"usage\": {\"output\": 1.5}}"), "body.usage.output must be an integer, got a fractional number"),
            new Malformed("gen-usage-unit", event("gen-usage-unit", "generation-create", T, "{\"id\": \"x\", \"usage\": {\"input\": 1, \"unit\": \"WORDS\"}}"), "body.usage.unit must be one of [CHARACTERS, TOKENS"),
            new Malformed("gen-usage-number", event("gen-usage-number", "generation-update", T, "{\"id\": \"x\", \"usage\": 10}"), "body.usage must be an object, got a number"),
            new Malformed("gen-usage-cost-string", event("gen-usage-cost-string", "generation-create", T, "{\"id\": \"x\", \"usage\": {\"inputCost\": \"cheap\"}}"), "body.usage.inputCost must be a number, got a string"),
            new Malformed("gen-usage-details-array", event("gen-usage-details-array", "generation-create", T, "{\"id\": \"x\", \"usageDetails\": [1]}"), "body.usageDetails must be an object, got an array"),
            new Malformed("gen-cost-details-string", event("gen-cost-details-string", "generation-create", T, "{\"id\": \"x\", \"costDetails\": \"cheap\"}"), "body.costDetails must be an object, got a string"),
            new Malformed("gen-cost-huge", event("gen-cost-huge", "generation-create", T, "{\"id\": \"x\", \"costDetails\": {\"total\": 2e6}}"), "body.costDetails.total must be a cost in USD below 1000000"),
            new Malformed("gen-model-params-string", event("gen-model-params-string", "generation-create", T, "{\"id\": \"x\", \"modelParameters\": \"temperature=1\"}"), "body.modelParameters must be an object, got a string"),
            new Malformed("gen-model-number", event("gen-model-number", "generation-create", T, "{\"id\": \"x\", \"model\": 4}"), "body.model must be a string, got a number"),
            new Malformed("gen-prompt-name-only", event("gen-prompt-name-only", "generation-create", T, "{\"id\": \"x\", \"promptName\": \"p\"}"), "body.promptName and body.promptVersion must be sent together"),
            new Malformed("gen-prompt-version-string", event("gen-prompt-version-string", "generation-create", T, "{\"id\": \"x\", \"promptName\": \"p\", \"promptVersion\": \"3\"}"), "body.promptVersion must be an integer, got a string"),
            new Malformed("gen-completion-start", event("gen-completion-start", "generation-update", T, "{\"id\": \"x\", \"completionStartTime\": true}"), "body.completionStartTime must be an ISO-8601 date-time string, got a boolean"),
            new Malformed("tool-bad-level", event("tool-bad-level", "tool-create", T, "{\"id\": \"x\", \"level\": 3}"), "body.level must be a string, got a number"),
            new Malformed("legacy-no-type", event("legacy-no-type", "observation-create", T, "{\"id\": \"x\"}"), "body.type is required for observation-create events"),
            new Malformed("legacy-agent", event("legacy-agent", "observation-update", T, "{\"id\": \"x\", \"type\": \"AGENT\"}"), "body.type must be one of [GENERATION, SPAN, EVENT], got \"AGENT\""),
            // Scores
            new Malformed("score-no-name", event("score-no-name", "score-create", T, "{\"traceId\": \"t\", \"value\": 1}"), "body.name is required and must be a non-empty string"),
            new Malformed("score-no-value", event("score-no-value", "score-create", T, "{\"traceId\": \"t\", \"name\": \"n\"}"), "body.value is required"),
            new Malformed("score-value-bool", event("score-value-bool", "score-create", T, "{\"traceId\": \"t\", \"name\": \"n\", \"value\": true}"), "body.value must be a number or a string, got a boolean"),
            new Malformed("score-boolean-half", event("score-boolean-half", "score-create", T, "{\"traceId\": \"t\", \"name\": \"n\", \"value\": 0.5, \"dataType\": \"BOOLEAN\"}"), "body.value must be 0 or 1 for BOOLEAN scores"),
            new Malformed("score-numeric-string", event("score-numeric-string", "score-create", T, "{\"traceId\": \"t\", \"name\": \"n\", \"value\": \"high\", \"dataType\": \"NUMERIC\"}"), "body.value must be a number for NUMERIC scores, got a string"),
            new Malformed("score-categorical-number", event("score-categorical-number", "score-create", T, "{\"traceId\": \"t\", \"name\": \"n\", \"value\": 2, \"dataType\": \"CATEGORICAL\"}"), "body.value must be a string for CATEGORICAL scores, got a number"),
            new Malformed("score-two-targets", event("score-two-targets", "score-create", T, "{\"traceId\": \"t\", \"sessionId\": \"s\", \"name\": \"n\", \"value\": 1}"), "provide exactly one of body.traceId"),
            new Malformed("score-observation-only", event("score-observation-only", "score-create", T, "{\"observationId\": \"o\", \"name\": \"n\", \"value\": 1}"), "body.observationId requires body.traceId"),
            new Malformed("score-text", event("score-text", "score-create", T, "{\"traceId\": \"t\", \"name\": \"n\", \"value\": \"free text\", \"dataType\": \"TEXT\"}"), "body.dataType TEXT is not supported yet"),
            new Malformed("score-annotation", event("score-annotation", "score-create", T, "{\"traceId\": \"t\", \"name\": \"n\", \"value\": 1, \"source\": \"ANNOTATION\"}"), "body.configId is required when body.source is ANNOTATION"),
            new Malformed("score-source", event("score-source", "score-create", T, "{\"traceId\": \"t\", \"name\": \"n\", \"value\": 1, \"source\": \"HUMAN\"}"), "body.source must be one of [API, EVAL, ANNOTATION]"),
            new Malformed("score-id-long", event("score-id-long", "score-create", T, "{\"id\": \"" + "s".repeat(801) + "\", \"traceId\": \"t\", \"name\": \"n\", \"value\": 1}"), "body.id must be 1 to 800 characters long"),
            // SDK logs
            new Malformed("log-empty", event("log-empty", "sdk-log", T, "{}"), "body.log is required for sdk-log events"));

    @Test
    void refusesEachMalformedEventAndStoresTheValidOnes() {
        ProjectId project = newProject("validation");
        List<String> events = new ArrayList<>();
        events.add(event("valid-trace", "trace-create", T, "{\"id\": \"trace-ok\", \"name\": \"fine\"}"));
        MALFORMED.forEach(malformed -> events.add(malformed.event()));
        events.add(event("valid-span", "span-create", T, "{\"id\": \"span-ok\", \"traceId\": \"trace-ok\", \"level\": \"DEBUG\"}"));
        events.add(event("valid-score", "score-create", T, "{\"id\": \"score-ok\", \"traceId\": \"trace-ok\", \"name\": \"n\", \"value\": 1}"));

        BatchResult result = ingestion.ingest(project, batch(events.toArray(String[]::new)));

        assertThat(MALFORMED).hasSizeGreaterThanOrEqualTo(30);
        assertThat(result.successes()).extracting(BatchResult.Success::id).containsExactly("valid-trace", "valid-span", "valid-score");
        assertThat(result.errors()).hasSize(MALFORMED.size());
        for (int i = 0; i < MALFORMED.size(); i++) {
            Malformed expected = MALFORMED.get(i);
            BatchResult.Failure actual = result.errors().get(i);
            assertThat(actual.id()).as("id of %s", expected.reportedId()).isEqualTo(expected.reportedId());
            assertThat(actual.status()).as("status of %s", expected.reportedId()).isEqualTo(400);
            assertThat(actual.error()).isEqualTo("INVALID_REQUEST");
            assertThat(actual.message()).as("message of %s", expected.reportedId()).contains(expected.message());
        }
        assertThat(text(stack.latest("traces", project, "trace-ok"), "name")).isEqualTo("fine");
        assertThat(text(stack.latest("observations", project, "span-ok"), "level")).isEqualTo("DEBUG");
        assertThat(stack.latest("scores", project, "score-ok")).isNotNull();
        assertThat(stack.store.countTraces(project)).isEqualTo(1);
        assertThat(stack.store.countObservations(project)).isEqualTo(1);
        assertThat(stack.store.countScores(project)).isEqualTo(1);
    }

    @Test
    void environmentsAreNormalisedAsLangfuseDoesInsteadOfRefused() {
        ProjectId project = newProject("environments");
        BatchResult result = ingestion.ingest(project, batch(
                event("e1", "trace-create", T, "{\"id\": \"upper\", \"environment\": \"Production\"}"),
                event("e2", "trace-create", T, "{\"id\": \"reserved\", \"environment\": \"langfuse-internal\"}"),
                event("e3", "trace-create", T, "{\"id\": \"long\", \"environment\": \"" + "e".repeat(45) + "\"}"),
                event("e4", "trace-create", T, "{\"id\": \"spaces\", \"environment\": \"my env\"}")));
        assertThat(result.errors()).isEmpty();
        assertThat(text(stack.latest("traces", project, "upper"), "environment")).isEqualTo("production");
        assertThat(text(stack.latest("traces", project, "reserved"), "environment")).isEqualTo("internal");
        assertThat(text(stack.latest("traces", project, "long"), "environment")).isEqualTo("e".repeat(40));
        assertThat(text(stack.latest("traces", project, "spaces"), "environment")).isEqualTo("default");
    }

    @Test
    void nullFieldsMeanNotSaidAndUnknownFieldsAreIgnored() {
        ProjectId project = newProject("nulls");
        BatchResult result = ingestion.ingest(project, batch(
                event("e1", "span-create", T, "{\"id\": \"s\", \"traceId\": \"t\", \"name\": \"kept\", \"input\": \"in\"}"),
                event("e2", "span-update", "2026-03-01T10:00:01Z", """
                        {"id": "s", "traceId": null, "name": null, "input": null, "output": "out", "level": null,
                         "environment": null, "usage": {"input": 3}, "somethingNew": {"x": 1}}""")));
        assertThat(result.errors()).isEmpty();
        var row = stack.latest("observations", project, "s");
        assertThat(text(row, "name")).isEqualTo("kept");
        assertThat(text(row, "input")).isEqualTo("in");
        assertThat(text(row, "output")).isEqualTo("out");
        assertThat(text(row, "trace_id")).isEqualTo("t");
        assertThat(text(row, "level")).isEqualTo("DEFAULT");
        assertThat(row.get("provided_usage_details").size()).as("a span body has no usage").isZero();
    }
}
