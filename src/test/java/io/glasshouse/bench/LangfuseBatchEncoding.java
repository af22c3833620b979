package io.glasshouse.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.bench.GenAiTraffic.Message;
import io.glasshouse.bench.GenAiTraffic.Run;
import io.glasshouse.bench.GenAiTraffic.Span;
import io.glasshouse.bench.GenAiTraffic.ToolCall;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Runs as a Langfuse SDK's batch ingestion sends them ({@code POST /api/public/ingestion}): per
 * run a {@code trace-create}, an {@code agent-create} for the root, a {@code generation-create}
 * per chat call (model, model parameters, usage details, OpenAI-style message history as input,
 * the assistant message as output) and a {@code tool-create} per tool call.
 */
final class LangfuseBatchEncoding {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LangfuseBatchEncoding() {}

    static byte[] body(List<Run> runs) {
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode batch = envelope.putArray("batch");
        for (Run run : runs) {
            Span root = run.root();
            ObjectNode trace = event(batch, run.traceId(), "trace-create", root.startEpochNanos());
            trace.put("id", run.traceId())
                    .put("timestamp", iso(root.startEpochNanos()))
                    .put("name", "support-agent")
                    .put("userId", run.userId())
                    .put("sessionId", run.sessionId())
                    .put("release", "2.14.0")
                    .put("environment", "production");
            trace.set("input", openAiMessage(root.input().getFirst()));
            trace.set("output", openAiMessage(root.output()));
            trace.putArray("tags").add("support").add("agent");
            trace.putObject("metadata").put("channel", "web").put("agent_version", "support_v2");
            for (Span span : run.spans()) {
                observation(batch, run, span);
            }
        }
        envelope.putObject("metadata").put("sdk_name", "python").put("sdk_version", "2.60.3")
                .put("batch_size", batch.size());
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void observation(ArrayNode batch, Run run, Span span) {
        String type = switch (span.kind()) {
            case AGENT -> "agent-create";
            case GENERATION -> "generation-create";
            case TOOL -> "tool-create";
        };
        ObjectNode body = event(batch, span.spanId(), type, span.endEpochNanos());
        body.put("id", span.spanId())
                .put("traceId", run.traceId())
                .put("name", span.name())
                .put("startTime", iso(span.startEpochNanos()))
                .put("endTime", iso(span.endEpochNanos()))
                .put("environment", "production");
        if (span.parentSpanId() != null) {
            body.put("parentObservationId", span.parentSpanId());
        }
        switch (span.kind()) {
            case AGENT -> {
                body.set("input", openAiMessage(span.input().getFirst()));
                body.set("output", openAiMessage(span.output()));
                body.putObject("metadata").put("agent_id", "agent_support_v2");
            }
            case GENERATION -> {
                body.put("completionStartTime", iso(span.startEpochNanos() + (span.endEpochNanos() - span.startEpochNanos()) / 5))
                        .put("model", span.model());
                body.putObject("modelParameters").put("temperature", span.temperature()).put("max_tokens", span.maxTokens());
                ArrayNode input = body.putArray("input");
                input.addObject().put("role", "system").put("content", span.systemPrompt());
                span.input().forEach(message -> input.add(openAiMessage(message)));
                body.set("output", openAiMessage(span.output()));
                body.putObject("usageDetails").put("input", span.inputTokens()).put("output", span.outputTokens())
                        .put("total", span.inputTokens() + span.outputTokens());
                body.putObject("metadata").put("provider", span.provider()).put("response_id", span.responseId())
                        .put("finish_reason", OtlpEncoding.finishReason(span.output()));
            }
            case TOOL -> {
                body.set("input", OtlpEncoding.parse(span.toolCall().argumentsJson()));
                body.set("output", OtlpEncoding.parse(span.toolResult()));
                body.putObject("metadata").put("tool_call_id", span.toolCall().id());
            }
        }
    }

    // The envelope; returns the body to fill. Envelope ids are deterministic, so re-runs are comparable.
    static ObjectNode event(ArrayNode batch, String entityId, String type, long epochNanos) {
        ObjectNode event = batch.addObject();
        event.put("id", type + "-" + entityId).put("type", type).put("timestamp", iso(epochNanos));
        return event.putObject("body");
    }

    /** OpenAI chat format, as Langfuse's OpenAI integration records it. */
    static ObjectNode openAiMessage(Message message) {
        ObjectNode json = JSON.createObjectNode().put("role", message.role());
        if (message.text() == null) {
            json.putNull("content");
        } else {
            json.put("content", message.text());
        }
        if (message.toolCallId() != null) {
            json.put("tool_call_id", message.toolCallId());
        }
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = json.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                ObjectNode function = calls.addObject().put("id", call.id()).put("type", "function").putObject("function");
                function.put("name", call.name()).put("arguments", call.argumentsJson());
            }
        }
        return json;
    }

    static String iso(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos).toString();
    }
}
