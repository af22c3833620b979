package io.glasshouse.model;

/** Langfuse's ten observation types. */
public enum ObservationType {
    SPAN,
    EVENT,
    GENERATION,
    AGENT,
    TOOL,
    CHAIN,
    RETRIEVER,
    EVALUATOR,
    EMBEDDING,
    GUARDRAIL
}
