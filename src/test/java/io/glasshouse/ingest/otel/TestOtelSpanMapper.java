package io.glasshouse.ingest.otel;

import static io.glasshouse.ingest.otel.TestingOtlp.CHILD_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.END;
import static io.glasshouse.ingest.otel.TestingOtlp.PROJECT;
import static io.glasshouse.ingest.otel.TestingOtlp.ROOT_SPAN_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.START;
import static io.glasshouse.ingest.otel.TestingOtlp.TRACE_ID;
import static io.glasshouse.ingest.otel.TestingOtlp.array;
import static io.glasshouse.ingest.otel.TestingOtlp.attr;
import static io.glasshouse.ingest.otel.TestingOtlp.event;
import static io.glasshouse.ingest.otel.TestingOtlp.kvlist;
import static io.glasshouse.ingest.otel.TestingOtlp.mapper;
import static io.glasshouse.ingest.otel.TestingOtlp.observationOf;
import static io.glasshouse.ingest.otel.TestingOtlp.request;
import static io.glasshouse.ingest.otel.TestingOtlp.resource;
import static io.glasshouse.ingest.otel.TestingOtlp.span;
import static io.glasshouse.ingest.otel.TestingOtlp.strings;
import static io.glasshouse.ingest.otel.TestingOtlp.traceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per instrumentation family, with spans shaped as those SDKs send them. Each asserts
 * every mapped field and the exact metadata, so an attribute neither mapped nor kept would fail.
 */
class TestOtelSpanMapper {
    private static final String THIRD_SPAN_ID = "1a2b3c4d5e6f7081";
    private static final String FOURTH_SPAN_ID = "2b3c4d5e6f708192";
    private static final String FIFTH_SPAN_ID = "3c4d5e6f708192a3";

    @Test
    void langfusePythonSdkTraceAndGeneration() {
        var resource = resource(
                attr("service.name", "support-bot"), attr("service.version", "1.4.2"),
                attr("telemetry.sdk.language", "python"), attr("telemetry.sdk.name", "opentelemetry"),
                attr("telemetry.sdk.version", "1.33.1"));
        var root = span(ROOT_SPAN_ID, null, "handle-ticket",
                attr("langfuse.observation.type", "span"),
                attr("langfuse.observation.input", "{\"ticket\": 42}"),
                attr("langfuse.observation.output", "\"resolved\""),
                attr("langfuse.trace.name", "support-ticket"),
                attr("user.id", "user-7"),
                attr("session.id", "session-3"),
                attr("langfuse.trace.tags", strings("support", "priority")),
                attr("langfuse.trace.public", true),
                attr("langfuse.trace.metadata.team", "search"),
                attr("langfuse.trace.metadata.tier", 2L),
                attr("langfuse.trace.input", "{\"question\": \"Where is my order?\"}"),
                attr("langfuse.trace.output", "{\"answer\": \"On its way\"}"),
                attr("langfuse.environment", "Production"),
                attr("langfuse.release", "2025.07.1"),
                attr("langfuse.version", "v3"),
                attr("langfuse.observation.metadata.channel", "email"),
                attr("app.request_id", "req-1"));
        var generation = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "llm-call",
                attr("langfuse.observation.type", "generation"),
                attr("langfuse.observation.input", "[{\"role\": \"user\", \"content\": \"Where is my order?\"}]"),
                attr("langfuse.observation.output", "{\"role\": \"assistant\", \"content\": \"On its way\"}"),
                attr("langfuse.observation.model.name", "gpt-4o"),
                attr("langfuse.observation.model.parameters", "{\"temperature\": 0.2, \"max_tokens\": 256, \"stream\": false}"),
                attr("langfuse.observation.usage_details", "{\"input\": 120, \"output\": 35, \"total\": 155}"),
                attr("langfuse.observation.cost_details", "{\"input\": 0.0003, \"output\": 0.00035, \"total\": 0.00065}"),
                attr("langfuse.observation.completion_start_time", "\"2025-07-08T18:40:00.250000+00:00\""),
                attr("langfuse.observation.prompt.name", "support-answer"),
                attr("langfuse.observation.prompt.version", 3L),
                attr("langfuse.observation.level", "WARNING"),
                attr("langfuse.observation.status_message", "slow response"),
                attr("langfuse.observation.metadata.attempt", 1L),
                attr("langfuse.observation.metadata.flags", "{\"beta\": true}"),
                attr("langfuse.environment", "Production"));

        OtelMapping mapping = mapper().map(PROJECT, request(resource, "langfuse-sdk", "3.6.1", root, generation));

        assertThat(mapping.rejections()).isEmpty();
        assertThat(mapping.observations()).hasSize(2);
        ObservationPatch span = mapping.observations().get(0);
        assertThat(span.projectId()).isEqualTo(PROJECT);
        assertThat(span.id()).isEqualTo(ROOT_SPAN_ID);
        assertThat(span.traceId()).isEqualTo(TRACE_ID);
        assertThat(span.update()).isFalse();
        assertThat(span.eventTime()).isEqualTo(END);
        assertThat(span.type()).isEqualTo(ObservationType.SPAN);
        assertThat(span.parentObservationId()).isNull();
        assertThat(span.name()).isEqualTo("handle-ticket");
        assertThat(span.environment()).isEqualTo("production");
        assertThat(span.startTime()).isEqualTo(START);
        assertThat(span.endTime()).isEqualTo(END);
        assertThat(span.level()).isEqualTo(ObservationLevel.DEFAULT);
        assertThat(span.statusMessage()).isNull();
        assertThat(span.version()).isEqualTo("v3");
        assertThat(span.input()).isEqualTo("{\"ticket\": 42}");
        assertThat(span.output()).isEqualTo("\"resolved\"");
        assertThat(span.model()).isNull();
        assertThat(span.usageDetails()).isEmpty();
        assertThat(span.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "channel", "email", "app.request_id", "req-1", "otel.scope.version", "3.6.1"));
        assertThat(span.resourceAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "service.name", "support-bot", "service.version", "1.4.2", "telemetry.sdk.language", "python",
                "telemetry.sdk.name", "opentelemetry", "telemetry.sdk.version", "1.33.1"));
        assertThat(span.scopeName()).isEqualTo("langfuse-sdk");

        ObservationPatch llm = mapping.observations().get(1);
        assertThat(llm.id()).isEqualTo(CHILD_SPAN_ID);
        assertThat(llm.parentObservationId()).isEqualTo(ROOT_SPAN_ID);
        assertThat(llm.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(llm.name()).isEqualTo("llm-call");
        assertThat(llm.environment()).isEqualTo("production");
        assertThat(llm.version()).isEqualTo("1.4.2");
        assertThat(llm.input()).isEqualTo("[{\"role\": \"user\", \"content\": \"Where is my order?\"}]");
        assertThat(llm.output()).isEqualTo("{\"role\": \"assistant\", \"content\": \"On its way\"}");
        assertThat(llm.model()).isEqualTo("gpt-4o");
        assertThat(llm.modelParameters()).isEqualTo("{\"temperature\":0.2,\"max_tokens\":256,\"stream\":\"false\"}");
        assertThat(llm.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("input", 120L, "output", 35L, "total", 155L));
        assertThat(llm.costDetails()).containsOnlyKeys("input", "output", "total");
        assertThat(llm.costDetails().get("input")).isEqualByComparingTo("0.0003");
        assertThat(llm.costDetails().get("output")).isEqualByComparingTo("0.00035");
        assertThat(llm.costDetails().get("total")).isEqualByComparingTo("0.00065");
        assertThat(llm.completionStartTime()).isEqualTo(START.plusMillis(250));
        assertThat(llm.promptName()).isEqualTo("support-answer");
        assertThat(llm.promptVersion()).isEqualTo(3);
        assertThat(llm.level()).isEqualTo(ObservationLevel.WARNING);
        assertThat(llm.statusMessage()).isEqualTo("slow response");
        assertThat(llm.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "attempt", "1", "flags", "{\"beta\": true}", "otel.scope.version", "3.6.1"));

        TracePatch trace = traceOf(mapping);
        assertThat(trace.projectId()).isEqualTo(PROJECT);
        assertThat(trace.id()).isEqualTo(TRACE_ID);
        assertThat(trace.eventTime()).isEqualTo(END);
        assertThat(trace.timestamp()).isEqualTo(START);
        assertThat(trace.name()).isEqualTo("support-ticket");
        assertThat(trace.userId()).isEqualTo("user-7");
        assertThat(trace.sessionId()).isEqualTo("session-3");
        assertThat(trace.environment()).isEqualTo("production");
        assertThat(trace.release()).isEqualTo("2025.07.1");
        assertThat(trace.version()).isEqualTo("v3");
        assertThat(trace.input()).isEqualTo("{\"question\": \"Where is my order?\"}");
        assertThat(trace.output()).isEqualTo("{\"answer\": \"On its way\"}");
        assertThat(trace.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "channel", "email", "app.request_id", "req-1", "team", "search", "tier", "2"));
        assertThat(trace.tags()).containsExactly("support", "priority");
        assertThat(trace.isPublic()).isTrue();
    }

    @Test
    void langfuseJsSdkOpenAiUsageMetadataObjectAndAsRoot() {
        var resource = resource(attr("service.name", "web"), attr("telemetry.sdk.language", "nodejs"));
        var agent = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "planner",
                attr("langfuse.observation.type", "agent"),
                attr("langfuse.internal.as_root", true),
                attr("langfuse.observation.metadata", "{\"step\": 2, \"route\": {\"a\": 1}}"),
                attr("langfuse.observation.level", "warn"));
        var generation = span(THIRD_SPAN_ID, CHILD_SPAN_ID, "chat",
                attr("langfuse.observation.type", "generation"),
                attr("langfuse.observation.model.name", "gpt-4.1"),
                attr("langfuse.observation.usage_details", "{\"prompt_tokens\": 100, \"completion_tokens\": 20,"
                        + " \"total_tokens\": 120, \"prompt_tokens_details\": {\"cached_tokens\": 40, \"audio_tokens\": 0},"
                        + " \"completion_tokens_details\": {\"reasoning_tokens\": 5}}"),
                attr("langfuse.observation.prompt.name", "planner"),
                attr("langfuse.observation.prompt.version", 7L));
        var tool = span(FOURTH_SPAN_ID, CHILD_SPAN_ID, "search",
                attr("langfuse.observation.type", "tool"),
                attr("langfuse.observation.prompt.name", "not-linked"),
                attr("langfuse.observation.usage_details", "{\"input_tokens\": 10, \"output_tokens\": 4, \"total_tokens\": 14,"
                        + " \"input_tokens_details\": {\"cached_tokens\": 3}, \"output_tokens_details\": {\"reasoning_tokens\": 1}}"));

        OtelMapping mapping = mapper().map(PROJECT, request(resource, "langfuse-sdk", "4.2.0", agent, generation, tool));

        ObservationPatch planner = mapping.observations().get(0);
        assertThat(planner.type()).isEqualTo(ObservationType.AGENT);
        assertThat(planner.level()).isEqualTo(ObservationLevel.WARNING);
        assertThat(planner.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "step", "2", "route", "{\"a\":1}", "otel.scope.version", "4.2.0"));
        ObservationPatch chat = mapping.observations().get(1);
        assertThat(chat.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(chat.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "input", 60L, "output", 15L, "total", 120L, "input_cached_tokens", 40L, "input_audio_tokens", 0L,
                "output_reasoning_tokens", 5L));
        assertThat(chat.promptName()).isEqualTo("planner");
        assertThat(chat.promptVersion()).isEqualTo(7);
        ObservationPatch search = mapping.observations().get(2);
        assertThat(search.type()).isEqualTo(ObservationType.TOOL);
        assertThat(search.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "input", 7L, "output", 3L, "total", 14L, "input_cached_tokens", 3L, "output_reasoning_tokens", 1L));
        // Only generations link prompts; the attribute is kept, not lost.
        assertThat(search.promptName()).isNull();
        assertThat(search.metadata()).containsEntry("langfuse.observation.prompt.name", "not-linked");

        // as_root makes the child the trace's root: a full trace patch named after it.
        TracePatch trace = traceOf(mapping);
        assertThat(trace.name()).isEqualTo("planner");
        assertThat(trace.timestamp()).isEqualTo(START);
        assertThat(trace.metadata()).containsEntry("step", "2");
    }

    @Test
    void otelGenAiCurrentConventionsOnAttributes() {
        var chat = span(ROOT_SPAN_ID, null, "chat gpt-4o",
                attr("gen_ai.operation.name", "chat"),
                attr("gen_ai.provider.name", "openai"),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.response.model", "gpt-4o-2024-08-06"),
                attr("gen_ai.request.temperature", 0.2),
                attr("gen_ai.request.max_tokens", 256L),
                attr("gen_ai.request.stop_sequences", strings("\n\n")),
                attr("gen_ai.response.id", "chatcmpl-123"),
                attr("gen_ai.response.finish_reasons", strings("stop")),
                attr("gen_ai.usage.input_tokens", 100L),
                attr("gen_ai.usage.output_tokens", 50L),
                attr("gen_ai.usage.cache_read.input_tokens", 30L),
                attr("gen_ai.usage.reasoning.output_tokens", 10L),
                attr("gen_ai.usage.cost", 0.0012),
                attr("gen_ai.conversation.id", "conv-9"),
                attr("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"You are terse.\"}]"),
                attr("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]"),
                attr("gen_ai.output.messages",
                        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]"),
                attr("server.address", "api.openai.com"));

        OtelMapping mapping = mapper().map(PROJECT, request("opentelemetry.instrumentation.openai_v2", chat));

        ObservationPatch generation = mapping.observations().get(0);
        assertThat(generation.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(generation.name()).isEqualTo("chat gpt-4o");
        assertThat(generation.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(generation.modelParameters())
                .isEqualTo("{\"temperature\":0.2,\"max_tokens\":256,\"stop_sequences\":\"[\\\"\\\\n\\\\n\\\"]\"}");
        assertThat(generation.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "input", 70L, "output", 40L, "input_cached_tokens", 30L, "output_reasoning_tokens", 10L));
        assertThat(generation.costDetails()).containsOnlyKeys("total");
        assertThat(generation.costDetails().get("total")).isEqualByComparingTo("0.0012");
        assertThat(generation.input()).isEqualTo("[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]");
        assertThat(generation.output())
                .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]");
        Map<String, String> leftovers = Map.of(
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-4o",
                "gen_ai.response.id", "chatcmpl-123", "gen_ai.response.finish_reasons", "[\"stop\"]",
                "server.address", "api.openai.com");
        assertThat(generation.metadata()).containsExactlyInAnyOrderEntriesOf(leftovers);
        assertThat(generation.scopeName()).isEqualTo("opentelemetry.instrumentation.openai_v2");

        TracePatch trace = traceOf(mapping);
        assertThat(trace.name()).isEqualTo("chat gpt-4o");
        assertThat(trace.sessionId()).isEqualTo("conv-9");
        assertThat(trace.input()).isEqualTo(generation.input());
        assertThat(trace.output()).isEqualTo(generation.output());
        assertThat(trace.metadata()).containsExactlyInAnyOrderEntriesOf(leftovers);
    }

    @Test
    void otelGenAiOperationDetailsEventWithStructuredValues() {
        AnyValue input = array(kvlist(attr("role", "user"),
                attr("parts", array(kvlist(attr("type", "text"), attr("content", "Hi"))))));
        AnyValue output = array(kvlist(attr("role", "assistant"),
                attr("parts", array(kvlist(attr("type", "text"), attr("content", "Hello")))),
                attr("finish_reason", "end_turn")));
        AnyValue instructions = array(kvlist(attr("type", "text"), attr("content", "Be brief")));
        var chat = span(ROOT_SPAN_ID, null, "chat claude-sonnet-4",
                attr("gen_ai.operation.name", "chat"),
                attr("gen_ai.provider.name", "anthropic"),
                attr("gen_ai.request.model", "claude-sonnet-4"))
                .addEvents(event("gen_ai.client.inference.operation.details",
                        attr("gen_ai.input.messages", input), attr("gen_ai.output.messages", output),
                        attr("gen_ai.system_instructions", instructions)));

        ObservationPatch generation = observationOf("anthropic-instrumentation", chat);

        assertThat(generation.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(generation.model()).isEqualTo("claude-sonnet-4");
        assertThat(generation.input()).isEqualTo("[{\"role\":\"system\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]");
        assertThat(generation.output()).isEqualTo(
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"end_turn\"}]");
        assertThat(generation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "anthropic"));
    }

    @Test
    void otelGenAiToolEmbeddingsAndAgentSpans() {
        var agent = span(ROOT_SPAN_ID, null, "invoke_agent planner",
                attr("gen_ai.operation.name", "invoke_agent"),
                attr("gen_ai.agent.name", "planner"),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.usage.input_tokens", 500L));
        var tool = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "execute_tool get_weather",
                attr("gen_ai.operation.name", "execute_tool"),
                attr("gen_ai.tool.name", "get_weather"),
                attr("gen_ai.tool.call.id", "call_1"),
                attr("gen_ai.tool.type", "function"),
                attr("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}"),
                attr("gen_ai.tool.call.result", "{\"temp\":21}"));
        var embeddings = span(THIRD_SPAN_ID, ROOT_SPAN_ID, "embeddings text-embedding-3-small",
                attr("gen_ai.operation.name", "embeddings"),
                attr("gen_ai.request.model", "text-embedding-3-small"),
                attr("gen_ai.usage.input_tokens", 8L));

        OtelMapping mapping = mapper().map(PROJECT, request("genai-sdk", agent, tool, embeddings));

        ObservationPatch planner = mapping.observations().get(0);
        assertThat(planner.type()).isEqualTo(ObservationType.AGENT);
        // An agent span repeats its model calls' usage: not counted, but kept.
        assertThat(planner.model()).isNull();
        assertThat(planner.usageDetails()).isEmpty();
        assertThat(planner.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "planner",
                "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_tokens", "500"));

        ObservationPatch weather = mapping.observations().get(1);
        assertThat(weather.type()).isEqualTo(ObservationType.TOOL);
        assertThat(weather.name()).isEqualTo("get_weather");
        assertThat(weather.input()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(weather.output()).isEqualTo("{\"temp\":21}");
        assertThat(weather.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gen_ai.operation.name", "execute_tool", "gen_ai.tool.call.id", "call_1", "gen_ai.tool.type", "function"));

        ObservationPatch embedding = mapping.observations().get(2);
        assertThat(embedding.type()).isEqualTo(ObservationType.EMBEDDING);
        assertThat(embedding.model()).isEqualTo("text-embedding-3-small");
        assertThat(embedding.usageDetails()).containsExactly(entry("input", 8L));
        assertThat(embedding.metadata()).containsExactly(entry("gen_ai.operation.name", "embeddings"));
    }

    @Test
    void otelGenAiDeprecatedMessageAndChoiceEvents() {
        var chat = span(ROOT_SPAN_ID, null, "chat gpt-3.5-turbo",
                attr("gen_ai.system", "openai"),
                attr("gen_ai.request.model", "gpt-3.5-turbo"),
                attr("gen_ai.usage.prompt_tokens", 20L),
                attr("gen_ai.usage.completion_tokens", 5L))
                .addEvents(event("gen_ai.system.message", attr("gen_ai.system", "openai"), attr("content", "You are helpful.")))
                .addEvents(event("gen_ai.user.message", attr("gen_ai.system", "openai"), attr("content", "Hi")))
                .addEvents(event("gen_ai.choice", attr("gen_ai.system", "openai"), attr("index", 0L),
                        attr("finish_reason", "stop"),
                        attr("message", kvlist(attr("role", "assistant"), attr("content", "Hello!")))))
                .addEvents(event("retry", attr("attempt", 1L)));

        ObservationPatch generation = observationOf("openllmetry", chat);

        assertThat(generation.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(generation.model()).isEqualTo("gpt-3.5-turbo");
        assertThat(generation.input())
                .isEqualTo("[{\"role\":\"system\",\"content\":\"You are helpful.\"},{\"role\":\"user\",\"content\":\"Hi\"}]");
        assertThat(generation.output())
                .isEqualTo("{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello!\"}}");
        assertThat(generation.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("input", 20L, "output", 5L));
        assertThat(generation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gen_ai.system", "openai",
                "otel.events", "[{\"name\":\"retry\",\"time\":\"2025-07-08T18:40:00.010Z\",\"attributes\":{\"attempt\":1}}]"));
    }

    @Test
    void openInferenceLlmSpan() {
        var llm = span(ROOT_SPAN_ID, null, "ChatCompletion",
                attr("openinference.span.kind", "LLM"),
                attr("llm.model_name", "gpt-4o-mini"),
                attr("llm.provider", "openai"),
                attr("llm.system", "openai"),
                attr("llm.invocation_parameters", "{\"temperature\": 0.1, \"max_tokens\": 100}"),
                attr("input.value", "{\"messages\": [{\"role\": \"user\", \"content\": \"Weather in Paris?\"}]}"),
                attr("input.mime_type", "application/json"),
                attr("output.value", "{\"choices\": []}"),
                attr("output.mime_type", "application/json"),
                attr("llm.input_messages.0.message.role", "system"),
                attr("llm.input_messages.0.message.content", "Be brief."),
                attr("llm.input_messages.1.message.role", "user"),
                attr("llm.input_messages.1.message.content", "Weather in Paris?"),
                attr("llm.output_messages.0.message.role", "assistant"),
                attr("llm.output_messages.0.message.tool_calls.0.tool_call.id", "call_1"),
                attr("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "get_weather"),
                attr("llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", "{\"city\": \"Paris\"}"),
                attr("llm.token_count.prompt", 40L),
                attr("llm.token_count.completion", 12L),
                attr("llm.token_count.total", 52L),
                attr("llm.token_count.prompt_details.cache_read", 8L),
                attr("llm.cost.total", 0.00042),
                attr("llm.tools.0.tool.json_schema", "{\"name\": \"get_weather\"}"),
                attr("session.id", "s-1"),
                attr("user.id", "u-1"),
                attr("metadata", "{\"experiment\": \"A\", \"rank\": 2}"),
                attr("tag.tags", strings("beta")));

        OtelMapping mapping = mapper().map(PROJECT, request("openinference.instrumentation.openai", llm));

        ObservationPatch generation = mapping.observations().get(0);
        assertThat(generation.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(generation.model()).isEqualTo("gpt-4o-mini");
        assertThat(generation.modelParameters()).isEqualTo("{\"temperature\":0.1,\"max_tokens\":100}");
        assertThat(generation.input()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]");
        assertThat(generation.output()).isEqualTo("[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]}]");
        assertThat(generation.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "input", 32L, "output", 12L, "total", 52L, "input_cached_tokens", 8L));
        assertThat(generation.costDetails().get("total")).isEqualByComparingTo("0.00042");
        assertThat(generation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "openinference.span.kind", "LLM", "llm.provider", "openai", "llm.system", "openai",
                "llm.tools.0.tool.json_schema", "{\"name\": \"get_weather\"}", "experiment", "A", "rank", "2"));

        TracePatch trace = traceOf(mapping);
        assertThat(trace.sessionId()).isEqualTo("s-1");
        assertThat(trace.userId()).isEqualTo("u-1");
        assertThat(trace.tags()).containsExactly("beta");
    }

    @Test
    void openInferenceChainToolRetrieverEmbeddingAndAgentSpans() {
        var chain = span(ROOT_SPAN_ID, null, "RunnableSequence",
                attr("openinference.span.kind", "CHAIN"),
                attr("input.value", "42"),
                attr("input.mime_type", "text/plain"),
                attr("output.value", "OpenTelemetry is a standard."),
                attr("output.mime_type", "text/plain"));
        var retriever = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "VectorStoreRetriever",
                attr("openinference.span.kind", "RETRIEVER"),
                attr("input.value", "What is OTel?"),
                attr("retrieval.documents.0.document.id", "d1"),
                attr("retrieval.documents.0.document.content", "OTel is a standard."),
                attr("retrieval.documents.0.document.score", 0.92),
                attr("retrieval.documents.1.document.id", "d2"),
                attr("retrieval.documents.1.document.content", "It has traces."),
                attr("retrieval.documents.1.document.score", 0.81));
        var embedding = span(THIRD_SPAN_ID, CHILD_SPAN_ID, "OpenAIEmbeddings",
                attr("openinference.span.kind", "EMBEDDING"),
                attr("embedding.model_name", "text-embedding-3-small"),
                attr("embedding.embeddings.0.embedding.text", "What is OTel?"));
        var tool = span(FOURTH_SPAN_ID, ROOT_SPAN_ID, "search_docs",
                attr("openinference.span.kind", "TOOL"),
                attr("tool.name", "search_docs"),
                attr("input.value", "{\"query\": \"otel\"}"),
                attr("input.mime_type", "application/json"),
                attr("output.value", "[\"doc\"]"));
        var agent = span(FIFTH_SPAN_ID, ROOT_SPAN_ID, "ResearchAgent",
                attr("openinference.span.kind", "AGENT"),
                attr("input.value", "Research OTel"),
                attr("output.value", "Done"));

        OtelMapping mapping = mapper().map(PROJECT, request("openinference.instrumentation.langchain",
                chain, retriever, embedding, tool, agent));

        List<ObservationPatch> o = mapping.observations();
        assertThat(o).extracting(ObservationPatch::type).containsExactly(ObservationType.CHAIN,
                ObservationType.RETRIEVER, ObservationType.EMBEDDING, ObservationType.TOOL, ObservationType.AGENT);
        // text/plain stays a string even when it parses as JSON.
        assertThat(o.get(0).input()).isEqualTo("\"42\"");
        assertThat(o.get(0).output()).isEqualTo("\"OpenTelemetry is a standard.\"");
        assertThat(o.get(0).metadata()).containsExactly(entry("openinference.span.kind", "CHAIN"));
        assertThat(o.get(1).input()).isEqualTo("\"What is OTel?\"");
        assertThat(o.get(1).output()).isEqualTo("[{\"id\":\"d1\",\"content\":\"OTel is a standard.\",\"score\":0.92},"
                + "{\"id\":\"d2\",\"content\":\"It has traces.\",\"score\":0.81}]");
        assertThat(o.get(1).metadata()).containsExactly(entry("openinference.span.kind", "RETRIEVER"));
        assertThat(o.get(2).model()).isEqualTo("text-embedding-3-small");
        assertThat(o.get(2).metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "openinference.span.kind", "EMBEDDING", "embedding.embeddings.0.embedding.text", "What is OTel?"));
        assertThat(o.get(3).name()).isEqualTo("search_docs");
        assertThat(o.get(3).input()).isEqualTo("{\"query\": \"otel\"}");
        assertThat(o.get(3).output()).isEqualTo("[\"doc\"]");
        assertThat(o.get(3).metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "openinference.span.kind", "TOOL", "tool.name", "search_docs"));
        assertThat(o.get(4).input()).isEqualTo("\"Research OTel\"");
        assertThat(o.get(4).output()).isEqualTo("\"Done\"");
    }

    @Test
    void vercelAiSdkGenerateTextAndDoGenerate() {
        var outer = span(ROOT_SPAN_ID, null, "ai.generateText",
                attr("operation.name", "ai.generateText my-fn"),
                attr("ai.operationId", "ai.generateText"),
                attr("ai.telemetry.functionId", "my-fn"),
                attr("ai.model.id", "gpt-4o-mini"),
                attr("ai.model.provider", "openai.chat"),
                attr("ai.prompt", "{\"prompt\":\"Hi\"}"),
                attr("ai.response.text", "Hello!"),
                attr("ai.usage.promptTokens", 10L),
                attr("ai.usage.completionTokens", 3L),
                attr("ai.settings.maxRetries", 2L),
                attr("ai.telemetry.metadata.userId", "u-2"),
                attr("ai.telemetry.metadata.sessionId", "s-2"),
                attr("ai.telemetry.metadata.tags", strings("vercel", "demo")),
                attr("ai.telemetry.metadata.plan", "pro"));
        var doGenerate = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "ai.generateText.doGenerate",
                attr("operation.name", "ai.generateText.doGenerate my-fn"),
                attr("ai.operationId", "ai.generateText.doGenerate"),
                attr("ai.telemetry.functionId", "my-fn"),
                attr("ai.model.id", "gpt-4o-mini"),
                attr("ai.model.provider", "openai.chat"),
                attr("ai.prompt.format", "messages"),
                attr("ai.prompt.messages", "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]"),
                attr("ai.prompt.toolChoice", "{\"type\":\"auto\"}"),
                attr("ai.settings.maxRetries", 2L),
                attr("ai.response.text", "Hello!"),
                attr("ai.response.finishReason", "stop"),
                attr("ai.response.id", "resp-1"),
                attr("ai.response.model", "gpt-4o-mini-2024-07-18"),
                attr("ai.response.providerMetadata", "{\"openai\":{\"cachedPromptTokens\":4,\"reasoningTokens\":0}}"),
                attr("ai.usage.promptTokens", 10L),
                attr("ai.usage.completionTokens", 3L),
                attr("gen_ai.system", "openai.chat"),
                attr("gen_ai.request.model", "gpt-4o-mini"),
                attr("gen_ai.request.temperature", 0.3),
                attr("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
                attr("gen_ai.response.finish_reasons", strings("stop")),
                attr("gen_ai.response.id", "resp-1"),
                attr("gen_ai.usage.input_tokens", 10L),
                attr("gen_ai.usage.output_tokens", 3L),
                attr("ai.telemetry.metadata.userId", "u-2"),
                attr("ai.telemetry.metadata.sessionId", "s-2"),
                attr("ai.telemetry.metadata.plan", "pro"));

        OtelMapping mapping = mapper().map(PROJECT, request("ai", outer, doGenerate));

        ObservationPatch root = mapping.observations().get(0);
        assertThat(root.type()).isEqualTo(ObservationType.SPAN);
        assertThat(root.name()).isEqualTo("my-fn:ai.generateText");
        assertThat(root.input()).isEqualTo("{\"prompt\":\"Hi\"}");
        assertThat(root.output()).isEqualTo("\"Hello!\"");
        assertThat(root.model()).isEqualTo("gpt-4o-mini");
        assertThat(root.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("input", 10L, "output", 3L));
        assertThat(root.modelParameters()).isEqualTo("{\"maxRetries\":2}");
        assertThat(root.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "plan", "pro", "operation.name", "ai.generateText my-fn", "ai.model.provider", "openai.chat"));

        ObservationPatch generation = mapping.observations().get(1);
        assertThat(generation.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(generation.name()).isEqualTo("my-fn:ai.generateText.doGenerate");
        assertThat(generation.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(generation.input()).isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]");
        assertThat(generation.output()).isEqualTo("\"Hello!\"");
        assertThat(generation.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "input", 6L, "output", 3L, "input_cached_tokens", 4L, "output_reasoning_tokens", 0L));
        assertThat(generation.modelParameters())
                .isEqualTo("{\"maxRetries\":2,\"temperature\":0.3,\"toolChoice\":\"{\\\"type\\\":\\\"auto\\\"}\"}");
        assertThat(generation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                entry("plan", "pro"),
                entry("operation.name", "ai.generateText.doGenerate my-fn"),
                entry("ai.model.id", "gpt-4o-mini"),
                entry("ai.model.provider", "openai.chat"),
                entry("ai.prompt.format", "messages"),
                entry("ai.response.finishReason", "stop"),
                entry("ai.response.id", "resp-1"),
                entry("ai.response.model", "gpt-4o-mini-2024-07-18"),
                entry("ai.response.providerMetadata", "{\"openai\":{\"cachedPromptTokens\":4,\"reasoningTokens\":0}}"),
                entry("gen_ai.system", "openai.chat"),
                entry("gen_ai.request.model", "gpt-4o-mini"),
                entry("gen_ai.response.finish_reasons", "[\"stop\"]"),
                entry("gen_ai.response.id", "resp-1")));

        assertThat(mapping.traces()).hasSize(2);
        TracePatch fromRoot = mapping.traces().get(0);
        assertThat(fromRoot.name()).isEqualTo("my-fn:ai.generateText");
        assertThat(fromRoot.userId()).isEqualTo("u-2");
        assertThat(fromRoot.sessionId()).isEqualTo("s-2");
        assertThat(fromRoot.tags()).containsExactly("vercel", "demo");
        TracePatch fromChild = mapping.traces().get(1);
        assertThat(fromChild.name()).isNull();
        assertThat(fromChild.userId()).isEqualTo("u-2");
        assertThat(fromChild.sessionId()).isEqualTo("s-2");
    }

    @Test
    void vercelAiSdkDoStreamAndToolCall() {
        var doStream = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "ai.streamText.doStream",
                attr("operation.name", "ai.streamText.doStream"),
                attr("ai.operationId", "ai.streamText.doStream"),
                attr("ai.model.id", "claude-3-5-haiku"),
                attr("ai.response.msToFirstChunk", 123.4),
                attr("ai.response.text", "Let me check."),
                attr("ai.response.toolCalls", "[{\"toolCallId\":\"call_1\",\"toolName\":\"weather\",\"args\":\"{}\"}]"),
                attr("ai.usage.inputTokens", 500L),
                attr("ai.usage.outputTokens", 20L),
                attr("ai.usage.totalTokens", 520L),
                attr("ai.usage.cachedInputTokens", 10L),
                attr("ai.usage.reasoningTokens", 5L),
                attr("ai.response.providerMetadata", "{\"anthropic\":{\"usage\":{\"cache_creation_input_tokens\":100,"
                        + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":60,\"ephemeral_1h_input_tokens\":40}}}}"));
        var toolCall = span(THIRD_SPAN_ID, ROOT_SPAN_ID, "ai.toolCall",
                attr("operation.name", "ai.toolCall my-fn"),
                attr("ai.operationId", "ai.toolCall"),
                attr("ai.toolCall.name", "weather"),
                attr("ai.toolCall.id", "call_1"),
                attr("ai.toolCall.args", "{\"city\":\"Paris\"}"),
                attr("ai.toolCall.result", "{\"temp\":21}"));

        OtelMapping mapping = mapper().map(PROJECT, request("ai", doStream, toolCall));

        ObservationPatch stream = mapping.observations().get(0);
        assertThat(stream.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(stream.name()).isEqualTo("ai.streamText.doStream");
        assertThat(stream.completionStartTime()).isEqualTo(START.plusMillis(124));
        assertThat(stream.output()).isEqualTo("{\"role\":\"assistant\",\"content\":\"Let me check.\",\"tool_calls\":"
                + "[{\"toolCallId\":\"call_1\",\"toolName\":\"weather\",\"args\":\"{}\"}]}");
        assertThat(stream.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "input", 390L, "output", 15L, "total", 520L, "input_cached_tokens", 10L, "output_reasoning_tokens", 5L,
                "input_cache_creation", 0L, "input_cache_creation_5m", 60L, "input_cache_creation_1h", 40L));

        ObservationPatch tool = mapping.observations().get(1);
        assertThat(tool.type()).isEqualTo(ObservationType.TOOL);
        assertThat(tool.name()).isEqualTo("weather");
        assertThat(tool.input()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(tool.output()).isEqualTo("{\"temp\":21}");
        assertThat(tool.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "operation.name", "ai.toolCall my-fn", "ai.operationId", "ai.toolCall", "ai.toolCall.id", "call_1"));

        // Neither span is a root nor says anything about the trace: one minimal patch keeps the trace.
        TracePatch trace = traceOf(mapping);
        assertThat(trace.name()).isNull();
        assertThat(trace.timestamp()).isEqualTo(START);
        assertThat(trace.environment()).isEqualTo("default");
    }

    @Test
    void traceloopWorkflowToolAndLlmSpans() {
        var workflow = span(ROOT_SPAN_ID, null, "joke_workflow.workflow",
                attr("traceloop.span.kind", "workflow"),
                attr("traceloop.entity.name", "joke_workflow"),
                attr("traceloop.workflow.name", "joke_workflow"),
                attr("traceloop.entity.input", "{\"args\": [], \"kwargs\": {\"topic\": \"otel\"}}"),
                attr("traceloop.entity.output", "\"a joke\""),
                attr("traceloop.association.properties.user_id", "u-5"));
        var tool = span(CHILD_SPAN_ID, ROOT_SPAN_ID, "lookup.tool",
                attr("traceloop.span.kind", "tool"),
                attr("traceloop.entity.name", "lookup"));
        var llm = span(THIRD_SPAN_ID, ROOT_SPAN_ID, "openai.chat",
                attr("llm.request.type", "chat"),
                attr("gen_ai.system", "OpenAI"),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.response.model", "gpt-4o-2024-08-06"),
                attr("gen_ai.request.temperature", 0.7),
                attr("llm.is_streaming", false),
                attr("gen_ai.prompt.0.role", "system"),
                attr("gen_ai.prompt.0.content", "You are funny"),
                attr("gen_ai.prompt.1.role", "user"),
                attr("gen_ai.prompt.1.content", "Tell a joke"),
                attr("gen_ai.completion.0.role", "assistant"),
                attr("gen_ai.completion.0.content", "Why did the span cross the road?"),
                attr("gen_ai.completion.0.finish_reason", "stop"),
                attr("gen_ai.usage.prompt_tokens", 15L),
                attr("gen_ai.usage.completion_tokens", 9L),
                attr("llm.usage.total_tokens", 24L),
                attr("gen_ai.usage.cache_read_input_tokens", 0L),
                attr("llm.request.functions.0.name", "get_joke"));

        OtelMapping mapping = mapper().map(PROJECT, request("opentelemetry.instrumentation.openai.v1", workflow, tool, llm));

        ObservationPatch root = mapping.observations().get(0);
        assertThat(root.type()).isEqualTo(ObservationType.SPAN);
        assertThat(root.input()).isEqualTo("{\"args\": [], \"kwargs\": {\"topic\": \"otel\"}}");
        assertThat(root.output()).isEqualTo("\"a joke\"");
        assertThat(root.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "traceloop.span.kind", "workflow", "traceloop.entity.name", "joke_workflow",
                "traceloop.workflow.name", "joke_workflow", "traceloop.association.properties.user_id", "u-5"));
        assertThat(mapping.observations().get(1).type()).isEqualTo(ObservationType.TOOL);

        ObservationPatch generation = mapping.observations().get(2);
        assertThat(generation.type()).isEqualTo(ObservationType.GENERATION);
        assertThat(generation.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(generation.input()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"You are funny\"},{\"role\":\"user\",\"content\":\"Tell a joke\"}]");
        assertThat(generation.output()).isEqualTo(
                "[{\"role\":\"assistant\",\"content\":\"Why did the span cross the road?\",\"finish_reason\":\"stop\"}]");
        assertThat(generation.usageDetails()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "input", 15L, "output", 9L, "total", 24L, "input_cached_tokens", 0L));
        assertThat(generation.modelParameters()).isEqualTo("{\"temperature\":0.7}");
        assertThat(generation.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "llm.request.type", "chat", "gen_ai.system", "OpenAI", "gen_ai.request.model", "gpt-4o",
                "llm.is_streaming", "false", "llm.request.functions.0.name", "get_joke"));
    }

    @Test
    void evaluationResultEventsBecomeScores() {
        var chat = span(ROOT_SPAN_ID, null, "chat",
                attr("gen_ai.operation.name", "chat"))
                .addEvents(event("gen_ai.evaluation.result", attr("gen_ai.evaluation.name", "relevance"),
                        attr("gen_ai.evaluation.score.value", 0.8), attr("gen_ai.evaluation.score.label", "relevant"),
                        attr("gen_ai.evaluation.explanation", "On topic."), attr("gen_ai.response.id", "chatcmpl-1")))
                .addEvents(event("gen_ai.evaluation.result", attr("gen_ai.evaluation.name", "tone"),
                        attr("gen_ai.evaluation.score.label", "polite")))
                .addEvents(event("gen_ai.evaluation.result", attr("gen_ai.evaluation.score.value", 1.0)));

        OtelMapping mapping = mapper().map(PROJECT, request("evals", chat));

        assertThat(mapping.scores()).hasSize(2);
        var relevance = mapping.scores().get(0);
        assertThat(relevance.projectId()).isEqualTo(PROJECT);
        assertThat(relevance.name()).isEqualTo("relevance");
        assertThat(relevance.value()).isEqualTo(0.8);
        assertThat(relevance.stringValue()).isNull();
        assertThat(relevance.dataType()).isEqualTo(ScoreDataType.NUMERIC);
        assertThat(relevance.source()).isEqualTo(ScoreSource.API);
        assertThat(relevance.comment()).isEqualTo("On topic.");
        assertThat(relevance.traceId()).isEqualTo(TRACE_ID);
        assertThat(relevance.observationId()).isEqualTo(ROOT_SPAN_ID);
        assertThat(relevance.timestamp()).isEqualTo(START.plusMillis(10));
        assertThat(relevance.environment()).isEqualTo("default");
        assertThat(relevance.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gen_ai.response.id", "chatcmpl-1", "gen_ai.evaluation.score.label", "relevant"));
        var tone = mapping.scores().get(1);
        assertThat(tone.dataType()).isEqualTo(ScoreDataType.CATEGORICAL);
        assertThat(tone.stringValue()).isEqualTo("polite");
        assertThat(tone.id()).isNotEqualTo(relevance.id());
        // Same span sent again: same score ids, so a retry replaces instead of duplicating.
        assertThat(mapper().map(PROJECT, request("evals", chat)).scores())
                .extracting(ScoreRow::id).containsExactly(relevance.id(), tone.id());
        // The nameless result is no score; it stays with the span.
        assertThat(mapping.observations().get(0).metadata().get("otel.events")).contains("gen_ai.evaluation.result");
    }

    @Test
    void anEvaluationWhoseValueIsNotAFiniteNumberStaysWithTheSpan() {
        var chat = span(ROOT_SPAN_ID, null, "chat")
                .addEvents(event("gen_ai.evaluation.result", attr("gen_ai.evaluation.name", "overflow"),
                        attr("gen_ai.evaluation.score.value", "1e400")));

        OtelMapping mapping = mapper().map(PROJECT, request("evals", chat));

        assertThat(mapping.scores()).isEmpty();
        assertThat(mapping.observations().get(0).metadata().get("otel.events")).contains("overflow").contains("1e400");
    }

    @Test
    void costFromOpenInferenceParts() {
        ObservationPatch generation = observationOf("oi", span(ROOT_SPAN_ID, null, "llm",
                attr("llm.model_name", "m"), attr("llm.cost.prompt", 0.001), attr("llm.cost.completion", 0.002),
                attr("llm.cost.total", 0.003)));

        assertThat(generation.costDetails()).containsOnlyKeys("input", "output", "total");
        assertThat(generation.costDetails().get("total")).isEqualByComparingTo(new BigDecimal("0.003"));
        assertThat(generation.metadata()).isEmpty();
    }
}
