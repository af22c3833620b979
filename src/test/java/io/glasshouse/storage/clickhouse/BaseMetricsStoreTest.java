package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingMetricsRows.ALPHA;
import static io.glasshouse.storage.clickhouse.TestingMetricsRows.BETA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.metrics.MetricsApiVersion;
import io.glasshouse.metrics.MetricsQueryParser;
import io.glasshouse.storage.DailyMetrics;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Metrics queries and the daily report on real rows, numbers worked out by hand; every transport. */
abstract class BaseMetricsStoreTest {
    private static final String RANGE = "\"fromTimestamp\":\"2026-11-01T00:00:00Z\",\"toTimestamp\":\"2026-12-01T00:00:00Z\"";

    private ClickHouse clickHouse;
    private ClickHouseMetricsStore store;

    protected abstract ClickHouse newClickHouse(String databasePrefix);

    @BeforeEach
    void load() {
        clickHouse = newClickHouse("metrics");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        ClickHouseEventStore events = new ClickHouseEventStore(clickHouse);
        events.insert(TestingMetricsRows.alpha());
        events.insert(TestingMetricsRows.beta());
        // The rows are inserted as stored versions, not merged by the writer, so the rollup does not
        // know which version replaced which: rebuild it as bench/query does for its dataset.
        new ObservationRollup(clickHouse).reconcileAll();
        store = new ClickHouseMetricsStore(clickHouse);
    }

    @AfterEach
    void close() {
        clickHouse.close();
    }

    @Test
    void costByModelByDayCountsOnlyTheNewestLiveVersionOfEachObservation() {
        List<ObjectNode> rows = v2("""
                {"view":"observations","dimensions":[{"field":"providedModelName"}],
                 "metrics":[{"measure":"totalCost","aggregation":"sum"},{"measure":"count","aggregation":"count"}],
                 "timeDimension":{"granularity":"day"},"orderBy":[{"field":"time_dimension","direction":"asc"}],%s}""");

        // Day 1: g1 (newest 0.02) + g2 (0.03). Day 2: g3 (0.05); the span has no model; g4 is deleted.
        // An explicit order turns gap-filling off, as in Langfuse.
        assertThat(rows).hasSize(3);
        assertRow(rows.get(0), "2026-11-20T00:00:00.000Z", "gpt-4o", 0.05, 2);
        assertRow(rows.get(1), "2026-11-21T00:00:00.000Z", "claude", 0.05, 1);
        // Groups without a value sort last, as ClickHouse orders NULLs.
        assertRow(rows.get(2), "2026-11-21T00:00:00.000Z", null, 0.0, 1);
    }

    @Test
    void withoutAnOrderEveryDayOfTheRangeIsThereEmptyDaysAsZeroRows() {
        List<ObjectNode> rows = v2("""
                {"view":"observations","dimensions":[{"field":"providedModelName"}],
                 "metrics":[{"measure":"totalCost","aggregation":"sum"},{"measure":"count","aggregation":"count"}],
                 "timeDimension":{"granularity":"day"},%s}""");

        // 2026-11-01 up to, not including, the day of toTimestamp (2026-12-01): 30 days, two rows on the 21st.
        assertThat(rows).hasSize(31);
        assertRow(rows.get(0), "2026-11-01T00:00:00.000Z", null, 0.0, 0);
        assertRow(rows.get(18), "2026-11-19T00:00:00.000Z", null, 0.0, 0);
        assertRow(rows.get(19), "2026-11-20T00:00:00.000Z", "gpt-4o", 0.05, 2);
        assertRow(rows.get(20), "2026-11-21T00:00:00.000Z", "claude", 0.05, 1);
        assertRow(rows.get(21), "2026-11-21T00:00:00.000Z", null, 0.0, 1);
        assertRow(rows.get(22), "2026-11-22T00:00:00.000Z", null, 0.0, 0);
        assertRow(rows.get(30), "2026-11-30T00:00:00.000Z", null, 0.0, 0);

        List<ObjectNode> limited = v2("""
                {"view":"observations","metrics":[{"measure":"count","aggregation":"count"}],
                 "timeDimension":{"granularity":"day"},"config":{"row_limit":3},%s}""");
        assertThat(limited).extracting(row -> row.get("time_dimension").asText())
                .containsExactly("2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z", "2026-11-03T00:00:00.000Z");
    }

    @Test
    void weeksStartOnMondayAndEmptyWeeksAreFilled() {
        List<ObjectNode> rows = v2("""
                {"view":"observations","metrics":[{"measure":"count","aggregation":"count"},{"measure":"latency","aggregation":"histogram"}],
                 "timeDimension":{"granularity":"week"},%s}""");

        // 2026-11-01 is a Sunday: its week starts on Monday 2026-10-26; 2026-12-01's week (Nov 30) is not filled.
        assertThat(rows).extracting(row -> row.get("time_dimension").asText()).containsExactly(
                "2026-10-26T00:00:00.000Z", "2026-11-02T00:00:00.000Z", "2026-11-09T00:00:00.000Z",
                "2026-11-16T00:00:00.000Z", "2026-11-23T00:00:00.000Z");
        assertThat(rows).extracting(row -> row.get("count_count").asLong()).containsExactly(0L, 0L, 0L, 4L, 0L);
        assertThat(rows.get(0).get("histogram_latency").isArray()).isTrue();
        assertThat(rows.get(0).get("histogram_latency")).isEmpty();
    }

    @Test
    void uniqueUserIdsAndSessionIdsCountDistinctValuesWithCountAndTracesWithOtherAggregations() {
        new ClickHouseEventStore(clickHouse).insert(new io.glasshouse.model.EventBatch(
                List.of(TestingMetricsRows.trace(ALPHA, "t3", "chat", "u1", TestingMetricsRows.DAY2, List.of())), List.of(), List.of()));

        ObjectNode row = single(store.metrics(ALPHA, MetricsQueryParser.parse("""
                {"view":"traces","metrics":[{"measure":"count","aggregation":"count"},
                 {"measure":"uniqueUserIds","aggregation":"count"},{"measure":"uniqueSessionIds","aggregation":"count"},
                 {"measure":"uniqueUserIds","aggregation":"sum"}],%s}""".formatted(RANGE), MetricsApiVersion.V1)));

        // Three traces of two users (u1 twice; BETA's u1 is another project's), one session per user.
        assertThat(row.get("count_count").asLong()).isEqualTo(3);
        assertThat(row.get("count_uniqueUserIds").asLong()).isEqualTo(2);
        assertThat(row.get("count_uniqueSessionIds").asLong()).isEqualTo(2);
        assertThat(row.get("sum_uniqueUserIds").asLong()).isEqualTo(3);
    }

    private static void assertRow(ObjectNode row, String day, String model, double cost, long count) {
        assertThat(row.get("time_dimension").asText()).isEqualTo(day);
        assertThat(row.get("providedModelName").isNull() ? null : row.get("providedModelName").asText()).isEqualTo(model);
        assertThat(row.get("sum_totalCost").asDouble()).isCloseTo(cost, within(1e-9));
        assertThat(row.get("count_count").asLong()).isEqualTo(count);
    }

    @Test
    void percentilesAveragesAndExtremesOfLatency() {
        ObjectNode row = single(v2("""
                {"view":"observations","metrics":[{"measure":"latency","aggregation":"p50"},{"measure":"latency","aggregation":"avg"},
                 {"measure":"latency","aggregation":"max"},{"measure":"latency","aggregation":"min"},{"measure":"totalTokens","aggregation":"sum"},
                 {"measure":"inputTokens","aggregation":"sum"},{"measure":"outputTokens","aggregation":"sum"}],
                 "filters":[{"column":"type","operator":"any of","value":["GENERATION"],"type":"stringOptions"}],%s}"""));

        // Generations g1, g2, g3: latencies 1000, 3000, 2000 ms; tokens 15 + 30 + 60.
        assertThat(row.get("p50_latency").asDouble()).isEqualTo(2000.0);
        assertThat(row.get("avg_latency").asDouble()).isEqualTo(2000.0);
        assertThat(row.get("max_latency").asLong()).isEqualTo(3000);
        assertThat(row.get("min_latency").asLong()).isEqualTo(1000);
        assertThat(row.get("sum_totalTokens").asLong()).isEqualTo(105);
        assertThat(row.get("sum_inputTokens").asLong()).isEqualTo(70);
        assertThat(row.get("sum_outputTokens").asLong()).isEqualTo(35);
    }

    @Test
    void histogramSplitsTheValuesIntoTheRequestedBins() {
        ObjectNode row = single(v2("""
                {"view":"observations","metrics":[{"measure":"latency","aggregation":"histogram"}],
                 "filters":[{"column":"type","operator":"any of","value":["GENERATION"],"type":"stringOptions"}],
                 "config":{"bins":3},%s}"""));

        JsonNode bins = row.get("histogram_latency");
        assertThat(bins.isArray()).isTrue();
        double heights = 0;
        for (JsonNode bin : bins) {
            assertThat(bin).hasSize(3);
            heights += bin.get(2).asDouble();
        }
        assertThat(heights).isEqualTo(3.0);
        assertThat(bins.get(0).get(0).asDouble()).isEqualTo(1000.0);
        assertThat(bins.get(bins.size() - 1).get(1).asDouble()).isEqualTo(3000.0);
    }

    @Test
    void filtersOnOwnColumnsTraceColumnsAndMetadata() {
        assertThat(count("{\"column\":\"providedModelName\",\"operator\":\"=\",\"value\":\"claude\",\"type\":\"string\"}")).isEqualTo(1);
        assertThat(count("{\"column\":\"tags\",\"operator\":\"all of\",\"value\":[\"a\",\"b\"],\"type\":\"arrayOptions\"}")).isEqualTo(2);
        assertThat(count("{\"column\":\"tags\",\"operator\":\"none of\",\"value\":[\"a\"],\"type\":\"arrayOptions\"}")).isEqualTo(2);
        assertThat(count("{\"column\":\"traceName\",\"operator\":\"starts with\",\"value\":\"sea\",\"type\":\"string\"}")).isEqualTo(2);
        assertThat(count("{\"column\":\"metadata\",\"key\":\"step\",\"operator\":\"=\",\"value\":\"g2\",\"type\":\"stringObject\"}")).isEqualTo(1);
        assertThat(count("{\"column\":\"start_time\",\"operator\":\">=\",\"value\":\"2026-11-21T00:00:00Z\",\"type\":\"datetime\"}")).isEqualTo(2);
        assertThat(count("{\"column\":\"providedModelName\",\"operator\":\"is null\",\"type\":\"null\"}")).isEqualTo(1);
        assertThat(count("{\"column\":\"userId\",\"operator\":\"none of\",\"value\":[\"u1\"],\"type\":\"stringOptions\"}")).isEqualTo(2);
    }

    private long count(String filter) {
        return single(v2("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                + "\"filters\":[" + filter + "],%s}")).get("count_count").asLong();
    }

    @Test
    void scoresViews() {
        List<ObjectNode> numeric = v2("""
                {"view":"scores-numeric","dimensions":[{"field":"name"}],
                 "metrics":[{"measure":"value","aggregation":"avg"},{"measure":"count","aggregation":"count"}],%s}""");
        assertThat(numeric).hasSize(1);
        assertThat(numeric.getFirst().get("name").asText()).isEqualTo("quality");
        assertThat(numeric.getFirst().get("avg_value").asDouble()).isEqualTo(0.75);
        assertThat(numeric.getFirst().get("count_count").asLong()).isEqualTo(2);

        ObjectNode categorical = single(v2("""
                {"view":"scores-categorical","dimensions":[{"field":"stringValue"},{"field":"observationModelName"}],
                 "metrics":[{"measure":"count","aggregation":"count"}],%s}"""));
        assertThat(categorical.get("stringValue").asText()).isEqualTo("friendly");
        assertThat(categorical.get("observationModelName").asText()).isEqualTo("claude");
    }

    @Test
    void countScoresPerObservation() {
        ObjectNode row = single(v2("""
                {"view":"observations","metrics":[{"measure":"countScores","aggregation":"sum"}],%s}"""));
        assertThat(row.get("sum_countScores").asLong()).isEqualTo(2);
    }

    @Test
    void tracesViewOfMetricsV1() {
        List<ObjectNode> rows = store.metrics(ALPHA, MetricsQueryParser.parse("""
                {"view":"traces","dimensions":[{"field":"name"}],
                 "metrics":[{"measure":"count","aggregation":"count"},{"measure":"totalCost","aggregation":"sum"},
                            {"measure":"observationsCount","aggregation":"sum"},{"measure":"latency","aggregation":"max"}],
                 "orderBy":[{"field":"name","direction":"asc"}],%s}""".formatted(RANGE), MetricsApiVersion.V1));

        assertThat(rows).extracting(row -> row.get("name").asText()).containsExactly("chat", "search");
        assertThat(rows.get(0).get("sum_totalCost").asDouble()).isCloseTo(0.05, within(1e-9));
        assertThat(rows.get(0).get("sum_observationsCount").asLong()).isEqualTo(2);
        // t1: first start 10:00:00, last end g2 at 10:01:00 + 3 s.
        assertThat(rows.get(0).get("max_latency").asLong()).isEqualTo(63_000);
        assertThat(rows.get(1).get("sum_observationsCount").asLong()).isEqualTo(2);
    }

    @Test
    void orderingAndRowLimit() {
        List<ObjectNode> rows = v2("""
                {"view":"observations","dimensions":[{"field":"name"}],"metrics":[{"measure":"count","aggregation":"count"}],
                 "orderBy":[{"field":"count_count","direction":"desc"}],"config":{"row_limit":1},%s}""");
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().get("name").asText()).isEqualTo("llm-call");
        assertThat(rows.getFirst().get("count_count").asLong()).isEqualTo(3);
    }

    @Test
    void unknownNamesAndForbiddenGroupingsAreRefusedByName() {
        assertRefused("{\"view\":\"sessions\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],%s}", "query.view 'sessions'");
        assertRefused("{\"view\":\"traces\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],%s}", "query.view 'traces'");
        assertRefused("{\"view\":\"observations\",\"dimensions\":[{\"field\":\"colour\"}],\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],%s}",
                "query.dimensions[0].field 'colour'");
        assertRefused("{\"view\":\"observations\",\"dimensions\":[{\"field\":\"userId\"}],\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],%s}",
                "'userId' has too many distinct values");
        assertRefused("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"joy\",\"aggregation\":\"sum\"}],%s}", "query.metrics[0].measure 'joy'");
        assertRefused("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                + "\"filters\":[{\"column\":\"tags\",\"operator\":\"=\",\"value\":\"a\",\"type\":\"string\"}],%s}", "column 'tags' does not take filter type 'string'");
        assertRefused("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                + "\"orderBy\":[{\"field\":\"sum_cost\",\"direction\":\"asc\"}],%s}", "query.orderBy[0].field 'sum_cost'");
    }

    private void assertRefused(String query, String message) {
        assertThatThrownBy(() -> v2(query)).isInstanceOf(GlasshouseException.class).hasMessageContaining(message);
    }

    @Test
    void anotherProjectsRowsWithTheSameIdsNeverCount() {
        ObjectNode beta = single(store.metrics(BETA, MetricsQueryParser.parse(
                "{\"view\":\"observations\",\"metrics\":[{\"measure\":\"totalCost\",\"aggregation\":\"sum\"}],%s}".formatted(RANGE),
                MetricsApiVersion.V2)));
        ObjectNode alpha = single(v2("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"totalCost\",\"aggregation\":\"sum\"}],%s}"));
        assertThat(beta.get("sum_totalCost").asDouble()).isEqualTo(1000.0);
        assertThat(alpha.get("sum_totalCost").asDouble()).isCloseTo(0.10, within(1e-9));
    }

    @Test
    void dailyMetricsNewestDayFirstWithUsageByModel() {
        DailyMetrics daily = store.daily(ALPHA, new DailyMetrics.Filter(null, null, List.of(), List.of(), null, null), 0, 50);

        assertThat(daily.totalDays()).isEqualTo(2);
        assertThat(daily.days()).extracting(DailyMetrics.Day::date)
                .containsExactly(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-20"));
        DailyMetrics.Day first = daily.days().get(1);
        assertThat(first.countTraces()).isEqualTo(1);
        assertThat(first.countObservations()).isEqualTo(2);
        assertThat(first.totalCost()).isCloseTo(0.05, within(1e-9));
        assertThat(first.usage()).containsExactly(new DailyMetrics.ModelUsage("gpt-4o", 30, 15, 45, 1, 2, first.usage().getFirst().totalCost()));
        assertThat(daily.days().getFirst().usage()).extracting(DailyMetrics.ModelUsage::model).containsExactlyInAnyOrder("claude", null);

        DailyMetrics filtered = store.daily(ALPHA, new DailyMetrics.Filter("search", null, List.of("b"), List.of("production"), null, null), 0, 50);
        assertThat(filtered.days()).extracting(DailyMetrics.Day::date).containsExactly(LocalDate.parse("2026-11-21"));
        DailyMetrics paged = store.daily(ALPHA, new DailyMetrics.Filter(null, null, List.of(), List.of(), null, null), 1, 1);
        assertThat(paged.days()).extracting(DailyMetrics.Day::date).containsExactly(LocalDate.parse("2026-11-20"));
    }

    private List<ObjectNode> v2(String query) {
        return store.metrics(ALPHA, MetricsQueryParser.parse(query.formatted(RANGE), MetricsApiVersion.V2));
    }

    private static ObjectNode single(List<ObjectNode> rows) {
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }
}
