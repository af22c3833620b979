package io.glasshouse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.glasshouse.bench.GenAiTraffic.Message;
import io.glasshouse.bench.GenAiTraffic.Run;
import io.glasshouse.bench.GenAiTraffic.Span;
import io.glasshouse.bench.GenAiTraffic.ToolCall;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs as an OpenTelemetry GenAI instrumentation exports them: one ResourceSpans per request (one
 * service), spans with the {@code gen_ai.*} semantic-convention attributes, message histories as
 * JSON in {@code gen_ai.input.messages} / {@code gen_ai.output.messages} and the system prompt in
 * {@code gen_ai.system_instructions}.
 */
final class OtlpEncoding {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Resource RESOURCE = Resource.newBuilder()
            .addAttributes(text("service.name", "support-agent"))
            .addAttributes(text("service.version", "2.14.0"))
            .addAttributes(text("deployment.environment.name", "production"))
            .addAttributes(text("telemetry.sdk.language", "python"))
            .addAttributes(text("telemetry.sdk.name", "opentelemetry"))
            .addAttributes(text("telemetry.sdk.version", "1.38.0"))
            .addAttributes(text("host.name", "agent-7c9f6d5b8-x2kqp"))
            .build();
    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder()
            .setName("opentelemetry.instrumentation.openai_v2")
            .setVersion("2.1b0")
            .build();

    private OtlpEncoding() {}

    static ExportTraceServiceRequest request(List<Run> runs) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(SCOPE);
        for (Run run : runs) {
            for (Span span : run.spans()) {
                scope.addSpans(span(run, span));
            }
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(RESOURCE).addScopeSpans(scope))
                .build();
    }

    private static io.opentelemetry.proto.trace.v1.Span span(Run run, Span span) {
        var builder = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HEX.parseHex(span.traceId())))
                .setSpanId(ByteString.copyFrom(HEX.parseHex(span.spanId())))
                .setName(span.name())
                .setStartTimeUnixNano(span.startEpochNanos())
                .setEndTimeUnixNano(span.endEpochNanos())
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
        if (span.parentSpanId() != null) {
            builder.setParentSpanId(ByteString.copyFrom(HEX.parseHex(span.parentSpanId())));
        }
        switch (span.kind()) {
            case AGENT -> builder.setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL)
                    .addAttributes(text("gen_ai.operation.name", "invoke_agent"))
                    .addAttributes(text("gen_ai.agent.name", "support-agent"))
                    .addAttributes(text("gen_ai.agent.id", "agent_support_v2"))
                    .addAttributes(text("gen_ai.conversation.id", run.sessionId()))
                    .addAttributes(text("user.id", run.userId()))
                    .addAttributes(text("gen_ai.input.messages", messages(span.input())))
                    .addAttributes(text("gen_ai.output.messages", messages(List.of(span.output()))));
            case GENERATION -> builder.setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT)
                    .addAttributes(text("gen_ai.operation.name", "chat"))
                    .addAttributes(text("gen_ai.provider.name", span.provider()))
                    .addAttributes(text("gen_ai.request.model", span.model()))
                    .addAttributes(text("gen_ai.response.model", span.model()))
                    .addAttributes(number("gen_ai.request.temperature", span.temperature()))
                    .addAttributes(integer("gen_ai.request.max_tokens", span.maxTokens()))
                    .addAttributes(text("gen_ai.response.id", span.responseId()))
                    .addAttributes(KeyValue.newBuilder().setKey("gen_ai.response.finish_reasons")
                            .setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                    .addValues(AnyValue.newBuilder().setStringValue(finishReason(span.output()))))))
                    .addAttributes(integer("gen_ai.usage.input_tokens", span.inputTokens()))
                    .addAttributes(integer("gen_ai.usage.output_tokens", span.outputTokens()))
                    .addAttributes(text("gen_ai.conversation.id", run.sessionId()))
                    .addAttributes(text("server.address", span.provider().equals("openai") ? "api.openai.com" : "api.anthropic.com"))
                    .addAttributes(text("gen_ai.system_instructions", systemInstructions(span.systemPrompt())))
                    .addAttributes(text("gen_ai.input.messages", messages(span.input())))
                    .addAttributes(text("gen_ai.output.messages", messages(List.of(span.output()))));
            case TOOL -> builder.setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL)
                    .addAttributes(text("gen_ai.operation.name", "execute_tool"))
                    .addAttributes(text("gen_ai.tool.name", span.toolCall().name()))
                    .addAttributes(text("gen_ai.tool.call.id", span.toolCall().id()))
                    .addAttributes(text("gen_ai.tool.type", "function"))
                    .addAttributes(text("gen_ai.tool.call.arguments", span.toolCall().argumentsJson()))
                    .addAttributes(text("gen_ai.tool.call.result", span.toolResult()));
        }
        return builder.build();
    }

    static String finishReason(Message output) {
        return output.toolCalls().isEmpty() ? "stop" : "tool_call";
    }

    private static String systemInstructions(String prompt) {
        ArrayNode parts = JSON.createArrayNode();
        parts.addObject().put("type", "text").put("content", prompt);
        return parts.toString();
    }

    /** GenAI semantic-convention messages: role and typed parts. */
    private static String messages(List<Message> messages) {
        ArrayNode array = JSON.createArrayNode();
        for (Message message : messages) {
            ObjectNode json = array.addObject().put("role", message.role());
            ArrayNode parts = json.putArray("parts");
            if (message.toolCallId() != null) {
                parts.addObject().put("type", "tool_call_response").put("id", message.toolCallId())
                        .put("response", message.text());
                continue;
            }
            if (message.text() != null) {
                parts.addObject().put("type", "text").put("content", message.text());
            }
            for (ToolCall call : message.toolCalls()) {
                ObjectNode part = parts.addObject().put("type", "tool_call").put("id", call.id()).put("name", call.name());
                part.set("arguments", parse(call.argumentsJson()));
            }
            if (message.role().equals("assistant")) {
                json.put("finish_reason", finishReason(message));
            }
        }
        return array.toString();
    }

    static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static KeyValue number(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }
}
