package io.glasshouse.ingest.langfuse;

import static io.glasshouse.ingest.langfuse.TestingIngestionStack.batch;
import static io.glasshouse.ingest.langfuse.TestingIngestionStack.event;
import static io.glasshouse.ingest.langfuse.TestingIngestionStack.newProject;
import static io.glasshouse.ingest.langfuse.TestingIngestionStack.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.ingest.ScoreConfigCheck;
import io.glasshouse.ingest.otel.MergingOtlpSink;
import io.glasshouse.ingest.otel.OtelSpanMapper;
import io.glasshouse.ingest.otel.OtlpTraceIngest;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.Sql;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Instant;
import io.glasshouse.scores.ScoreDeletion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestLangfuseBatchIngestion {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestingIngestionStack stack;
    private static LangfuseBatchIngestion ingestion;

    @BeforeAll
    static void start() {
        stack = TestingIngestionStack.start("lfingest");
        ingestion = stack.ingestion();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void storesATraceWithEveryField() {
        ProjectId project = newProject("trace");
        // The fern example of a trace-create, plus what the SDKs add.
        BatchResult result = ingestion.ingest(project, batch(event("ev-1", "trace-create", "2022-01-01T00:00:00.000Z", """
                {
                  "id": "trace-1",
                  "timestamp": "2022-01-01T00:00:00.000Z",
                  "environment": "production",
                  "name": "My Trace",
                  "userId": "1234-5678-90ab-cdef",
                  "input": "My input",
                  "output": {"answer": "My output", "scores": [1, 2.5]},
                  "sessionId": "session-1",
                  "release": "1.0.0",
                  "version": "2.0.0",
                  "metadata": {"plain": "text", "nested": {"a": 1}, "flag": true, "none": null},
                  "tags": ["tag2", "tag1"],
                  "public": true,
                  "externalId": "ignored"
                }""")));

        assertThat(result.errors()).isEmpty();
        assertThat(result.successes()).containsExactly(new BatchResult.Success("ev-1", 201));
        ObjectNode row = stack.latest("traces", project, "trace-1");
        assertThat(text(row, "timestamp")).isEqualTo("2022-01-01 00:00:00.000000");
        assertThat(text(row, "name")).isEqualTo("My Trace");
        assertThat(text(row, "user_id")).isEqualTo("1234-5678-90ab-cdef");
        assertThat(text(row, "session_id")).isEqualTo("session-1");
        assertThat(text(row, "environment")).isEqualTo("production");
        assertThat(text(row, "release")).isEqualTo("1.0.0");
        assertThat(text(row, "version")).isEqualTo("2.0.0");
        assertThat(text(row, "input")).as("a string stays a string").isEqualTo("My input");
        assertThat(text(row, "output")).isEqualTo("{\"answer\":\"My output\",\"scores\":[1,2.5]}");
        assertThat(strings(row.get("metadata"))).isEqualTo(Map.of(
                "plain", "text", "nested", "{\"a\":1}", "flag", "true", "none", "null"));
        assertThat(row.get("tags").toString()).isEqualTo("[\"tag1\",\"tag2\"]");
        assertThat(row.get("public").asBoolean()).isTrue();
        assertThat(row.get("bookmarked").asBoolean()).isFalse();
        assertThat(row.get("is_deleted").asInt()).isZero();
    }

    @Test
    void anOtlpSpanStoredAndLetGoOfByTheMergerIsExtendedByABatchUpdateAndARetriedExport() {
        ProjectId project = newProject("otlp-then-batch");
        RowMerger merger = stack.merger(RowMerger.Settings.defaults());
        OtlpTraceIngest otlp = new OtlpTraceIngest(new OtelSpanMapper(Clock.systemUTC()), new MergingOtlpSink(merger, stack.writer));
        LangfuseBatchIngestion batches = new LangfuseBatchIngestion(merger, stack.writer, ScoreConfigCheck.acceptAll(),
                LangfuseBatchIngestion.Settings.defaults());
        String input = "{\"question\": \"" + "why ".repeat(20_000) + "\"}";
        ExportTraceServiceRequest export = otlpSpan("5fb397be34d26b51", "retrieve", input);

        otlp.submit(project, export).join();
        assertThat(merger.cachedBytes()).as("once stored, the merger keeps none of the span's input").isLessThan(10_000);
        BatchResult update = batches.ingest(project, batch(event("ev-update", "span-update", "2026-03-01T10:00:05Z", """
                {"id": "5fb397be34d26b51", "traceId": "0af7651916cd43dd8448eb211c80319c",
                 "output": {"result": "done"}}""")));
        otlp.submit(project, export).join();

        assertThat(update.errors()).isEmpty();
        ObjectNode row = stack.latest("observations", project, "5fb397be34d26b51");
        assertThat(text(row, "name")).isEqualTo("retrieve");
        assertThat(text(row, "input")).as("read back from the store for the update").isEqualTo(input);
        assertThat(text(row, "output")).as("the retried export folds onto the update").isEqualTo("{\"result\":\"done\"}");
        assertThat(clickHouseLong("SELECT toInt64(sum(observations)) AS n FROM observation_hourly WHERE project_id = {project:String}",
                project)).as("the rollup counts the span once: each later merge replaced the stored version").isEqualTo(1);
    }

    private static long clickHouseLong(String sql, ProjectId project) {
        return stack.clickHouse.query(Sql.of(sql).bind("project", project.value()).build()).scalar().asLong();
    }

    private static ExportTraceServiceRequest otlpSpan(String spanId, String name, String input) {
        long start = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli() * 1_000_000;
        Span span = Span.newBuilder()
                .setTraceId(ByteString.fromHex("0af7651916cd43dd8448eb211c80319c"))
                .setSpanId(ByteString.fromHex(spanId))
                // A child span: a root span's input would also be the trace's, which the merger keeps.
                .setParentSpanId(ByteString.fromHex("b7ad6b7169203331"))
                .setName(name)
                .setStartTimeUnixNano(start)
                .setEndTimeUnixNano(start + 1_500_000_000L)
                .addAttributes(KeyValue.newBuilder().setKey("langfuse.observation.input")
                        .setValue(AnyValue.newBuilder().setStringValue(input)))
                .build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
                .build();
    }

    @Test
    void metadataThatIsNotAnObjectIsStoredUnderTheKeyMetadata() {
        ProjectId project = newProject("metadata");
        ingestion.ingest(project, batch(
                event("e1", "trace-create", "2026-03-01T10:00:00Z", "{\"id\": \"t-string\", \"metadata\": \"My metadata\"}"),
                event("e2", "trace-create", "2026-03-01T10:00:00Z", "{\"id\": \"t-array\", \"metadata\": [1, \"two\"]}"),
                event("e3", "trace-create", "2026-03-01T10:00:00Z", "{\"id\": \"t-number\", \"metadata\": 42}")));
        assertThat(stack.latest("traces", project, "t-string").get("metadata").toString()).isEqualTo("{\"metadata\":\"My metadata\"}");
        assertThat(stack.latest("traces", project, "t-array").get("metadata").toString()).isEqualTo("{\"metadata\":\"[1,\\\"two\\\"]\"}");
        assertThat(stack.latest("traces", project, "t-number").get("metadata").toString()).isEqualTo("{\"metadata\":\"42\"}");
        ObjectNode trace = stack.latest("traces", project, "t-string");
        assertThat(text(trace, "timestamp")).as("the envelope time when the body has none").isEqualTo("2026-03-01 10:00:00.000000");
        assertThat(text(trace, "environment")).isEqualTo("default");
    }

    @Test
    void mergesASpanCreateAndUpdateSentInOneBatchWhateverTheirOrder() {
        ProjectId project = newProject("span-one-batch");
        BatchResult result = ingestion.ingest(project, batch(
                event("ev-update", "span-update", "2026-03-01T10:00:02.000Z", """
                        {"id": "span-1", "traceId": "trace-1", "endTime": "2026-03-01T10:00:02.000Z",
                         "output": {"result": "done"}, "metadata": {"step": "end"}, "level": "WARNING",
                         "statusMessage": "slow"}"""),
                event("ev-create", "span-create", "2026-03-01T10:00:00.000Z", """
                        {"id": "span-1", "traceId": "trace-1", "name": "retrieve", "startTime": "2026-03-01T10:00:00.000Z",
                         "input": {"query": "weather"}, "metadata": {"step": "start", "source": "sdk"},
                         "parentObservationId": "root-span", "version": "v1", "environment": "staging"}""")));

        assertThat(result.errors()).isEmpty();
        List<ObjectNode> versions = stack.versions("observations", project, "span-1");
        assertThat(versions).as("one merged row, not one per event").hasSize(1);
        ObjectNode row = versions.getFirst();
        assertThat(text(row, "trace_id")).isEqualTo("trace-1");
        assertThat(text(row, "type")).isEqualTo("SPAN");
        assertThat(text(row, "name")).isEqualTo("retrieve");
        assertThat(text(row, "start_time")).isEqualTo("2026-03-01 10:00:00.000000");
        assertThat(text(row, "end_time")).isEqualTo("2026-03-01 10:00:02.000000");
        assertThat(text(row, "input")).isEqualTo("{\"query\":\"weather\"}");
        assertThat(text(row, "output")).isEqualTo("{\"result\":\"done\"}");
        assertThat(strings(row.get("metadata"))).isEqualTo(Map.of("step", "end", "source", "sdk"));
        assertThat(text(row, "parent_observation_id")).isEqualTo("root-span");
        assertThat(text(row, "version")).isEqualTo("v1");
        assertThat(text(row, "environment")).isEqualTo("staging");
        assertThat(text(row, "level")).isEqualTo("WARNING");
        assertThat(text(row, "status_message")).isEqualTo("slow");
    }

    @Test
    void mergesASpanUpdateSentInALaterBatch() {
        ProjectId project = newProject("span-two-batches");
        ingestion.ingest(project, batch(event("ev-1", "span-create", "2026-03-01T10:00:00Z", """
                {"id": "span-2", "traceId": "trace-2", "name": "tool call", "startTime": "2026-03-01T10:00:00Z",
                 "input": "call it", "metadata": {"a": "1"}}""")));
        ingestion.ingest(project, batch(event("ev-2", "span-update", "2026-03-01T10:00:05Z", """
                {"id": "span-2", "traceId": "trace-2", "endTime": "2026-03-01T10:00:05Z", "output": "called",
                 "metadata": {"b": "2"}}""")));

        ObjectNode row = stack.latest("observations", project, "span-2");
        assertThat(text(row, "name")).isEqualTo("tool call");
        assertThat(text(row, "input")).isEqualTo("call it");
        assertThat(text(row, "output")).isEqualTo("called");
        assertThat(text(row, "start_time")).isEqualTo("2026-03-01 10:00:00.000000");
        assertThat(text(row, "end_time")).isEqualTo("2026-03-01 10:00:05.000000");
        assertThat(strings(row.get("metadata"))).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(stack.store.countObservations(project)).isEqualTo(1);
    }

    @Test
    void storesAGenerationWithUsagePromptAndModelParameters() {
        ProjectId project = newProject("generation");
        // Shaped like the JS SDK's generation() and generation.end(), and the Python SDK's usage_details.
        ingestion.ingest(project, batch(
                event("ev-1", "generation-create", "2026-03-01T10:00:00.000Z", """
                        {"id": "gen-1", "traceId": "trace-1", "name": "chat", "startTime": "2026-03-01T10:00:00.000Z",
                         "model": "gpt-4o", "modelParameters": {"temperature": 0.7, "max_tokens": 100, "stream": false, "stop": ["\\n"]},
                         "input": [{"role": "user", "content": "Hi"}], "promptName": "greeting", "promptVersion": 3,
                         "usage": {"input": 10, "output": 20, "unit": "TOKENS"}}"""),
                event("ev-2", "generation-update", "2026-03-01T10:00:03.000Z", """
                        {"id": "gen-1", "traceId": "trace-1", "endTime": "2026-03-01T10:00:03.000Z",
                         "completionStartTime": "2026-03-01T10:00:01.250Z",
                         "output": {"role": "assistant", "content": "Hello!"},
                         "usageDetails": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150,
                                          "prompt_tokens_details": {"cached_tokens": 20, "audio_tokens": null},
                                          "completion_tokens_details": {"reasoning_tokens": 10}},
                         "costDetails": {"input": 0.001, "output": 0.002, "bogus": "free", "negative": -1}}""")));

        ObjectNode row = stack.latest("observations", project, "gen-1");
        assertThat(text(row, "type")).isEqualTo("GENERATION");
        assertThat(text(row, "provided_model_name")).isEqualTo("gpt-4o");
        assertThat(text(row, "model_parameters")).isEqualTo("{\"temperature\":0.7,\"max_tokens\":100,\"stream\":false,\"stop\":[\"\\n\"]}");
        assertThat(text(row, "input")).isEqualTo("[{\"role\":\"user\",\"content\":\"Hi\"}]");
        assertThat(text(row, "output")).isEqualTo("{\"role\":\"assistant\",\"content\":\"Hello!\"}");
        assertThat(text(row, "completion_start_time")).isEqualTo("2026-03-01 10:00:01.250000");
        assertThat(text(row, "prompt_name")).isEqualTo("greeting");
        assertThat(row.get("prompt_version").asInt()).isEqualTo(3);
        assertThat(longs(row.get("provided_usage_details"))).isEqualTo(Map.of(
                "input", 80L, "input_cached_tokens", 20L, "output", 40L, "output_reasoning_tokens", 10L, "total", 150L));
        assertThat(longs(row.get("usage_details"))).isEqualTo(longs(row.get("provided_usage_details")));
        assertThat(decimals(row.get("provided_cost_details"))).isEqualTo(Map.of("input", "0.001", "output", "0.002"));
        assertThat(new BigDecimal(text(row, "total_cost"))).isEqualByComparingTo("0.003");
    }

    @Test
    void readsEveryUsageShapeLangfuseAccepts() {
        ProjectId project = newProject("usage");
        ingestion.ingest(project, batch(
                generation("g-openai-legacy", "\"usage\": {\"promptTokens\": 12, \"completionTokens\": 8, \"totalTokens\": 20, \"inputCost\": 1}"),
                generation("g-legacy-costs", "\"usage\": {\"input\": 100, \"output\": 10, \"total\": 110, \"unit\": \"TOKENS\", "
                        + "\"inputCost\": 0.0005, \"outputCost\": 0.0001, \"totalCost\": 0.0006}"),
                generation("g-no-total", "\"usage\": {\"input\": 7, \"output\": 3}"),
                generation("g-characters", "\"usage\": {\"input\": 500, \"unit\": \"CHARACTERS\"}"),
                generation("g-responses", "\"usageDetails\": {\"input_tokens\": 30, \"output_tokens\": 12, \"total_tokens\": 42, "
                        + "\"input_tokens_details\": {\"cached_tokens\": 10}, \"output_tokens_details\": {\"reasoning_tokens\": 2}}"),
                generation("g-raw", "\"usageDetails\": {\"input\": 5, \"output\": \"6\", \"cache_read\": 2, \"weird\": -3, \"text\": \"many\", \"f\": 1.5}, "
                        + "\"costDetails\": {\"input\": 1e-7, \"output\": 123456.75}"),
                generation("g-openai-extra-key", "\"usageDetails\": {\"prompt_tokens\": 10, \"completion_tokens\": 5, \"total_tokens\": 15, "
                        + "\"prompt_cache_hit_tokens\": 4}"),
                generation("g-both", "\"usage\": {\"input\": 1, \"output\": 2}, \"usageDetails\": {\"input\": 100}")));

        assertThat(usage(project, "g-openai-legacy")).isEqualTo(Map.of("input", 12L, "output", 8L, "total", 20L));
        assertThat(decimals(stack.latest("observations", project, "g-openai-legacy").get("provided_cost_details"))).isEmpty();
        assertThat(usage(project, "g-legacy-costs")).isEqualTo(Map.of("input", 100L, "output", 10L, "total", 110L));
        assertThat(decimals(stack.latest("observations", project, "g-legacy-costs").get("provided_cost_details")))
                .isEqualTo(Map.of("input", "0.0005", "output", "0.0001", "total", "0.0006"));
        assertThat(usage(project, "g-no-total")).isEqualTo(Map.of("input", 7L, "output", 3L, "total", 10L));
        assertThat(usage(project, "g-characters")).isEqualTo(Map.of("input", 500L, "total", 500L));
        assertThat(usage(project, "g-responses")).isEqualTo(Map.of(
                "input", 20L, "input_cached_tokens", 10L, "output", 10L, "output_reasoning_tokens", 2L, "total", 42L));
        assertThat(usage(project, "g-raw")).isEqualTo(Map.of("input", 5L, "output", 6L, "cache_read", 2L));
        assertThat(decimals(stack.latest("observations", project, "g-raw").get("provided_cost_details")))
                .isEqualTo(Map.of("input", "0.0000001", "output", "123456.75"));
        assertThat(usage(project, "g-openai-extra-key")).isEqualTo(Map.of(
                "prompt_tokens", 10L, "completion_tokens", 5L, "total_tokens", 15L, "prompt_cache_hit_tokens", 4L));
        assertThat(usage(project, "g-both")).as("usageDetails laid over usage; total not computed then")
                .isEqualTo(Map.of("input", 100L, "output", 2L));
    }

    @Test
    void countsWhoseSumPassesTheLargestLongAreHeldThereAndTheBatchIsStored() {
        // A total past Long.MAX_VALUE used to wrap to a negative count, which the unsigned usage
        // column refused when the row was encoded: a 500 for the whole batch, and again for every
        // later update of the generation while the merger still held the row.
        ProjectId project = newProject("usage-overflow");
        long max = Long.MAX_VALUE;
        ingestion.ingest(project, batch(
                generation("g-legacy-sum", "\"usage\": {\"input\": " + max + ", \"output\": 1}"),
                generation("g-details-sum", "\"usageDetails\": {\"input\": " + max + ", \"output\": " + max + "}"),
                generation("g-fine", "\"usage\": {\"input\": 7, \"output\": 3}")));

        assertThat(usage(project, "g-legacy-sum")).isEqualTo(Map.of("input", max, "output", 1L, "total", max));
        assertThat(usage(project, "g-details-sum")).isEqualTo(Map.of("input", max, "output", max));
        assertThat(usage(project, "g-fine")).isEqualTo(Map.of("input", 7L, "output", 3L, "total", 10L));
    }

    @Test
    void storesEveryObservationType() {
        ProjectId project = newProject("types");
        Map<String, String> expected = Map.of(
                "event-create", "EVENT", "span-create", "SPAN", "generation-create", "GENERATION",
                "agent-create", "AGENT", "tool-create", "TOOL", "chain-create", "CHAIN",
                "retriever-create", "RETRIEVER", "evaluator-create", "EVALUATOR", "embedding-create", "EMBEDDING",
                "guardrail-create", "GUARDRAIL");
        List<String> events = new ArrayList<>();
        expected.keySet().forEach(type -> events.add(event("ev-" + type, type, "2026-03-01T10:00:00Z", """
                {"id": "obs-%s", "traceId": "trace-types", "name": "%s", "startTime": "2026-03-01T10:00:00Z",
                 "endTime": "2026-03-01T10:00:01Z", "model": "text-embedding-3-small",
                 "usageDetails": {"input": 4}}""".formatted(type, type))));
        BatchResult result = ingestion.ingest(project, batch(events.toArray(String[]::new)));

        assertThat(result.errors()).isEmpty();
        assertThat(result.successes()).hasSize(10);
        expected.forEach((eventType, observationType) -> {
            ObjectNode row = stack.latest("observations", project, "obs-" + eventType);
            assertThat(text(row, "type")).as(eventType).isEqualTo(observationType);
            boolean generationBody = !eventType.equals("event-create") && !eventType.equals("span-create");
            assertThat(text(row, "provided_model_name")).as("model of " + eventType)
                    .isEqualTo(generationBody ? "text-embedding-3-small" : null);
            assertThat(text(row, "end_time")).as("end of " + eventType)
                    .isEqualTo(eventType.equals("event-create") ? null : "2026-03-01 10:00:01.000000");
        });
    }

    @Test
    void acceptsLegacyObservationCreateAndUpdate() {
        ProjectId project = newProject("legacy");
        ingestion.ingest(project, batch(event("ev-1", "observation-create", "2026-03-01T10:00:00Z", """
                {"id": "legacy-1", "traceId": "trace-legacy", "type": "GENERATION", "name": "old sdk",
                 "startTime": "2026-03-01T10:00:00Z", "model": "gpt-3.5-turbo", "modelParameters": {"temperature": 0},
                 "input": "prompt", "usage": {"promptTokens": 3, "completionTokens": 4, "totalTokens": 7},
                 "environment": "ignored-for-legacy"}""")));
        ingestion.ingest(project, batch(event("ev-2", "observation-update", "2026-03-01T10:00:02Z", """
                {"id": "legacy-1", "type": "GENERATION", "endTime": "2026-03-01T10:00:02Z", "output": "completion"}""")));

        ObjectNode row = stack.latest("observations", project, "legacy-1");
        assertThat(text(row, "type")).isEqualTo("GENERATION");
        assertThat(text(row, "trace_id")).isEqualTo("trace-legacy");
        assertThat(text(row, "input")).isEqualTo("prompt");
        assertThat(text(row, "output")).isEqualTo("completion");
        assertThat(text(row, "environment")).isEqualTo("default");
        assertThat(text(row, "model_parameters")).isEqualTo("{\"temperature\":0}");
        assertThat(longs(row.get("provided_usage_details"))).isEqualTo(Map.of("input", 3L, "output", 4L, "total", 7L));
    }

    @Test
    void storesScoresOfEveryDataTypeAndTarget() {
        ProjectId project = newProject("scores");
        BatchResult result = ingestion.ingest(project, batch(
                event("s1", "score-create", "2026-03-01T10:00:00Z",
                        "{\"id\": \"score-numeric\", \"traceId\": \"trace-1\", \"name\": \"accuracy\", \"value\": 0.9, "
                                + "\"comment\": \"good\", \"metadata\": {\"judge\": \"gpt-4o\"}, \"environment\": \"production\"}"),
                event("s2", "score-create", "2026-03-01T10:00:00Z",
                        "{\"id\": \"score-categorical\", \"traceId\": \"trace-1\", \"observationId\": \"gen-1\", "
                                + "\"name\": \"tone\", \"value\": \"friendly\", \"source\": \"EVAL\"}"),
                event("s3", "score-create", "2026-03-01T10:00:00Z",
                        "{\"id\": \"score-boolean\", \"sessionId\": \"session-1\", \"name\": \"resolved\", \"value\": 1, "
                                + "\"dataType\": \"BOOLEAN\"}"),
                event("s4", "score-create", "2026-03-01T10:00:00Z",
                        "{\"id\": \"score-run\", \"datasetRunId\": \"run-1\", \"name\": \"f1\", \"value\": 1, "
                                + "\"dataType\": \"NUMERIC\", \"configId\": \"config-7\", \"queueId\": \"queue-1\"}"),
                event("s5", "score-create", "2026-03-01T10:00:00Z",
                        "{\"traceId\": \"trace-1\", \"name\": \"no id\", \"value\": 0, \"dataType\": \"BOOLEAN\", "
                                + "\"source\": \"ANNOTATION\", \"configId\": \"config-8\"}")));

        assertThat(result.errors()).isEmpty();
        ObjectNode numeric = stack.latest("scores", project, "score-numeric");
        assertThat(text(numeric, "data_type")).isEqualTo("NUMERIC");
        assertThat(numeric.get("value").asDouble()).isEqualTo(0.9);
        assertThat(text(numeric, "string_value")).isNull();
        assertThat(text(numeric, "trace_id")).isEqualTo("trace-1");
        assertThat(text(numeric, "source")).isEqualTo("API");
        assertThat(text(numeric, "comment")).isEqualTo("good");
        assertThat(text(numeric, "environment")).isEqualTo("production");
        assertThat(text(numeric, "timestamp")).isEqualTo("2026-03-01 10:00:00.000000");
        assertThat(numeric.get("metadata").toString()).isEqualTo("{\"judge\":\"gpt-4o\"}");

        ObjectNode categorical = stack.latest("scores", project, "score-categorical");
        assertThat(text(categorical, "data_type")).isEqualTo("CATEGORICAL");
        assertThat(text(categorical, "string_value")).isEqualTo("friendly");
        assertThat(categorical.get("value").asDouble()).isZero();
        assertThat(text(categorical, "observation_id")).isEqualTo("gen-1");
        assertThat(text(categorical, "source")).isEqualTo("EVAL");

        ObjectNode bool = stack.latest("scores", project, "score-boolean");
        assertThat(text(bool, "data_type")).isEqualTo("BOOLEAN");
        assertThat(text(bool, "string_value")).isEqualTo("True");
        assertThat(text(bool, "session_id")).isEqualTo("session-1");
        assertThat(text(bool, "trace_id")).isNull();

        ObjectNode run = stack.latest("scores", project, "score-run");
        assertThat(text(run, "dataset_run_id")).isEqualTo("run-1");
        assertThat(text(run, "config_id")).isEqualTo("config-7");
        assertThat(text(run, "queue_id")).isEqualTo("queue-1");

        String derivedId = UUID.nameUUIDFromBytes("score:s5".getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode annotation = stack.latest("scores", project, derivedId);
        assertThat(text(annotation, "string_value")).isEqualTo("False");
        assertThat(text(annotation, "source")).isEqualTo("ANNOTATION");
    }

    @Test
    void scoreConfigCheckDecidesAboutScoresThatNameAConfig() {
        ProjectId project = newProject("score-config");
        List<String> sentTypes = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScoreConfigCheck check = (score, sentDataType) -> {
            if (score.configId().equals("missing")) {
                throw GlasshouseException.notFound("score config missing does not exist in this project");
            }
            sentTypes.add(String.valueOf(sentDataType));
            return score;
        };
        LangfuseBatchIngestion checked = new LangfuseBatchIngestion(stack.merger(RowMerger.Settings.defaults()),
                stack.writer, check, LangfuseBatchIngestion.Settings.defaults());
        BatchResult result = checked.ingest(project, batch(
                event("ok", "score-create", "2026-03-01T10:00:00Z",
                        "{\"id\": \"sc-ok\", \"traceId\": \"t\", \"name\": \"n\", \"value\": 1, \"configId\": \"present\"}"),
                event("bad", "score-create", "2026-03-01T10:00:00Z",
                        "{\"id\": \"sc-bad\", \"traceId\": \"t\", \"name\": \"n\", \"value\": 1, \"configId\": \"missing\"}")));
        assertThat(result.successes()).extracting(BatchResult.Success::id).containsExactly("ok");
        assertThat(result.errors()).containsExactly(new BatchResult.Failure("bad", 404,
                "score config missing does not exist in this project", "NOT_FOUND"));
        assertThat(stack.latest("scores", project, "sc-bad")).isNull();
        // "value": 1 without a dataType: the check learns the type was inferred, not sent.
        assertThat(sentTypes).containsExactly("null");
    }

    @Test
    void aBatchEndsItsAnnouncementOnceItsRowsAreQueuedAndARefusedBodyEndsItsToo() {
        ProjectId project = newProject("announced");
        // Linger and grace of a minute: only the quiet rule (1 row, 20 ms, no announced request)
        // stores these rows in time, so an announcement left open would hold them for two minutes.
        EventWriter.Settings settings = new EventWriter.Settings(java.time.Duration.ofSeconds(60), 10_000, 100_000,
                java.time.Duration.ofSeconds(60),
                new EventWriter.Gathering(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(60),
                        java.time.Duration.ofMillis(20), 1,
                        java.time.Duration.ofSeconds(60)));
        try (EventWriter writer = new EventWriter(stack.store, settings, new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            LangfuseBatchIngestion api = new LangfuseBatchIngestion(stack.merger(RowMerger.Settings.defaults()), writer,
                    ScoreConfigCheck.acceptAll(), LangfuseBatchIngestion.Settings.defaults());
            assertThatThrownBy(() -> api.ingest(project, "{not json".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(GlasshouseException.class);

            BatchResult result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> api.ingest(project, batch(event("ev-a", "trace-create", "2026-03-01T10:00:00Z", "{\"id\": \"t-announced\"}"))));

            assertThat(result.errors()).isEmpty();
            assertThat(stack.latest("traces", project, "t-announced")).isNotNull();
        }
    }

    @Test
    void createScoreStoresOneBodyThroughTheSameParsingAndCheck() {
        ProjectId project = newProject("create-score");
        List<String> checked = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScoreConfigCheck check = (score, sentDataType) -> {
            checked.add(score.id() + ":" + sentDataType);
            return score;
        };
        LangfuseBatchIngestion api = new LangfuseBatchIngestion(stack.merger(RowMerger.Settings.defaults()),
                stack.writer, check, LangfuseBatchIngestion.Settings.defaults(),
                java.time.Clock.fixed(java.time.Instant.parse("2026-03-01T10:00:00Z"), java.time.ZoneOffset.UTC));

        String given = api.createScore(project, ("{\"id\": \"sc-api\", \"traceId\": \"t\", \"name\": \"quality\","
                + " \"value\": 1, \"dataType\": \"BOOLEAN\", \"configId\": \"c\"}").getBytes(StandardCharsets.UTF_8));
        String generated = api.createScore(project,
                "{\"id\": \"\", \"sessionId\": \"s\", \"name\": \"tone\", \"value\": \"calm\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(given).isEqualTo("sc-api");
        assertThat(generated).matches("[0-9a-f-]{36}");
        ObjectNode stored = stack.latest("scores", project, "sc-api");
        assertThat(text(stored, "string_value")).isEqualTo("True");
        assertThat(text(stored, "timestamp")).startsWith("2026-03-01 10:00:00");
        assertThat(text(stack.latest("scores", project, generated), "data_type")).isEqualTo("CATEGORICAL");
        assertThat(checked).containsExactly("sc-api:BOOLEAN");
        assertThatThrownBy(() -> api.createScore(project, "{\"traceId\": \"t\", \"value\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GlasshouseException.class)
                .hasMessage("body.name is required and must be a non-empty string");
        assertThatThrownBy(() -> api.createScore(project, "[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("request body must be a JSON object");
        assertThatThrownBy(() -> api.createScore(project,
                        "{\"traceId\": \"t\", \"name\": \"n\", \"value\": 1, \"source\": \"EVAL\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("body.source must be API or ANNOTATION");
    }

    @Test
    void createScoresStoresTheValidScoresOfAnArrayAndReportsTheOthers() {
        ProjectId project = newProject("create-scores");
        var result = ingestion.createScores(project, ("[{\"id\": \"a\", \"traceId\": \"t\", \"name\": \"q\", \"value\": 0.5},"
                + " {\"traceId\": \"t\", \"value\": 1},"
                + " {\"id\": \"b\", \"traceId\": \"t\", \"name\": \"tone\", \"value\": \"calm\"}]").getBytes(StandardCharsets.UTF_8));
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.errors()).singleElement().asString().startsWith("score [1]: body.name is required");
        assertThat(text(stack.latest("scores", project, "a"), "value")).isEqualTo("0.5");
        assertThat(text(stack.latest("scores", project, "b"), "string_value")).isEqualTo("calm");
        assertThatThrownBy(() -> ingestion.createScores(project, "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("request body must be a score object or an array");
    }

    @Test
    void aDeletedScoreIsHiddenByItsTombstone() {
        ProjectId project = newProject("delete-score");
        RowMerger merger = stack.merger(RowMerger.Settings.defaults());
        LangfuseBatchIngestion api = new LangfuseBatchIngestion(merger, stack.writer, ScoreConfigCheck.acceptAll(),
                LangfuseBatchIngestion.Settings.defaults());
        String id = api.createScore(project, "{\"id\": \"sc-del\", \"traceId\": \"t\", \"name\": \"n\", \"value\": 1}"
                .getBytes(StandardCharsets.UTF_8));
        ScoreDeletion deletion = new ScoreDeletion(stack.store, merger, stack.writer);

        assertThat(deletion.delete(project, id)).isTrue();

        assertThat(stack.store.findScore(project, id)).isEmpty();
        // Newest first; a background merge may already have dropped the older row.
        ObjectNode newest = stack.versions("scores", project, id).getFirst();
        assertThat(newest.get("is_deleted").asInt()).isEqualTo(1);
        assertThat(text(newest, "name")).isEqualTo("n");
        assertThat(deletion.delete(project, id)).isFalse();
        assertThat(deletion.delete(newProject("elsewhere"), "sc-other")).isFalse();
    }

    @Test
    void acknowledgesSdkLogsAndStoresThemNowhere() {
        ProjectId project = newProject("sdk-log");
        BatchResult result = ingestion.ingest(project, batch(event("log-1", "sdk-log", "2026-03-01T10:00:00Z",
                "{\"log\": {\"message\": \"flush failed\", \"secret\": \"do not log me\"}}")));
        assertThat(result.successes()).containsExactly(new BatchResult.Success("log-1", 201));
        assertThat(stack.store.countTraces(project) + stack.store.countObservations(project) + stack.store.countScores(project)).isZero();
    }

    @Test
    void answersAnEmptyBatchWithNothing() {
        BatchResult result = ingestion.ingest(newProject("empty"), "{\"batch\": []}".getBytes(StandardCharsets.UTF_8));
        assertThat(result.successes()).isEmpty();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void acknowledgesARepeatedEnvelopeIdWithoutWritingAgain() {
        ProjectId project = newProject("retry");
        byte[] body = batch(
                event("ev-retry-1", "trace-create", "2026-03-01T10:00:00Z", "{\"id\": \"t-retry\", \"name\": \"first\"}"),
                event("ev-retry-2", "span-create", "2026-03-01T10:00:00Z", "{\"id\": \"s-retry\", \"traceId\": \"t-retry\"}"));
        ingestion.ingest(project, body);
        BatchResult again = ingestion.ingest(project, body);

        assertThat(again.successes()).extracting(BatchResult.Success::id, BatchResult.Success::status)
                .containsExactly(tuple("ev-retry-1", 201), tuple("ev-retry-2", 201));
        assertThat(stack.versions("traces", project, "t-retry")).hasSize(1);
        assertThat(stack.versions("observations", project, "s-retry")).hasSize(1);

        ProjectId otherProject = newProject("retry-other");
        ingestion.ingest(otherProject, body);
        assertThat(stack.versions("traces", otherProject, "t-retry")).as("envelope ids are per project").hasSize(1);
    }

    @Test
    void anUpdateBeforeItsCreateBecomesARowAndTheCreateCompletesIt() {
        ProjectId project = newProject("update-first");
        ingestion.ingest(project, batch(event("ev-1", "generation-update", "2026-03-01T10:00:05Z", """
                {"id": "early", "traceId": "trace-early", "endTime": "2026-03-01T10:00:04Z", "output": "answer"}""")));
        ObjectNode orphan = stack.latest("observations", project, "early");
        assertThat(text(orphan, "type")).isEqualTo("GENERATION");
        assertThat(text(orphan, "output")).isEqualTo("answer");
        assertThat(text(orphan, "start_time")).as("no start known yet: the end").isEqualTo("2026-03-01 10:00:04.000000");

        ingestion.ingest(project, batch(event("ev-2", "generation-create", "2026-03-01T10:00:00Z", """
                {"id": "early", "traceId": "trace-early", "name": "late create", "startTime": "2026-03-01T10:00:00Z",
                 "input": "question", "model": "claude-3-5-sonnet"}""")));
        ObjectNode row = stack.latest("observations", project, "early");
        assertThat(text(row, "name")).isEqualTo("late create");
        assertThat(text(row, "input")).isEqualTo("question");
        assertThat(text(row, "output")).isEqualTo("answer");
        assertThat(text(row, "start_time")).isEqualTo("2026-03-01 10:00:00.000000");
        assertThat(text(row, "end_time")).isEqualTo("2026-03-01 10:00:04.000000");
        assertThat(stack.store.countObservations(project)).isEqualTo(1);
    }

    @Test
    void aTraceUpdateAfterCacheEvictionKeepsTheStoredFields() {
        // The SDKs' trace.update() sends trace-create with the changed fields and no timestamp.
        // Once the merger has forgotten the trace, the update must start from the stored row:
        // from nothing, its newer version would hide the trace's name, user and input.
        ProjectId project = newProject("trace-evicted");
        LangfuseBatchIngestion forgetful = stack.ingestion(new RowMerger.Settings(1, 1L << 20), LangfuseBatchIngestion.Settings.defaults());
        forgetful.ingest(project, batch(event("ev-1", "trace-create", "2026-03-01T10:00:00Z", """
                {"id": "t-evicted", "name": "named", "userId": "u-1", "input": "question", "tags": ["first"],
                 "metadata": {"a": "1"}, "timestamp": "2026-03-01T10:00:00Z"}""")));
        forgetful.ingest(project, batch(event("ev-2", "span-create", "2026-03-01T10:00:01Z",
                "{\"id\": \"other\", \"traceId\": \"t-other\"}")));
        forgetful.ingest(project, batch(event("ev-3", "trace-create", "2026-03-01T10:00:09Z", """
                {"id": "t-evicted", "output": "answer", "tags": ["late"], "metadata": {"b": "2"}}""")));

        ObjectNode row = stack.latest("traces", project, "t-evicted");
        assertThat(text(row, "name")).isEqualTo("named");
        assertThat(text(row, "user_id")).isEqualTo("u-1");
        assertThat(text(row, "input")).isEqualTo("question");
        assertThat(text(row, "output")).isEqualTo("answer");
        assertThat(text(row, "timestamp")).as("an update does not re-date the trace").isEqualTo("2026-03-01 10:00:00.000000");
        assertThat(row.get("tags").toString()).isEqualTo("[\"first\",\"late\"]");
        assertThat(strings(row.get("metadata"))).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void aTraceUpdateForATraceNeverStoredStartsItAsBefore() {
        ProjectId project = newProject("trace-update-first");
        ingestion.ingest(project, batch(event("ev-1", "trace-create", "2026-03-01T10:00:09Z", """
                {"id": "t-new", "output": "answer"}""")));

        ObjectNode row = stack.latest("traces", project, "t-new");
        assertThat(text(row, "output")).isEqualTo("answer");
        assertThat(text(row, "timestamp")).isEqualTo("2026-03-01 10:00:09.000000");
    }

    @Test
    void anUpdateAfterCacheEvictionFindsTheStoredRow() {
        ProjectId project = newProject("evicted");
        LangfuseBatchIngestion forgetful = stack.ingestion(new RowMerger.Settings(1, 1L << 20), LangfuseBatchIngestion.Settings.defaults());
        forgetful.ingest(project, batch(event("ev-1", "generation-create", "2026-03-01T10:00:00Z", """
                {"id": "gen-evicted", "traceId": "trace-evicted", "name": "first", "startTime": "2026-03-01T10:00:00Z",
                 "input": "kept input", "model": "gpt-4o", "metadata": {"a": "1"},
                 "usage": {"input": 5, "output": 6}, "costDetails": {"total": 0.25}}""")));
        forgetful.ingest(project, batch(event("ev-2", "span-create", "2026-03-01T10:00:01Z",
                "{\"id\": \"other\", \"traceId\": \"trace-evicted\"}")));
        forgetful.ingest(project, batch(event("ev-3", "generation-update", "2026-03-01T10:00:09Z", """
                {"id": "gen-evicted", "endTime": "2026-03-01T10:00:09Z", "output": "new output", "metadata": {"b": "2"}}""")));

        ObjectNode row = stack.latest("observations", project, "gen-evicted");
        assertThat(text(row, "trace_id")).isEqualTo("trace-evicted");
        assertThat(text(row, "name")).isEqualTo("first");
        assertThat(text(row, "input")).isEqualTo("kept input");
        assertThat(text(row, "output")).isEqualTo("new output");
        assertThat(text(row, "provided_model_name")).isEqualTo("gpt-4o");
        assertThat(strings(row.get("metadata"))).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(longs(row.get("provided_usage_details"))).isEqualTo(Map.of("input", 5L, "output", 6L, "total", 11L));
        assertThat(decimals(row.get("provided_cost_details"))).isEqualTo(Map.of("total", "0.25"));
        assertThat(text(row, "start_time")).isEqualTo("2026-03-01 10:00:00.000000");
        assertThat(stack.store.countObservations(project)).isEqualTo(2);
    }

    @Test
    void truncatesOversizedFieldsWithAVisibleMarker() {
        ProjectId project = newProject("truncate");
        LangfuseBatchIngestion small = stack.ingestion(RowMerger.Settings.defaults(), new LangfuseBatchIngestion.Settings(100, 1000, 200, 1000));
        String big = "é".repeat(3000);
        BatchResult result = small.ingest(project, batch(event("ev-1", "span-create", "2026-03-01T10:00:00Z", """
                {"id": "big", "traceId": "t", "input": "%s", "output": {"text": "%s"}, "metadata": {"blob": "%s", "small": "ok"}}"""
                .formatted(big, big, big))));

        assertThat(result.errors()).isEmpty();
        ObjectNode row = stack.latest("observations", project, "big");
        assertThat(text(row, "input")).isEqualTo("é".repeat(500) + "…[truncated by Glasshouse: 6000 bytes]");
        assertThat(text(row, "output")).startsWith("{\"text\":\"é").endsWith("…[truncated by Glasshouse: 6011 bytes]");
        assertThat(row.get("metadata").get("blob").asText()).endsWith("…[truncated by Glasshouse: 6000 bytes]");
        assertThat(row.get("metadata").get("small").asText()).isEqualTo("ok");
    }

    @Test
    void storesHostileTextIntact() {
        ProjectId project = newProject("hostile");
        String hostile = "quote \\\" back\\\\slash tab\\t newline\\n nul\\u0000 emoji 🎉 日本語 lone\\ud800surrogate '); DROP TABLE traces; --";
        BatchResult result = ingestion.ingest(project, batch(event("ev-1", "trace-create", "2026-03-01T10:00:00Z",
                "{\"id\": \"t-hostile\", \"name\": \"" + hostile + "\", \"metadata\": {\"k\\n'\": \"" + hostile + "\"}}")));
        assertThat(result.errors()).isEmpty();
        String expected = readJson("\"" + hostile + "\"").textValue().replace('\ud800', '\ufffd');
        ObjectNode row = stack.latest("traces", project, "t-hostile");
        assertThat(text(row, "name")).as("a lone surrogate becomes U+FFFD").isEqualTo(expected);
        assertThat(row.get("metadata").get("k\n'").asText()).isEqualTo(expected);
    }

    @Test
    void createsAWrapperTraceForAnObservationWithoutTrace() {
        ProjectId project = newProject("wrapper");
        ingestion.ingest(project, batch(event("ev-1", "span-create", "2026-03-01T10:00:00Z",
                "{\"id\": \"no-trace\", \"startTime\": \"2026-03-01T09:59:00Z\", \"environment\": \"dev\"}")));
        assertThat(text(stack.latest("observations", project, "no-trace"), "trace_id")).isEqualTo("no-trace");
        ObjectNode trace = stack.latest("traces", project, "no-trace");
        assertThat(text(trace, "timestamp")).isEqualTo("2026-03-01 09:59:00.000000");
        assertThat(text(trace, "environment")).isEqualTo("dev");
    }

    @Test
    void anObservationThatMovesToAnotherTraceIsCountedOnce() {
        ProjectId project = newProject("moved");
        ingestion.ingest(project, batch(event("ev-1", "span-create", "2026-03-01T10:00:00Z",
                "{\"id\": \"mover\", \"traceId\": \"trace-a\", \"startTime\": \"2026-03-31T23:59:59Z\"}")));
        ingestion.ingest(project, batch(event("ev-2", "span-create", "2026-03-01T10:00:01Z",
                "{\"id\": \"mover\", \"traceId\": \"trace-b\", \"startTime\": \"2026-04-01T00:00:01Z\"}")));

        assertThat(text(stack.latest("observations", project, "mover"), "trace_id")).isEqualTo("trace-b");
        // Under the old key the newest version is a tombstone (ClickHouse may already have merged the
        // original row away).
        ObjectNode newestUnderOldKey = stack.versions("observations", project, "mover").stream()
                .filter(row -> text(row, "trace_id").equals("trace-a"))
                .findFirst()
                .orElseThrow();
        assertThat(newestUnderOldKey.get("is_deleted").asInt()).isEqualTo(1);
        assertThat(stack.store.countObservations(project)).isEqualTo(1);
    }

    @Test
    void pinsTheDefaults() {
        assertThat(LangfuseBatchIngestion.Settings.defaults())
                .isEqualTo(new LangfuseBatchIngestion.Settings(5_000, 1024 * 1024, 200, 100_000));
        assertThat(RowMerger.Settings.defaults()).isEqualTo(new RowMerger.Settings(50_000, 256L * 1024 * 1024));
    }

    @Test
    void refusesMalformedEnvelopesAsAWhole() {
        ProjectId project = newProject("envelope");
        LangfuseBatchIngestion strict = stack.ingestion(RowMerger.Settings.defaults(), new LangfuseBatchIngestion.Settings(2, 1000, 20, 100));
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("not json", "request body is not valid JSON");
        bodies.put("", "request body must be a JSON object");
        bodies.put("[1, 2]", "request body must be a JSON object");
        bodies.put("\"batch\"", "request body must be a JSON object");
        bodies.put("{}", "\"batch\" is required");
        bodies.put("{\"batch\": null}", "\"batch\" is required");
        bodies.put("{\"batch\": {}}", "\"batch\" must be an array of events, got an object");
        bodies.put("{\"batch\": \"events\"}", "\"batch\" must be an array of events, got a string");
        bodies.put("{\"batch\": [{}, {}, {}]}", "\"batch\" holds 3 events; at most 2 are accepted");
        bodies.put("{\"batch\": []} trailing", "request body is not valid JSON");
        bodies.put("{\"batch\": [" + "[".repeat(30) + "]".repeat(30) + "]}", "nested too deeply");
        bodies.put("{\"batch\": [1,]}", "request body is not valid JSON");
        bodies.forEach((body, message) -> assertThatThrownBy(() -> strict.ingest(project, body.getBytes(StandardCharsets.UTF_8)))
                .as(body)
                .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains(message);
                }));

        JsonNode deep = readJson("{\"batch\": [" + "[".repeat(30) + "]".repeat(30) + "]}");
        assertThatThrownBy(() -> strict.ingest(project, deep))
                .isInstanceOfSatisfying(GlasshouseException.class, e -> assertThat(e.getMessage()).contains("nested too deeply"));
    }

    @Test
    void refusesBodiesThatAreNotUtf8() {
        // Jackson decodes the overlong C0 AF as '/', so "a/../b" could arrive as an id; UTF-16 JSON
        // it would autodetect. JSON between systems is UTF-8 (RFC 8259), as Langfuse reads it.
        ProjectId project = newProject("utf8");
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("overlong slash", bytes("{\"batch\": [{\"id\": \"a", 0xC0, 0xAF, "\"}]}"));
        bodies.put("encoded surrogate", bytes("{\"batch\": [{\"id\": \"a", 0xED, 0xA0, 0x80, "\"}]}"));
        bodies.put("truncated sequence", bytes("{\"batch\": [{\"id\": \"a", 0xE2, 0x82, "\"}]}"));
        bodies.put("UTF-16", "{\"batch\": []}".getBytes(StandardCharsets.UTF_16));
        bodies.forEach((name, body) -> assertThatThrownBy(() -> ingestion.ingest(project, body))
                .as(name)
                .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("request body is not valid UTF-8 (at byte");
                }));

        BatchResult bom = ingestion.ingest(project, bytes("", 0xEF, 0xBB, 0xBF, "{\"batch\": []}"));
        assertThat(bom.errors()).isEmpty();
    }

    // Text and bytes in order: strings as UTF-8, integers as single bytes.
    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    @Test
    void aFailedWriteFailsTheRequestAndTheRetryIsStored() {
        ProjectId project = newProject("failed-write");
        EventWriter closed = stack.newWriter();
        closed.close();
        LangfuseBatchIngestion broken = new LangfuseBatchIngestion(stack.merger(RowMerger.Settings.defaults()), closed,
                ScoreConfigCheck.acceptAll(), LangfuseBatchIngestion.Settings.defaults());
        byte[] body = batch(event("ev-fail", "trace-create", "2026-03-01T10:00:00Z", "{\"id\": \"t-fail\"}"));
        assertThatThrownBy(() -> broken.ingest(project, body))
                .isInstanceOfSatisfying(GlasshouseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));

        ingestion.ingest(project, body);
        assertThat(stack.latest("traces", project, "t-fail")).isNotNull();
    }

    @Test
    void concurrentUpdatesOfTheSameObservationsKeepTheLatestValues() throws Exception {
        ProjectId project = newProject("concurrent");
        List<String> ids = List.of("c-1", "c-2", "c-3");
        for (String id : ids) {
            ingestion.ingest(project, batch(event("create-" + id, "span-create", "2026-03-01T10:00:00Z",
                    "{\"id\": \"" + id + "\", \"traceId\": \"trace-c\", \"name\": \"concurrent\"}")));
        }
        int threads = 8;
        int rounds = 15;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int round = 0; round < rounds; round++) {
                        List<String> events = new ArrayList<>();
                        for (String id : ids) {
                            events.add(event("u-" + thread + "-" + round + "-" + id, "span-update", "2026-03-01T10:00:01Z",
                                    "{\"id\": \"%s\", \"traceId\": \"trace-c\", \"metadata\": {\"thread-%d\": \"%d\"}}"
                                            .formatted(id, thread, round)));
                        }
                        BatchResult result = ingestion.ingest(project, batch(events.toArray(String[]::new)));
                        assertThat(result.errors()).isEmpty();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failures).isEmpty();
        for (String id : ids) {
            ObjectNode row = stack.latest("observations", project, id);
            Map<?, ?> metadata = strings(row.get("metadata"));
            assertThat(metadata).hasSize(threads);
            metadata.values().forEach(value -> assertThat(value).isEqualTo(String.valueOf(rounds - 1)));
            assertThat(text(row, "name")).isEqualTo("concurrent");
        }
        assertThat(stack.store.countObservations(project)).isEqualTo(3);
    }

    private String generation(String id, String usageFields) {
        return event("ev-" + id, "generation-create", "2026-03-01T10:00:00Z",
                "{\"id\": \"" + id + "\", \"traceId\": \"trace-usage\", \"model\": \"gpt-4o-mini\", " + usageFields + "}");
    }

    private Map<String, Long> usage(ProjectId project, String id) {
        return longs(stack.latest("observations", project, id).get("provided_usage_details"));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> map = new HashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asLong()));
        return map;
    }

    // Decimal64(12) text without trailing zeros, so "0.001000000000" reads as "0.001".
    private static Map<String, String> decimals(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(),
                new BigDecimal(entry.getValue().asText()).stripTrailingZeros().toPlainString()));
        return map;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
