package io.glasshouse.ingest.langfuse;

import io.glasshouse.model.ObservationType;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event types of Langfuse's batch ingestion, by their wire names. */
enum LangfuseEventType {
    TRACE_CREATE("trace-create", Kind.TRACE, null, Body.TRACE, false),
    SCORE_CREATE("score-create", Kind.SCORE, null, Body.SCORE, false),
    EVENT_CREATE("event-create", Kind.OBSERVATION, ObservationType.EVENT, Body.EVENT, false),
    SPAN_CREATE("span-create", Kind.OBSERVATION, ObservationType.SPAN, Body.SPAN, false),
    SPAN_UPDATE("span-update", Kind.OBSERVATION, ObservationType.SPAN, Body.SPAN, true),
    GENERATION_CREATE("generation-create", Kind.OBSERVATION, ObservationType.GENERATION, Body.GENERATION, false),
    GENERATION_UPDATE("generation-update", Kind.OBSERVATION, ObservationType.GENERATION, Body.GENERATION, true),
    AGENT_CREATE("agent-create", Kind.OBSERVATION, ObservationType.AGENT, Body.GENERATION, false),
    TOOL_CREATE("tool-create", Kind.OBSERVATION, ObservationType.TOOL, Body.GENERATION, false),
    CHAIN_CREATE("chain-create", Kind.OBSERVATION, ObservationType.CHAIN, Body.GENERATION, false),
    RETRIEVER_CREATE("retriever-create", Kind.OBSERVATION, ObservationType.RETRIEVER, Body.GENERATION, false),
    EVALUATOR_CREATE("evaluator-create", Kind.OBSERVATION, ObservationType.EVALUATOR, Body.GENERATION, false),
    EMBEDDING_CREATE("embedding-create", Kind.OBSERVATION, ObservationType.EMBEDDING, Body.GENERATION, false),
    GUARDRAIL_CREATE("guardrail-create", Kind.OBSERVATION, ObservationType.GUARDRAIL, Body.GENERATION, false),
    // Legacy: the observation type travels in the body.
    OBSERVATION_CREATE("observation-create", Kind.OBSERVATION, null, Body.LEGACY_OBSERVATION, false),
    OBSERVATION_UPDATE("observation-update", Kind.OBSERVATION, null, Body.LEGACY_OBSERVATION, true),
    SDK_LOG("sdk-log", Kind.SDK_LOG, null, Body.SDK_LOG, false);

    enum Kind {
        TRACE,
        OBSERVATION,
        SCORE,
        SDK_LOG
    }

    /** Which fields the body schema has (Langfuse ignores fields outside its event's schema). */
    enum Body {
        TRACE,
        SCORE,
        /** id, traceId, name, startTime, metadata, input, output, level, statusMessage, parent, version, environment */
        EVENT,
        /** EVENT + endTime */
        SPAN,
        /** SPAN + completionStartTime, model, modelParameters, usage, usageDetails, costDetails, prompt */
        GENERATION,
        /** type, GENERATION's fields but environment and prompt */
        LEGACY_OBSERVATION,
        SDK_LOG
    }

    private static final Map<String, LangfuseEventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(LangfuseEventType::wireName, Function.identity()));

    private final String wireName;
    private final Kind kind;
    private final ObservationType observationType;
    private final Body body;
    private final boolean update;

    LangfuseEventType(String wireName, Kind kind, ObservationType observationType, Body body, boolean update) {
        this.wireName = wireName;
        this.kind = kind;
        this.observationType = observationType;
        this.body = body;
        this.update = update;
    }

    /** The type with this wire name; null when there is none. */
    static LangfuseEventType byWireName(String name) {
        return BY_NAME.get(name);
    }

    String wireName() {
        return wireName;
    }

    Kind kind() {
        return kind;
    }

    /** The observation type the event name implies; null for the legacy events that carry it in the body. */
    ObservationType observationType() {
        return observationType;
    }

    Body body() {
        return body;
    }

    boolean update() {
        return update;
    }

    boolean hasEndTime() {
        return body == Body.SPAN || body == Body.GENERATION || body == Body.LEGACY_OBSERVATION;
    }

    boolean hasGenerationFields() {
        return body == Body.GENERATION || body == Body.LEGACY_OBSERVATION;
    }
}
