package io.glasshouse.model;

public enum ScoreSource {
    API,
    EVAL,
    ANNOTATION
}
