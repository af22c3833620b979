package io.glasshouse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.glasshouse.bench.GenAiTraffic.Message;
import io.glasshouse.bench.GenAiTraffic.ToolCall;
import io.glasshouse.bench.SessionTraffic.Document;
import io.glasshouse.bench.SessionTraffic.Step;
import io.glasshouse.bench.SessionTraffic.Trace;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.List;

/**
 * Session traces as OTLP: GenAI semantic-convention attributes ({@code gen_ai.*}, message
 * histories as JSON) plus {@code openinference.span.kind}, so Phoenix files the spans under its
 * kinds as it does for OpenInference instrumentations; retrieved documents use OpenInference's
 * flattened {@code retrieval.documents.N.document.*} keys. Failed steps have status ERROR and an
 * {@code exception} event. Embedding vectors are not exported (most instrumentations leave them out).
 */
final class SessionOtlp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Resource RESOURCE = Resource.newBuilder()
            .addAttributes(text("service.name", "support-assistant"))
            .addAttributes(text("service.version", "3.2.0"))
            .addAttributes(text("deployment.environment.name", "production"))
            .addAttributes(text("telemetry.sdk.language", "python"))
            .addAttributes(text("telemetry.sdk.name", "opentelemetry"))
            .addAttributes(text("telemetry.sdk.version", "1.38.0"))
            .build();
    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder()
            .setName("opentelemetry.instrumentation.openai_v2").setVersion("2.1b0").build();

    private SessionOtlp() {}

    static ExportTraceServiceRequest request(List<Trace> traces) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(SCOPE);
        for (Trace trace : traces) {
            for (Step step : trace.steps()) {
                scope.addSpans(span(trace, step));
            }
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(RESOURCE).addScopeSpans(scope))
                .build();
    }

    private static Span span(Trace trace, Step step) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HEX.parseHex(trace.traceId())))
                .setSpanId(ByteString.copyFrom(HEX.parseHex(step.spanId())))
                .setName(step.name())
                .setStartTimeUnixNano(step.startNanos())
                .setEndTimeUnixNano(step.endNanos())
                .setKind(step.type() == SessionTraffic.StepType.GENERATION || step.type() == SessionTraffic.StepType.EMBEDDING
                        ? Span.SpanKind.SPAN_KIND_CLIENT : Span.SpanKind.SPAN_KIND_INTERNAL);
        if (step.parentId() != null) {
            span.setParentSpanId(ByteString.copyFrom(HEX.parseHex(step.parentId())));
        }
        if (step.error() == null) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
        } else {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(step.error()));
            span.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(step.endNanos())
                    .addAttributes(text("exception.type", "APIError")).addAttributes(text("exception.message", step.error())));
        }
        span.addAttributes(text("session.id", trace.sessionId())).addAttributes(text("user.id", trace.userId()));
        switch (step.type()) {
            case AGENT, CHAIN -> {
                span.addAttributes(text("openinference.span.kind", step.type().name()))
                        .addAttributes(text("gen_ai.conversation.id", trace.sessionId()))
                        .addAttributes(text("input.value", step.query()));
                if (step.type() == SessionTraffic.StepType.AGENT) {
                    span.addAttributes(text("gen_ai.operation.name", "invoke_agent"))
                            .addAttributes(text("gen_ai.agent.name", "support-agent"));
                }
                if (step.output() != null) {
                    span.addAttributes(text("output.value", step.output().text()));
                }
            }
            case GENERATION -> {
                span.addAttributes(text("openinference.span.kind", "LLM"))
                        .addAttributes(text("gen_ai.operation.name", "chat"))
                        .addAttributes(text("gen_ai.provider.name", step.provider()))
                        .addAttributes(text("gen_ai.request.model", step.model()))
                        .addAttributes(text("gen_ai.conversation.id", trace.sessionId()))
                        .addAttributes(integer("gen_ai.usage.input_tokens", step.inputTokens()))
                        .addAttributes(text("gen_ai.system_instructions", systemInstructions(step.systemPrompt())))
                        .addAttributes(text("gen_ai.input.messages", messages(step.input())));
                if (step.output() != null) {
                    span.addAttributes(text("gen_ai.response.model", step.model()))
                            .addAttributes(integer("gen_ai.usage.output_tokens", step.outputTokens()))
                            .addAttributes(text("gen_ai.output.messages", messages(List.of(step.output()))));
                }
            }
            case TOOL -> span.addAttributes(text("openinference.span.kind", "TOOL"))
                    .addAttributes(text("gen_ai.operation.name", "execute_tool"))
                    .addAttributes(text("gen_ai.tool.name", step.toolCall().name()))
                    .addAttributes(text("gen_ai.tool.call.id", step.toolCall().id()))
                    .addAttributes(text("gen_ai.tool.call.arguments", step.toolCall().argumentsJson()))
                    .addAttributes(text("gen_ai.tool.call.result", step.toolResult()));
            case RETRIEVER -> {
                span.addAttributes(text("openinference.span.kind", "RETRIEVER"))
                        .addAttributes(text("input.value", step.query()));
                List<Document> documents = step.documents();
                for (int i = 0; i < documents.size(); i++) {
                    String prefix = "retrieval.documents." + i + ".document.";
                    span.addAttributes(text(prefix + "id", documents.get(i).id()))
                            .addAttributes(number(prefix + "score", documents.get(i).score()))
                            .addAttributes(text(prefix + "content", documents.get(i).text()));
                }
            }
            case EMBEDDING -> span.addAttributes(text("openinference.span.kind", "EMBEDDING"))
                    .addAttributes(text("gen_ai.operation.name", "embeddings"))
                    .addAttributes(text("gen_ai.provider.name", step.provider()))
                    .addAttributes(text("gen_ai.request.model", step.model()))
                    .addAttributes(integer("gen_ai.embeddings.dimension.count", 1536))
                    .addAttributes(integer("gen_ai.usage.input_tokens", step.inputTokens()))
                    .addAttributes(text("embedding.embeddings.0.embedding.text", step.query()));
        }
        return span.build();
    }

    private static String systemInstructions(String prompt) {
        ArrayNode parts = JSON.createArrayNode();
        parts.addObject().put("type", "text").put("content", prompt);
        return parts.toString();
    }

    /** GenAI semantic-convention messages: role and typed parts. */
    static String messages(List<Message> messages) {
        ArrayNode array = JSON.createArrayNode();
        for (Message message : messages) {
            ObjectNode json = array.addObject().put("role", message.role());
            ArrayNode parts = json.putArray("parts");
            if (message.toolCallId() != null) {
                parts.addObject().put("type", "tool_call_response").put("id", message.toolCallId()).put("response", message.text());
                continue;
            }
            if (message.text() != null) {
                parts.addObject().put("type", "text").put("content", message.text());
            }
            for (ToolCall call : message.toolCalls()) {
                parts.addObject().put("type", "tool_call").put("id", call.id()).put("name", call.name())
                        .set("arguments", OtlpEncoding.parse(call.argumentsJson()));
            }
        }
        return array.toString();
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
