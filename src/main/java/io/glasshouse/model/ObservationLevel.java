package io.glasshouse.model;

public enum ObservationLevel {
    DEBUG,
    DEFAULT,
    WARNING,
    ERROR
}
