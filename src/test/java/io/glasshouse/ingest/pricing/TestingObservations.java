package io.glasshouse.ingest.pricing;

import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Readable observation rows for pricing tests. */
final class TestingObservations {
    static final ProjectId PROJECT = new ProjectId("pricing-test");
    static final Instant START = Instant.parse("2026-09-01T12:00:00Z");

    private ObservationType type = ObservationType.GENERATION;
    private ObservationLevel level = ObservationLevel.DEFAULT;
    private ProjectId projectId = PROJECT;
    private Instant startTime = START;
    private String model;
    private String modelParameters;
    private Map<String, String> metadata = Map.of();
    private Map<String, Long> usage = Map.of();
    private Map<String, BigDecimal> cost = Map.of();
    private String input;
    private String output;

    private TestingObservations() {}

    static TestingObservations generation(String model) {
        var builder = new TestingObservations();
        builder.model = model;
        return builder;
    }

    TestingObservations type(ObservationType value) {
        type = value;
        return this;
    }

    TestingObservations level(ObservationLevel value) {
        level = value;
        return this;
    }

    TestingObservations project(ProjectId value) {
        projectId = value;
        return this;
    }

    TestingObservations startTime(Instant value) {
        startTime = value;
        return this;
    }

    TestingObservations modelParameters(String json) {
        modelParameters = json;
        return this;
    }

    TestingObservations metadata(Map<String, String> value) {
        metadata = value;
        return this;
    }

    TestingObservations usage(Map<String, Long> value) {
        usage = value;
        return this;
    }

    TestingObservations cost(Map<String, BigDecimal> value) {
        cost = value;
        return this;
    }

    TestingObservations input(String json) {
        input = json;
        return this;
    }

    TestingObservations output(String json) {
        output = json;
        return this;
    }

    ObservationRow build() {
        return new ObservationRow(
                projectId,
                "trace-1",
                "observation-1",
                type,
                null,
                "call",
                "default",
                startTime,
                startTime.plusSeconds(2),
                null,
                level,
                null,
                null,
                input,
                output,
                metadata,
                model,
                null,
                modelParameters,
                usage,
                Map.of(),
                cost,
                Map.of(),
                null,
                null,
                null,
                null,
                Map.of(),
                null,
                1,
                false);
    }
}
