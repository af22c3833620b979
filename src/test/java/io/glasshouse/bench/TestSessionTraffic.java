package io.glasshouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.bench.SessionTraffic.Step;
import io.glasshouse.bench.SessionTraffic.StepType;
import io.glasshouse.bench.SessionTraffic.Trace;
import io.glasshouse.ingest.otel.OtelMapping;
import io.glasshouse.ingest.otel.OtelSpanMapper;
import io.glasshouse.model.ProjectId;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench/compare workload is deterministic, has the documented shape, and the server's mapper takes all of it. */
class TestSessionTraffic {
    private final List<Trace> traces = new SessionTraffic(42).traces(5_000);

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
        List<List<Trace>> again = SessionWorkload.traces(42, 2_000, 100);
        assertThat(SessionWorkload.traces(42, 2_000, 100)).isEqualTo(again);
        byte[] otlp = SessionOtlp.request(again.getFirst()).toByteArray();
        assertThat(SessionOtlp.request(SessionWorkload.traces(42, 2_000, 100).getFirst()).toByteArray()).isEqualTo(otlp);
        assertThat(SessionBatch.body(again.getFirst())).isEqualTo(SessionBatch.body(SessionWorkload.traces(42, 2_000, 100).getFirst()));
        assertThat(SessionOtlp.request(SessionWorkload.traces(43, 2_000, 100).getFirst()).toByteArray()).isNotEqualTo(otlp);
    }

    @Test
    void laterTurnsOfASessionResendAGrowingHistory() {
        Map<String, Integer> lastHistory = new HashMap<>();
        int grew = 0;
        for (Trace trace : traces) {
            Step generation = trace.steps().stream().filter(step -> step.type() == StepType.GENERATION).findFirst().orElseThrow();
            Integer before = lastHistory.put(trace.sessionId(), generation.input().size());
            if (before != null) {
                assertThat(generation.input().size()).as("turn %d of %s", trace.turn(), trace.sessionId()).isGreaterThan(before);
                grew++;
            }
        }
        assertThat(grew).isGreaterThan(100);
        assertThat(traces.stream().mapToInt(Trace::turn).max().orElseThrow()).isEqualTo(6);
    }

    @Test
    void everyKindOfStepErrorsAndScoresOccurAtAboutTheDocumentedRates() {
        Map<StepType, Long> kinds = new HashMap<>();
        traces.forEach(trace -> trace.steps().forEach(step -> kinds.merge(step.type(), 1L, Long::sum)));
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(StepType.values());
        long tools = kinds.get(StepType.TOOL);
        long failedTools = traces.stream().flatMap(t -> t.steps().stream())
                .filter(step -> step.type() == StepType.TOOL && step.error() != null).count();
        assertThat(100.0 * failedTools / tools).isBetween(1.0, 6.0);
        long feedback = traces.stream().filter(t -> t.scores().stream().anyMatch(s -> s.name().equals("user-feedback"))).count();
        assertThat(100.0 * feedback / traces.size()).isBetween(33.0, 47.0);
        assertThat(traces.stream().filter(t -> t.root().error() != null)).isNotEmpty();
    }

    @Test
    void theServersOtlpMapperTakesEverySpan() {
        OtelMapping mapping = new OtelSpanMapper(Clock.systemUTC()).map(new ProjectId("bench"), SessionOtlp.request(traces));
        assertThat(mapping.rejections()).isEmpty();
        assertThat(mapping.observations()).hasSize(traces.stream().mapToInt(t -> t.steps().size()).sum());
        assertThat(Arrays.stream(StepType.values())).hasSize(6);
    }
}
