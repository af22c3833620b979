package io.glasshouse.model;

public enum ScoreDataType {
    NUMERIC,
    CATEGORICAL,
    BOOLEAN
}
