package io.glasshouse.bench;

import static io.glasshouse.bench.LangfuseBatchEncoding.event;
import static io.glasshouse.bench.LangfuseBatchEncoding.iso;
import static io.glasshouse.bench.LangfuseBatchEncoding.openAiMessage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.bench.SessionTraffic.Document;
import io.glasshouse.bench.SessionTraffic.Score;
import io.glasshouse.bench.SessionTraffic.Step;
import io.glasshouse.bench.SessionTraffic.Trace;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Session traces as a Langfuse SDK's batch ({@code POST /api/public/ingestion}): a
 * {@code trace-create} per turn, {@code agent-/chain-/generation-/tool-/retriever-/embedding-create}
 * per step (failed steps with level ERROR and a status message), and a {@code score-create} per score.
 */
final class SessionBatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionBatch() {}

    static byte[] body(List<Trace> traces) {
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode batch = envelope.putArray("batch");
        for (Trace trace : traces) {
            Step root = trace.root();
            ObjectNode body = event(batch, trace.traceId(), "trace-create", root.startNanos());
            body.put("id", trace.traceId()).put("timestamp", iso(root.startNanos()))
                    .put("name", root.type() == SessionTraffic.StepType.AGENT ? "support-agent" : "rag-chat")
                    .put("userId", trace.userId()).put("sessionId", trace.sessionId())
                    .put("release", "3.2.0").put("environment", "production");
            body.put("input", root.query());
            if (root.output() != null) {
                body.put("output", root.output().text());
            }
            body.putObject("metadata").put("turn", trace.turn());
            for (Step step : trace.steps()) {
                observation(batch, trace, step);
            }
            for (Score score : trace.scores()) {
                ObjectNode scoreBody = event(batch, score.id(), "score-create", root.endNanos());
                scoreBody.put("id", score.id()).put("traceId", trace.traceId()).put("name", score.name())
                        .put("value", score.value()).put("dataType", "NUMERIC").put("environment", "production");
            }
        }
        envelope.putObject("metadata").put("sdk_name", "python").put("sdk_version", "3.8.1").put("batch_size", batch.size());
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void observation(ArrayNode batch, Trace trace, Step step) {
        String type = switch (step.type()) {
            case AGENT -> "agent-create";
            case CHAIN -> "chain-create";
            case GENERATION -> "generation-create";
            case TOOL -> "tool-create";
            case RETRIEVER -> "retriever-create";
            case EMBEDDING -> "embedding-create";
        };
        ObjectNode body = event(batch, step.spanId(), type, step.endNanos());
        body.put("id", step.spanId()).put("traceId", trace.traceId()).put("name", step.name())
                .put("startTime", iso(step.startNanos())).put("endTime", iso(step.endNanos())).put("environment", "production");
        if (step.parentId() != null) {
            body.put("parentObservationId", step.parentId());
        }
        if (step.error() != null) {
            body.put("level", "ERROR").put("statusMessage", step.error());
        }
        switch (step.type()) {
            case AGENT, CHAIN -> {
                body.put("input", step.query());
                if (step.output() != null) {
                    body.put("output", step.output().text());
                }
            }
            case GENERATION -> {
                body.put("model", step.model());
                ArrayNode input = body.putArray("input");
                input.addObject().put("role", "system").put("content", step.systemPrompt());
                step.input().forEach(message -> input.add(openAiMessage(message)));
                if (step.output() != null) {
                    body.set("output", openAiMessage(step.output()));
                }
                body.putObject("usageDetails").put("input", step.inputTokens()).put("output", step.outputTokens());
                body.putObject("metadata").put("provider", step.provider());
            }
            case TOOL -> {
                body.set("input", OtlpEncoding.parse(step.toolCall().argumentsJson()));
                body.set("output", OtlpEncoding.parse(step.toolResult()));
                body.putObject("metadata").put("tool_call_id", step.toolCall().id());
            }
            case RETRIEVER -> {
                body.put("input", step.query());
                ArrayNode documents = body.putArray("output");
                for (Document document : step.documents()) {
                    documents.addObject().put("id", document.id()).put("score", document.score()).put("content", document.text());
                }
            }
            case EMBEDDING -> {
                body.put("model", step.model()).put("input", step.query());
                body.putObject("usageDetails").put("input", step.inputTokens());
                body.putObject("metadata").put("dimensions", 1536);
            }
        }
    }
}
