package io.glasshouse.storage.query;

/** Langfuse's {@code fields} groups of a trace list: what each item carries beyond its core. */
public enum TraceFieldGroup {
    CORE,
    IO,
    SCORES,
    OBSERVATIONS,
    METRICS
}
