package io.glasshouse.storage.clickhouse;

import io.glasshouse.model.ObservationRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write path's contribution to {@code observation_hourly}, summed here per rollup group
 * instead of by V005's materialized view, so an insert needs no view. The view (analysing and
 * running its GROUP BY on every insert) cost 15.5 ms of engine CPU per insert of 23 spans; summing
 * here and inserting the sums saves 7 of 57 ms per such insert and 22 of 113 ms per insert of 202
 * spans (bench InsertCost; docs/RATIONALE.md, "The write path sums the hourly rollup itself").
 *
 * <p>Each sum is computed as {@link ObservationRollupSql#contributions} computes it in SQL, to the
 * bit; {@code BaseObservationRollupTest} compares the two on the same rows:
 * <ul>
 *   <li>the hour is the start time cut to the hour;</li>
 *   <li>costs are cut to 12 decimals (the Decimal64(12) the view read them as) and summed exactly;</li>
 *   <li>input and output costs and tokens sum the detail keys containing "input" or "output" in
 *       ASCII letters of any case (positionCaseInsensitive), token sums wrapping as UInt64 does;</li>
 *   <li>latency is end minus start in whole milliseconds of each (dateDiff('millisecond'));</li>
 * </ul>
 * Rows starting before 1970 or after 2105 are not summed here: there the view's
 * {@code toStartOfHour} (a 32-bit DateTime) gives other hours, so they keep going through it.
 */
final class HourlyRollupRows {
    static final String TABLE = ObservationRollupSql.TABLE;

    private static final Instant FIRST_HOUR = Instant.EPOCH;
    private static final Instant LAST_START = Instant.parse("2106-01-01T00:00:00Z");

    private HourlyRollupRows() {}

    private record Group(String projectId, long hourMicros, String environment, String type, String providedModelName,
            String name, String level, String promptName) {}

    private static final class Sums {
        long observations;
        BigDecimal totalCost = BigDecimal.ZERO;
        long totalCostCount;
        BigDecimal inputCost = BigDecimal.ZERO;
        BigDecimal outputCost = BigDecimal.ZERO;
        long inputTokens;
        long outputTokens;
        long totalTokens;
        long latencyMs;
        long latencyCount;

        void add(ObservationRow row, int sign) {
            observations += sign;
            if (row.totalCost() != null) {
                totalCost = totalCost.add(decimal12(row.totalCost()).multiply(BigDecimal.valueOf(sign)));
                totalCostCount += sign;
            }
            inputCost = inputCost.add(costOfKeys(row.costDetails(), "input").multiply(BigDecimal.valueOf(sign)));
            outputCost = outputCost.add(costOfKeys(row.costDetails(), "output").multiply(BigDecimal.valueOf(sign)));
            inputTokens += tokensOfKeys(row.usageDetails(), "input") * sign;
            outputTokens += tokensOfKeys(row.usageDetails(), "output") * sign;
            totalTokens += row.usageDetails().getOrDefault("total", 0L) * sign;
            if (row.endTime() != null) {
                latencyMs += (micros(row.endTime()) / 1000 - micros(row.startTime()) / 1000) * sign;
                latencyCount += sign;
            }
        }

        boolean allZero() {
            return observations == 0 && totalCost.signum() == 0 && totalCostCount == 0 && inputCost.signum() == 0
                    && outputCost.signum() == 0 && inputTokens == 0 && outputTokens == 0 && totalTokens == 0
                    && latencyMs == 0 && latencyCount == 0;
        }
    }

    private record Summed(Group group, Sums sums) {}

    private static final RowBinaryEncoder.Columns<Summed> COLUMNS = (summed, c) -> c
            .string("project_id", summed.group().projectId())
            .dateTime64("start_time", Instant.ofEpochSecond(summed.group().hourMicros() / 1_000_000))
            .lowCardinalityString("environment", summed.group().environment())
            .lowCardinalityString("type", summed.group().type())
            .nullableString("provided_model_name", summed.group().providedModelName())
            .nullableString("name", summed.group().name())
            .lowCardinalityString("level", summed.group().level())
            .nullableString("prompt_name", summed.group().promptName())
            .int64("observations", summed.sums().observations)
            .decimal128("total_cost", summed.sums().totalCost)
            .int64("total_cost_count", summed.sums().totalCostCount)
            .decimal128("input_cost", summed.sums().inputCost)
            .decimal128("output_cost", summed.sums().outputCost)
            .int64("input_tokens", summed.sums().inputTokens)
            .int64("output_tokens", summed.sums().outputTokens)
            .int64("total_tokens", summed.sums().totalTokens)
            .int64("latency_ms", summed.sums().latencyMs)
            .int64("latency_count", summed.sums().latencyCount);

    /** Whether the row's contribution is summed here; the others go through the view. */
    static boolean summedHere(ObservationRow row) {
        return !row.startTime().isBefore(FIRST_HOUR) && row.startTime().isBefore(LAST_START);
    }

    /** The rows' summed contributions, one row per group (groups that sum to nothing left out); null when none. */
    static RowBinaryEncoder.Encoded encode(List<ObservationRollup.Signed> rows) {
        Map<Group, Sums> groups = new LinkedHashMap<>();
        for (ObservationRollup.Signed signed : rows) {
            ObservationRow row = signed.row();
            Group group = new Group(row.projectId().value(), Math.floorDiv(micros(row.startTime()), 3_600_000_000L) * 3_600_000_000L,
                    row.environment(), row.type().name(), row.providedModelName(), row.name(), row.level().name(), row.promptName());
            groups.computeIfAbsent(group, g -> new Sums()).add(row, signed.sign());
        }
        List<Summed> summed = groups.entrySet().stream()
                .filter(entry -> !entry.getValue().allZero())
                .map(entry -> new Summed(entry.getKey(), entry.getValue()))
                .toList();
        return summed.isEmpty() ? null : RowBinaryEncoder.encode(summed, COLUMNS);
    }

    private static BigDecimal costOfKeys(Map<String, BigDecimal> details, String needle) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> entry : details.entrySet()) {
            if (containsAsciiIgnoringCase(entry.getKey(), needle)) {
                sum = sum.add(decimal12(entry.getValue()));
            }
        }
        return sum;
    }

    // UInt64 sums wrap; so do longs, to the same bits.
    private static long tokensOfKeys(Map<String, Long> details, String needle) {
        long sum = 0;
        for (Map.Entry<String, Long> entry : details.entrySet()) {
            if (containsAsciiIgnoringCase(entry.getKey(), needle)) {
                sum += entry.getValue();
            }
        }
        return sum;
    }

    /** positionCaseInsensitive(text, needle) > 0 for an ASCII lower-case needle: only ASCII letters fold. */
    static boolean containsAsciiIgnoringCase(String text, String needle) {
        outer:
        for (int start = 0; start + needle.length() <= text.length(); start++) {
            for (int i = 0; i < needle.length(); i++) {
                char c = text.charAt(start + i);
                if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != needle.charAt(i)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static BigDecimal decimal12(BigDecimal value) {
        return value.setScale(12, RoundingMode.DOWN);
    }

    // As the encoder stores DateTime64(6): nanoseconds cut to microseconds.
    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
