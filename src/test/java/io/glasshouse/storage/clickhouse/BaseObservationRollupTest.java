package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.ingest.pricing.InMemoryProjectModelPrices;
import io.glasshouse.ingest.pricing.ModelPrices;
import io.glasshouse.ingest.pricing.ModelPricing;
import io.glasshouse.metrics.MetricsApiVersion;
import io.glasshouse.metrics.MetricsQuery;
import io.glasshouse.metrics.MetricsQueryParser;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.query.TraceDeletion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hourly rollup answers metrics queries exactly as FINAL does: rows written through the real
 * merger (priced, with updates that change cost, tokens and model, move rows between hours and
 * month partitions), trace deletion, two projects with the same ids. Every transport.
 */
abstract class BaseObservationRollupTest {
    private static final ProjectId ALPHA = new ProjectId("rollup-alpha");
    private static final ProjectId BETA = new ProjectId("rollup-beta");
    private static final Instant OCT31 = Instant.parse("2026-10-31T22:30:00Z");
    private static final Instant NOV1 = Instant.parse("2026-11-01T09:15:30Z");
    private static final Instant NOV2 = Instant.parse("2026-11-02T13:00:00Z");
    private static final String RANGE = "\"fromTimestamp\":\"2026-10-01T00:00:00Z\",\"toTimestamp\":\"2026-12-01T00:00:00Z\"";

    /** Queries the rollup can answer; each is checked against FINAL. */
    private static final List<String> QUERIES = List.of(
            """
            {"view":"observations","dimensions":[{"field":"providedModelName"}],
             "metrics":[{"measure":"totalCost","aggregation":"sum"},{"measure":"count","aggregation":"count"}],
             "timeDimension":{"granularity":"day"},%s}""",
            """
            {"view":"observations","dimensions":[{"field":"type"},{"field":"name"},{"field":"level"},{"field":"environment"}],
             "metrics":[{"measure":"latency","aggregation":"sum"},{"measure":"latency","aggregation":"avg"},
              {"measure":"latency","aggregation":"count"},{"measure":"totalCost","aggregation":"avg"},
              {"measure":"totalCost","aggregation":"count"},{"measure":"inputCost","aggregation":"sum"},
              {"measure":"outputCost","aggregation":"avg"},{"measure":"inputTokens","aggregation":"sum"},
              {"measure":"outputTokens","aggregation":"avg"},{"measure":"totalTokens","aggregation":"sum"},
              {"measure":"count","aggregation":"sum"}],
             "timeDimension":{"granularity":"hour"},%s}""",
            """
            {"view":"observations","dimensions":[{"field":"promptName"}],
             "metrics":[{"measure":"totalTokens","aggregation":"sum"},{"measure":"totalCost","aggregation":"sum"}],
             "filters":[{"column":"providedModelName","operator":"any of","value":["gpt-4.1","gpt-4o"],"type":"stringOptions"},
              {"column":"name","operator":"is not null","type":"null"}],
             "timeDimension":{"granularity":"week"},%s}""",
            """
            {"view":"observations","metrics":[{"measure":"count","aggregation":"count"},{"measure":"totalCost","aggregation":"sum"},
              {"measure":"latency","aggregation":"avg"},{"measure":"inputTokens","aggregation":"avg"}],%s}""",
            """
            {"view":"observations","dimensions":[{"field":"startTimeMonth"},{"field":"providedModelName"}],
             "metrics":[{"measure":"totalCost","aggregation":"sum"}],"timeDimension":{"granularity":"month"},
             "orderBy":[{"field":"sum_totalCost","direction":"desc"}],%s}""",
            """
            {"view":"observations","dimensions":[{"field":"name"}],
             "metrics":[{"measure":"count","aggregation":"count"}],
             "filters":[{"column":"name","operator":"is null","type":"null"}],%s}""");

    private ClickHouse clickHouse;
    private ClickHouseEventStore events;
    private EventWriter writer;

    protected abstract ClickHouse newClickHouse(String databasePrefix);

    @BeforeEach
    void open() {
        clickHouse = newClickHouse("rollup");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        events = new ClickHouseEventStore(clickHouse);
        writer = new EventWriter(events, new EventWriter.Settings(Duration.ofMillis(1), 10_000, 100_000, Duration.ofSeconds(60)),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
        clickHouse.close();
    }

    @Test
    void rollupEqualsFinalWithCachedRows() {
        writeScenario(RowMerger.Settings.defaults());
        assertRollupEqualsFinal();
    }

    @Test
    void rollupEqualsFinalWhenEveryUpdateReadsTheStore() {
        writeScenario(new RowMerger.Settings(0, 0));
        assertRollupEqualsFinal();
    }

    @Test
    void reconcileFindsNothingToFixAfterWritesThroughTheMerger() {
        writeScenario(RowMerger.Settings.defaults());
        ObservationRollup rollup = new ObservationRollup(clickHouse);

        // The write path's signed rows (materialized view) and the reconciler's FINAL agree exactly.
        for (ProjectId project : List.of(ALPHA, BETA)) {
            assertThat(rollup.differences(project, ObservationRollup.ALL_FROM, ObservationRollup.ALL_TO)).isZero();
        }
        // ... and the check is able to see a difference.
        ObservationRow stored = events.findObservation(ALPHA, "g2").orElseThrow();
        events.insert(new EventBatch(List.of(), List.of(withCost(stored, "9")), List.of()));
        assertThat(rollup.differences(ALPHA, ObservationRollup.ALL_FROM, ObservationRollup.ALL_TO)).isPositive();
        rollup.reconcileAll();
        assertThat(rollup.differences(ALPHA, ObservationRollup.ALL_FROM, ObservationRollup.ALL_TO)).isZero();
    }

    @Test
    void reconcileRepairsRowsWrittenWithoutTheVersionTheyReplace() {
        writeScenario(RowMerger.Settings.defaults());
        // A newer version stored without its replaced row (as a create for a row that left the
        // merger's cache is): the rollup counts both until reconciled.
        ObservationRow stored = events.findObservation(ALPHA, "g1").orElseThrow();
        events.insert(new EventBatch(List.of(), List.of(withCost(stored, "3.5")), List.of()));
        String query = QUERIES.getFirst().formatted(RANGE);
        assertThat(answer(ALPHA, query, true)).isNotEqualTo(answer(ALPHA, query, false));

        new ObservationRollup(clickHouse).reconcile(ALPHA);

        assertRollupEqualsFinal();
    }

    /**
     * The write path sums the rollup in Java (HourlyRollupRows); the reconciler's SQL
     * (ObservationRollupSql.contributions, what V005's view computes) must find nothing to fix on
     * rows built to tell them apart: detail keys in mixed case and with non-ASCII letters, costs
     * with more than 12 decimals and below zero, latencies across millisecond boundaries and
     * negative ones, an hour's first and last microsecond, replaced versions cancelled in the
     * same insert, a row before 1970 (summed by the view) and several projects in one insert.
     */
    @Test
    void javaSumsEqualTheViewsSqlOnRowsBuiltToTellThemApart() {
        Instant hour = Instant.parse("2026-11-03T10:00:00Z");
        List<ObservationRow> rows = new ArrayList<>();
        List<ObservationRow> replaced = new ArrayList<>();
        rows.add(row(ALPHA, "k1", hour, hour.plusNanos(1_100_000), "gpt-4o", "a",
                Map.of("Input", 7L, "cache_read_input_tokens", 3L, "OUTPUT_audio", 5L, "\u0130nput", 1_000L, "total", 16L),
                Map.of("input", new BigDecimal("0.1234567890123456"), "Output", new BigDecimal("-0.5"), "inp", BigDecimal.ONE),
                new BigDecimal("1.0000000000009")));
        rows.add(row(ALPHA, "k2", hour.plusNanos(900_000), hour.plusNanos(1_100_000), "gpt-4o", "a",
                Map.of("input", Long.MAX_VALUE, "input_cached", 2L), Map.of(), null));
        rows.add(row(ALPHA, "k3", hour.plusSeconds(3600).minusNanos(1_000), hour.minusSeconds(5), null, null,
                Map.of(), Map.of("total", new BigDecimal("3")), new BigDecimal("3")));
        rows.add(row(ALPHA, "k4", hour.plusSeconds(3600), null, "gpt-4o", null, Map.of("output", 9L), Map.of(), BigDecimal.ZERO));
        rows.add(row(BETA, "k5", hour.plusSeconds(60), hour.plusSeconds(61), "gpt-4o", "a", Map.of("input", 4L), Map.of(), null));
        rows.add(row(BETA, "k6", Instant.parse("1969-12-31T23:30:00.5Z"), Instant.parse("1970-01-01T00:00:01Z"), "gpt-4o", "old",
                Map.of("input", 1L), Map.of("input", BigDecimal.ONE), BigDecimal.ONE));
        // Earlier versions, stored first; the insert under test replaces them (version 2 over 1).
        ObservationRow olderK1 = row(ALPHA, "k1", hour, hour.plusSeconds(10), "gpt-4o", "a",
                Map.of("input", 11L), Map.of("input", new BigDecimal("0.3")), new BigDecimal("0.3"));
        ObservationRow olderK8 = row(ALPHA, "k8", hour.plusSeconds(5), hour.plusSeconds(6), "gpt-4o", "a",
                Map.of("input", 5L), Map.of(), null);
        events.insert(new EventBatch(List.of(), List.of(olderK1, olderK8), List.of()));
        replaced.add(olderK1);
        replaced.add(olderK8);
        // k8's new version contributes exactly what the old one did: +1 and -1 cancel to nothing.
        rows.add(versioned(olderK8, 2));
        rows.set(0, versioned(rows.getFirst(), 2));

        events.insert(new EventBatch(List.of(), rows, List.of(), replaced));

        ObservationRollup rollup = new ObservationRollup(clickHouse);
        for (ProjectId project : List.of(ALPHA, BETA)) {
            assertThat(rollup.differences(project, ObservationRollup.ALL_FROM, ObservationRollup.ALL_TO)).as(project.value()).isZero();
        }
        assertThat(clickHouse.query(Sql.plain("SELECT count() AS n FROM observation_hourly")).scalar().asLong())
                .as("the rows are in the rollup").isGreaterThanOrEqualTo(4);
    }

    @Test
    void edgeHoursOfAnUnalignedRangeComeFromTheObservations() {
        writeScenario(RowMerger.Settings.defaults());
        for (String range : List.of(
                "\"fromTimestamp\":\"2026-10-31T22:45:10Z\",\"toTimestamp\":\"2026-11-02T13:00:00Z\"",
                "\"fromTimestamp\":\"2026-11-01T09:15:30Z\",\"toTimestamp\":\"2026-11-01T09:40:00Z\"",
                "\"fromTimestamp\":\"2026-10-31T22:29:00.5Z\",\"toTimestamp\":\"2026-11-01T09:15:29.999999Z\"")) {
            for (String query : QUERIES) {
                for (ProjectId project : List.of(ALPHA, BETA)) {
                    assertSameRows(answer(project, query.formatted(range), true), answer(project, query.formatted(range), false));
                }
            }
        }
    }

    @Test
    void onlyAdditiveQueriesOverRollupColumnsUseTheRollup() {
        assertThat(MetricsRollupSql.fits(parse(QUERIES.getFirst().formatted(RANGE)))).isTrue();
        for (String query : List.of(
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"latency\",\"aggregation\":\"p95\"}],%s}",
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"totalCost\",\"aggregation\":\"max\"}],%s}",
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"latency\",\"aggregation\":\"histogram\"}],%s}",
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"timeToFirstToken\",\"aggregation\":\"sum\"}],%s}",
                "{\"view\":\"observations\",\"dimensions\":[{\"field\":\"traceName\"}],\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],%s}",
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],\"timeDimension\":{\"granularity\":\"minute\"},%s}",
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"filters\":[{\"column\":\"metadata\",\"key\":\"k\",\"operator\":\"=\",\"value\":\"v\",\"type\":\"stringObject\"}],%s}",
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"filters\":[{\"column\":\"start_time\",\"operator\":\">=\",\"value\":\"2026-11-01T00:00:00Z\",\"type\":\"datetime\"}],%s}",
                "{\"view\":\"scores-numeric\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],%s}")) {
            assertThat(MetricsRollupSql.fits(parse(query.formatted(RANGE)))).as(query).isFalse();
        }
    }

    @Test
    void everyRollupReadIsBoundToTheProject() {
        Sql sql = MetricsRollupSql.compile(ALPHA, parse(QUERIES.getFirst().formatted(RANGE)));
        assertThat(sql.parameters()).containsEntry("project_id", ALPHA.value());
        // The rollup table and both reads of observations each filter on the project.
        assertThat(sql.text().split(Pattern.quote(ProjectScopedSql.PROJECT_FILTER), -1)).hasSize(4);
    }

    private void assertRollupEqualsFinal() {
        for (String query : QUERIES) {
            for (ProjectId project : List.of(ALPHA, BETA)) {
                assertSameRows(answer(project, query.formatted(RANGE), true), answer(project, query.formatted(RANGE), false));
            }
        }
        // The rollup path is not trivially empty: alpha has live generations on three days.
        assertThat(answer(ALPHA, QUERIES.getFirst().formatted(RANGE), true)).hasSizeGreaterThanOrEqualTo(4);
    }

    // Creates, updates (cost, tokens and model change; moves to another hour and another month),
    // a create sent again, and a trace deletion, in both projects; beta's values are far larger.
    private void writeScenario(RowMerger.Settings cache) {
        RowMerger merger = new RowMerger(new ModelPricing(ModelPrices.withShippedPrices(new InMemoryProjectModelPrices())),
                new ClickHouseStoredRows(clickHouse), cache);
        for (ProjectId project : List.of(ALPHA, BETA)) {
            long scale = project.equals(ALPHA) ? 1 : 1000;
            write(merger, List.of(
                    generation(project, "g1", "t1", false, OCT31, OCT31.plusMillis(1200), "gpt-4o", "chat", 100 * scale, 20 * scale),
                    generation(project, "g2", "t1", false, OCT31.plusSeconds(60), null, "gpt-4o", "chat", 10 * scale, 5),
                    generation(project, "g3", "t2", false, NOV1, NOV1.plusMillis(800), "gpt-4.1", null, 50, 50 * scale),
                    generation(project, "g4", "t2", false, NOV1.plusSeconds(5), NOV1.plusSeconds(7), "gpt-4o", "summarise", 7, 3),
                    span(project, "s1", "t2", NOV1.plusSeconds(1), NOV1.plusSeconds(2)),
                    generation(project, "g5", "t3", false, NOV2, NOV2.plusMillis(300), "gpt-4o", "chat", 1, 1),
                    span(project, "s2", "t3", NOV2, null),
                    withCost(generation(project, "g6", "t4", false, NOV2.plusSeconds(30), NOV2.plusSeconds(31), "custom-model", "chat", 3, 4),
                            "0.25")));
            write(merger, List.of(
                    // more tokens, so a higher computed cost
                    usage(project, "g1", OCT31, 300 * scale, 60),
                    // the model changes, so the price does
                    model(project, "g2", "gpt-4.1"),
                    // to another hour of the same day, with an end time now
                    move(project, "g3", NOV1.plus(Duration.ofHours(3)), NOV1.plus(Duration.ofHours(3)).plusMillis(2500)),
                    // to another month partition (a tombstone under the old key)
                    move(project, "g4", OCT31.plusSeconds(600), OCT31.plusSeconds(603))));
            // A create sent again (SDKs resend creates) with another cost. Without a cache the merger
            // cannot know the stored row it replaces (documented drift; see the reconcile test).
            if (cache.maxCachedRows() > 0) {
                write(merger, List.of(withCost(generation(project, "g6", "t4", false, NOV2.plusSeconds(30),
                        NOV2.plusSeconds(31), "custom-model", "chat", 3, 4), "0.75")));
            }
            new TraceDeletion(events, merger, writer).delete(project, List.of("t3"));
        }
    }

    private void write(RowMerger merger, List<ObservationPatch> patches) {
        writer.write(merger.merge(List.of(), patches));
    }

    private static ObservationPatch generation(ProjectId project, String id, String traceId, boolean update, Instant start,
            Instant end, String model, String name, long input, long output) {
        return new ObservationPatch(project, id, traceId, update, start, ObservationType.GENERATION, null, name,
                "production", start, end, null, ObservationLevel.DEFAULT, null, null, null, null, null, model, null,
                Map.of("input", input, "output", output), null, id.equals("g3") ? "qa-prompt" : null, null, null, null);
    }

    private static ObservationPatch span(ProjectId project, String id, String traceId, Instant start, Instant end) {
        return new ObservationPatch(project, id, traceId, false, start, ObservationType.SPAN, null, "retrieve", "staging",
                start, end, null, ObservationLevel.WARNING, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    private static ObservationPatch withCost(ObservationPatch p, String cost) {
        return new ObservationPatch(p.projectId(), p.id(), p.traceId(), p.update(), p.eventTime().plusMillis(1), p.type(),
                p.parentObservationId(), p.name(), p.environment(), p.startTime(), p.endTime(), p.completionStartTime(),
                p.level(), p.statusMessage(), p.version(), p.input(), p.output(), p.metadata(), p.model(), p.modelParameters(),
                p.usageDetails(), Map.of("input", new BigDecimal(cost), "total", new BigDecimal(cost)), p.promptName(),
                p.promptVersion(), p.resourceAttributes(), p.scopeName());
    }

    private static ObservationPatch usage(ProjectId project, String id, Instant eventTime, long input, long output) {
        return update(project, id, eventTime.plusSeconds(3600), null, null, null, Map.of("input", input, "output", output));
    }

    private static ObservationPatch model(ProjectId project, String id, String model) {
        return update(project, id, NOV2.plusSeconds(7200), null, null, model, null);
    }

    private static ObservationPatch move(ProjectId project, String id, Instant start, Instant end) {
        return update(project, id, NOV2.plusSeconds(7200), start, end, null, null);
    }

    private static ObservationPatch update(ProjectId project, String id, Instant eventTime, Instant start, Instant end,
            String model, Map<String, Long> usage) {
        return new ObservationPatch(project, id, null, true, eventTime, null, null, null, null, start, end, null, null, null,
                null, null, null, null, model, null, usage, null, null, null, null, null);
    }

    private static ObservationRow row(ProjectId project, String id, Instant start, Instant end, String model, String name,
            Map<String, Long> usage, Map<String, BigDecimal> costs, BigDecimal totalCost) {
        return new ObservationRow(project, "t-" + id, id, ObservationType.GENERATION, null, name, "production", start, end, null,
                ObservationLevel.DEFAULT, null, null, null, null, Map.of(), model, null, null, Map.of(), usage, Map.of(), costs,
                totalCost, null, null, null, Map.of(), null, 1, false);
    }

    private static ObservationRow versioned(ObservationRow row, long version) {
        return row.versioned(version, false);
    }

    private static ObservationRow withCost(ObservationRow row, String cost) {
        return new ObservationRow(row.projectId(), row.traceId(), row.id(), row.type(), row.parentObservationId(), row.name(),
                row.environment(), row.startTime(), row.endTime(), row.completionStartTime(), row.level(), row.statusMessage(),
                row.version(), row.input(), row.output(), row.metadata(), row.providedModelName(), row.internalModelId(),
                row.modelParameters(), row.providedUsageDetails(), row.usageDetails(), row.providedCostDetails(),
                Map.of("total", new BigDecimal(cost)), new BigDecimal(cost), row.promptId(), row.promptName(),
                row.promptVersion(), row.resourceAttributes(), row.scopeName(), row.eventVersion() + 1, false);
    }

    private List<ObjectNode> answer(ProjectId project, String query, boolean rollup) {
        MetricsQuery parsed = parse(query);
        assertThat(MetricsRollupSql.fits(parsed)).as(query).isTrue();
        Sql onFinal = MetricsSql.compile(project, parsed);
        return clickHouse.query(rollup ? MetricsRollupSql.compile(project, parsed) : onFinal).rows();
    }

    private static MetricsQuery parse(String query) {
        return MetricsQueryParser.parse(query, MetricsApiVersion.V2);
    }

    // Same rows in the same order; floats may differ in the last bits (FINAL adds Float64 values in
    // any order, the rollup converts an exact Decimal sum).
    private static void assertSameRows(List<ObjectNode> rollup, List<ObjectNode> onFinal) {
        assertThat(rollup).as("rows %s vs FINAL %s", rollup, onFinal).hasSameSizeAs(onFinal);
        for (int i = 0; i < rollup.size(); i++) {
            ObjectNode actual = rollup.get(i);
            ObjectNode expected = onFinal.get(i);
            assertThat(fieldNames(actual)).as("row %s vs FINAL %s", actual, expected).isEqualTo(fieldNames(expected));
            for (String field : fieldNames(expected)) {
                JsonNode a = actual.get(field);
                JsonNode e = expected.get(field);
                if (e.isNumber() && a.isNumber()) {
                    assertThat(a.asDouble()).as("%s in %s vs FINAL %s", field, actual, expected)
                            .isCloseTo(e.asDouble(), within(Math.abs(e.asDouble()) * 1e-9 + 1e-12));
                } else {
                    assertThat(a).as("%s in %s vs FINAL %s", field, actual, expected).isEqualTo(e);
                }
            }
        }
    }

    private static List<String> fieldNames(ObjectNode row) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
