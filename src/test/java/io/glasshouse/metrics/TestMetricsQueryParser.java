package io.glasshouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.GlasshouseException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestMetricsQueryParser {
    private static final String RANGE = "\"fromTimestamp\":\"2026-11-01T00:00:00Z\",\"toTimestamp\":\"2026-11-02T00:00:00+01:00\"";

    @Test
    void readsEveryPartAndAppliesLangfusesDefaults() {
        MetricsQuery query = MetricsQueryParser.parse("""
                {"view":"observations","dimensions":[{"field":"name"}],"metrics":[{"measure":"latency","aggregation":"P95"}],
                 "timeDimension":{"granularity":"auto"},"orderBy":[{"field":"p95_latency","direction":"DESC"}],%s}""".formatted(RANGE),
                MetricsApiVersion.V2);

        assertThat(query.view()).isEqualTo("observations");
        assertThat(query.dimensions()).containsExactly("name");
        assertThat(query.metrics()).containsExactly(new MetricsQuery.Metric("latency", Aggregation.P95));
        assertThat(query.metrics().getFirst().alias()).isEqualTo("p95_latency");
        assertThat(query.timeDimension()).contains(Granularity.AUTO);
        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-01T23:00:00Z"));
        assertThat(query.orderBy()).containsExactly(new MetricsQuery.Order("p95_latency", true));
        assertThat(query.bins()).isEqualTo(10);
        assertThat(query.rowLimit()).isEqualTo(100);
        assertThat(query.filters()).isEmpty();
    }

    @Test
    void autoGranularityFollowsTheRange() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Granularity.AUTO.resolve(from, from.plusSeconds(3600))).isEqualTo(Granularity.MINUTE);
        assertThat(Granularity.AUTO.resolve(from, from.plusSeconds(48 * 3600))).isEqualTo(Granularity.HOUR);
        assertThat(Granularity.AUTO.resolve(from, from.plusSeconds(30L * 86400))).isEqualTo(Granularity.DAY);
        assertThat(Granularity.AUTO.resolve(from, from.plusSeconds(200L * 86400))).isEqualTo(Granularity.WEEK);
        assertThat(Granularity.AUTO.resolve(from, from.plusSeconds(400L * 86400))).isEqualTo(Granularity.MONTH);
        assertThat(Granularity.DAY.resolve(from, from.plusSeconds(60))).isEqualTo(Granularity.DAY);
    }

    @Test
    void everyMistakeNamesItsField() {
        for (List<String> mistake : List.of(
                List.of("", "query is required"),
                List.of("{\"view\":", "query is not valid JSON"),
                List.of("[]", "query must be a JSON object"),
                List.of("{\"view\":\"observations\",\"metrics\":[],%s}", "query.metrics must list at least one"),
                List.of("{\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],%s}", "query.view is required"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"median\"}],%s}",
                        "query.metrics[0].aggregation 'median' is not known"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"timeDimension\":{\"granularity\":\"fortnight\"},%s}", "query.timeDimension.granularity 'fortnight'"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"config\":{\"bins\":101},%s}", "query.config.bins must be an integer from 1 to 100"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"config\":{\"row_limit\":0},%s}", "query.config.row_limit"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"orderBy\":[{\"field\":\"name\",\"direction\":\"up\"}],%s}", "query.orderBy[0].direction"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"filters\":[{\"column\":\"name\",\"operator\":\"like\",\"value\":\"x\",\"type\":\"string\"}],%s}",
                        "query.filters[0].operator"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],\"colour\":1,%s}",
                        "query.colour is not a known field"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"fromTimestamp\":\"yesterday\",\"toTimestamp\":\"2026-01-01T00:00:00Z\"}", "query.fromTimestamp must be an ISO 8601"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"fromTimestamp\":\"2026-01-02T00:00:00Z\",\"toTimestamp\":\"2026-01-01T00:00:00Z\"}", "query.toTimestamp must be after"),
                List.of("{\"view\":\"observations\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],"
                        + "\"fromTimestamp\":\"2026-01-01T00:00:00Z\",\"toTimestamp\":\"9999-01-01T00:00:00Z\"}", "between 1900 and 2261"))) {
            String text = mistake.get(0).contains("%s") ? mistake.get(0).formatted(RANGE) : mistake.get(0);
            assertThatThrownBy(() -> MetricsQueryParser.parse(text, MetricsApiVersion.V2))
                    .as(text)
                    .isInstanceOf(GlasshouseException.class)
                    .hasMessageContaining(mistake.get(1));
        }
    }

    @Test
    void noTimeDimensionIsEmpty() {
        MetricsQuery query = MetricsQueryParser.parse(
                "{\"view\":\"traces\",\"metrics\":[{\"measure\":\"count\",\"aggregation\":\"count\"}],%s}".formatted(RANGE), MetricsApiVersion.V1);
        assertThat(query.timeDimension()).isEqualTo(Optional.empty());
        assertThat(query.version()).isEqualTo(MetricsApiVersion.V1);
    }
}
