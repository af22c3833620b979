package io.glasshouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestEventJson {
    private static final ProjectId PROJECT = new ProjectId("web-test");
    // The widest span ingestion accepts; longer than a long of nanoseconds (292 years) can hold.
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2262-04-10T23:59:59.999999Z");

    @Test
    void latencyAndTimeToFirstTokenOfCenturiesDoNotOverflow() {
        Map<String, Object> json = EventJson.observation(observation(EARLIEST, LATEST, LATEST));

        double expected = (LATEST.getEpochSecond() - EARLIEST.getEpochSecond()) + 0.999999;
        assertThat((Double) json.get("latency")).isCloseTo(expected, within(1e-3));
        assertThat((Double) json.get("timeToFirstToken")).isCloseTo(expected, within(1e-3));
    }

    @Test
    void traceLatencyOverCenturiesDoesNotOverflow() {
        TraceRow trace = new TraceRow(PROJECT, "trace-1", EARLIEST, "t", null, null, "default", null, null, null, null,
                Map.of(), List.of(), false, false, 1, false);

        Map<String, Object> json = EventJson.traceWithDetails(trace,
                List.of(observation(EARLIEST, null, null), observation(LATEST, null, null)), List.of());

        assertThat((Double) json.get("latency")).isGreaterThan(362.0 * 365 * 24 * 3600);
    }

    @Test
    void subSecondLatencyKeepsItsFraction() {
        Instant start = Instant.parse("2026-01-31T12:00:00Z");
        Map<String, Object> json = EventJson.observation(observation(start, start.plusNanos(1_500_000), null));

        assertThat(json.get("latency")).isEqualTo(0.0015);
        assertThat(json.get("timeToFirstToken")).isNull();
    }

    @Test
    void mapsAreAnsweredInKeyOrderWhateverOrderTheRowKeepsThemIn() {
        // Map.of iterates in an order that changes from one JVM to the next, so these keys come
        // out of the row in some order that is almost never the sorted one.
        Map<String, String> metadata = Map.of("zeta", "1", "alpha", "\"a\"", "mid", "{}", "beta", "[]", "omega", "x", "kappa", "k");
        Map<String, Long> usage = Map.of("total", 30L, "input", 10L, "output", 20L, "input_cached_tokens", 4L, "output_reasoning_tokens", 5L);
        Map<String, String> resource = Map.of("service.name", "chat", "host.name", "h1", "telemetry.sdk.language", "python",
                "deployment.environment", "prod", "service.version", "1.2");
        Instant start = Instant.parse("2026-01-31T12:00:00Z");
        ObservationRow row = new ObservationRow(PROJECT, "trace-1", "o-1", ObservationType.GENERATION, null,
                "answer", "default", start, start.plusSeconds(1), null, ObservationLevel.DEFAULT, null, null, null, null, metadata,
                null, null, null, usage, usage, Map.of(), Map.of(), null, null, null, null, resource, null, 1, false);

        Map<String, Object> json = EventJson.observation(row);

        assertThat(keys(json.get("metadata"))).containsExactly("alpha", "beta", "kappa", "mid", "omega", "zeta");
        assertThat(keys(json.get("usageDetails")))
                .containsExactly("input", "input_cached_tokens", "output", "output_reasoning_tokens", "total");
        assertThat(keys(json.get("resourceAttributes"))).containsExactly(
                "deployment.environment", "host.name", "service.name", "service.version", "telemetry.sdk.language");
        assertThat(((Map<?, ?>) json.get("metadata")).get("mid")).hasToString("{}");
    }

    private static List<Object> keys(Object map) {
        return List.copyOf(((Map<?, ?>) map).keySet());
    }

    private static ObservationRow observation(Instant start, Instant end, Instant completionStart) {
        return new ObservationRow(PROJECT, "trace-1", "observation-" + start.getEpochSecond(), ObservationType.SPAN, null,
                "span", "default", start, end, completionStart, ObservationLevel.DEFAULT, null, null, null, null, Map.of(),
                null, null, null, Map.of(), Map.of(), Map.of(), Map.of(), null, null, null, null, Map.of(), null, 1, false);
    }
}
