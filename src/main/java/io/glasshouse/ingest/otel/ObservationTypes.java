package io.glasshouse.ingest.otel;

import io.glasshouse.model.ObservationType;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Infers the observation type of a span, first match wins, in Langfuse's order
 * (ObservationTypeMapper.ts):
 * <ol start="0">
 *   <li>Langfuse Python SDK up to 3.3 marked generations as {@code span}: a span-typed
 *       {@code langfuse-sdk} span with generation attributes is a GENERATION;
 *   <li>{@code langfuse.observation.type};
 *   <li>{@code openinference.span.kind};
 *   <li>{@code gen_ai.operation.name};
 *   <li>Genkit {@code genkit:metadata:subtype};
 *   <li>Vercel AI SDK {@code ai.*.doGenerate}/{@code doStream}/{@code doEmbed} with a model;
 *   <li>Vercel AI SDK {@code ai.toolCall};
 *   <li>{@code gen_ai.tool.name} or {@code gen_ai.tool.call.id};
 *   <li>(ours) Traceloop {@code traceloop.span.kind} tool or agent;
 *   <li>any model attribute: GENERATION;
 * </ol>
 * otherwise SPAN. Only {@code langfuse.observation.type} is consumed: the other hints carry more
 * than the type (chat versus text_completion, RERANKER, workflow) and stay in metadata.
 */
final class ObservationTypes {
    static final String LANGFUSE_TYPE = "langfuse.observation.type";

    private static final Map<String, ObservationType> LANGFUSE = Map.of(
            "span", ObservationType.SPAN, "generation", ObservationType.GENERATION,
            "event", ObservationType.EVENT, "embedding", ObservationType.EMBEDDING,
            "agent", ObservationType.AGENT, "tool", ObservationType.TOOL,
            "chain", ObservationType.CHAIN, "retriever", ObservationType.RETRIEVER,
            "guardrail", ObservationType.GUARDRAIL, "evaluator", ObservationType.EVALUATOR);
    private static final Map<String, ObservationType> OPENINFERENCE = Map.of(
            "CHAIN", ObservationType.CHAIN, "RETRIEVER", ObservationType.RETRIEVER,
            "LLM", ObservationType.GENERATION, "EMBEDDING", ObservationType.EMBEDDING,
            "AGENT", ObservationType.AGENT, "TOOL", ObservationType.TOOL,
            "GUARDRAIL", ObservationType.GUARDRAIL, "EVALUATOR", ObservationType.EVALUATOR);
    private static final Map<String, ObservationType> GEN_AI_OPERATION = Map.of(
            "chat", ObservationType.GENERATION, "completion", ObservationType.GENERATION,
            "text_completion", ObservationType.GENERATION, "generate_content", ObservationType.GENERATION,
            "generate", ObservationType.GENERATION, "embeddings", ObservationType.EMBEDDING,
            "invoke_agent", ObservationType.AGENT, "create_agent", ObservationType.AGENT,
            "execute_tool", ObservationType.TOOL);
    private static final Map<String, ObservationType> GENKIT = Map.of(
            "model", ObservationType.GENERATION, "background-model", ObservationType.GENERATION,
            "embedder", ObservationType.EMBEDDING, "tool", ObservationType.TOOL,
            "tool.v2", ObservationType.TOOL, "retriever", ObservationType.RETRIEVER,
            "evaluator", ObservationType.EVALUATOR);
    private static final Map<String, ObservationType> TRACELOOP = Map.of(
            "tool", ObservationType.TOOL, "agent", ObservationType.AGENT);

    private static final List<String> VERCEL_GENERATION = List.of(
            "ai.generateText.doGenerate", "ai.streamText.doStream",
            "ai.generateObject.doGenerate", "ai.streamObject.doStream");
    private static final List<String> VERCEL_EMBEDDING = List.of("ai.embedMany.doEmbed", "ai.embed.doEmbed");
    private static final List<String> VERCEL_MODEL_KEYS = List.of(
            "langfuse.observation.model.name", "ai.model.id", "gen_ai.request.model", "gen_ai.response.model");
    private static final List<String> MODEL_KEYS = List.of(
            "langfuse.observation.model.name", "gen_ai.request.model", "gen_ai.response.model", "llm.model_name", "model");
    private static final List<String> PYTHON_GENERATION_KEYS = List.of(
            "langfuse.observation.model.name", "langfuse.observation.cost_details",
            "langfuse.observation.usage_details", "langfuse.observation.completion_start_time",
            "langfuse.observation.model.parameters", "langfuse.observation.prompt.name",
            "langfuse.observation.prompt.version");

    private ObservationTypes() {}

    static ObservationType infer(SpanAttributes attributes, Map<String, String> resource, String scopeName, String scopeVersion) {
        if (isOldPythonSdkGeneration(attributes, resource, scopeName, scopeVersion)) {
            attributes.consume(LANGFUSE_TYPE);
            return ObservationType.GENERATION;
        }
        String langfuseType = attributes.text(LANGFUSE_TYPE);
        if (langfuseType != null && LANGFUSE.containsKey(langfuseType)) {
            attributes.consume(LANGFUSE_TYPE);
            return LANGFUSE.get(langfuseType);
        }
        ObservationType type = lookup(OPENINFERENCE, attributes.text("openinference.span.kind"));
        if (type == null) {
            type = lookup(GEN_AI_OPERATION, attributes.text("gen_ai.operation.name"));
        }
        if (type == null) {
            type = lookup(GENKIT, attributes.text("genkit:metadata:subtype"));
        }
        if (type == null) {
            type = vercel(attributes);
        }
        if (type == null && attributes.hasAny("gen_ai.tool.name", "gen_ai.tool.call.id")) {
            type = ObservationType.TOOL;
        }
        if (type == null) {
            String kind = attributes.text("traceloop.span.kind");
            type = lookup(TRACELOOP, kind == null ? null : kind.toLowerCase(Locale.ROOT));
        }
        if (type == null && MODEL_KEYS.stream().anyMatch(attributes::has)) {
            type = ObservationType.GENERATION;
        }
        return type == null ? ObservationType.SPAN : type;
    }

    private static ObservationType lookup(Map<String, ObservationType> table, String value) {
        return value == null ? null : table.get(value);
    }

    private static ObservationType vercel(SpanAttributes attributes) {
        boolean hasModel = VERCEL_MODEL_KEYS.stream().anyMatch(attributes::has);
        if (hasModel && isVercelOperation(attributes, VERCEL_GENERATION)) {
            return ObservationType.GENERATION;
        }
        if (hasModel && isVercelOperation(attributes, VERCEL_EMBEDDING)) {
            return ObservationType.EMBEDDING;
        }
        if (isVercelOperation(attributes, List.of("ai.toolCall"))) {
            return ObservationType.TOOL;
        }
        return null;
    }

    // operation.name may carry the function id after the operation ("ai.embed my-fn"); ai.operationId never does.
    static boolean isVercelOperation(SpanAttributes attributes, List<String> operations) {
        String operationName = attributes.text("operation.name");
        if (operationName != null && operations.stream().anyMatch(operationName::startsWith)) {
            return true;
        }
        String operationId = attributes.text("ai.operationId");
        return operationId != null && operations.contains(operationId);
    }

    private static boolean isOldPythonSdkGeneration(
            SpanAttributes attributes, Map<String, String> resource, String scopeName, String scopeVersion) {
        if (!"span".equals(attributes.text(LANGFUSE_TYPE)) || !"langfuse-sdk".equals(scopeName)
                || !"python".equals(resource.get("telemetry.sdk.language"))) {
            return false;
        }
        if (scopeVersion != null && !scopeVersion.isBlank()) {
            String[] parts = scopeVersion.split("\\.");
            try {
                int major = Integer.parseInt(parts[0]);
                int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                if (major > 3 || (major == 3 && minor > 3)) {
                    return false;
                }
            } catch (NumberFormatException e) {
                // An unparsable version is treated like Langfuse does: as old.
            }
        }
        return PYTHON_GENERATION_KEYS.stream().anyMatch(attributes::contains);
    }
}
