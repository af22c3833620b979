package io.glasshouse.storage.clickhouse;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of the hourly observation rollup ({@code observation_hourly}, V005): what one observation
 * contributes to it, in the metrics catalogue's own expressions. The write path computes the same
 * sums in Java ({@link HourlyRollupRows}; V005's materialized view holds this text for the rows it
 * leaves to the view); the reconciler and the edge hours of a metrics query use this copy.
 * BaseObservationRollupTest checks that they agree (a reconcile after writes finds nothing to fix) and
 * that both agree with FINAL.
 */
final class ObservationRollupSql {
    static final String TABLE = "observation_hourly";
    /** The grouping columns after project and hour, as named on observations. */
    static final List<String> KEYS = List.of(
            "environment", "type", "provided_model_name", "name", "level", "prompt_name");
    /** The summed columns, in table order. */
    static final List<String> SUMS = List.of("observations", "total_cost", "total_cost_count", "input_cost",
            "output_cost", "input_tokens", "output_tokens", "total_tokens", "latency_ms", "latency_count");

    private static final String INPUT = "positionCaseInsensitive(k, 'input') > 0";
    private static final String OUTPUT = "positionCaseInsensitive(k, 'output') > 0";

    private ObservationRollupSql() {}

    /**
     * The select list giving each row's contribution, from a relation with the observation
     * columns: project_id, the keys, {@code c_hour}, then {@code c_<sum>} for every sum, each
     * multiplied by {@code sign} (an SQL expression). Its own names keep a later
     * {@code AS start_time} from shadowing the column the latency is measured from.
     */
    static String contributions(String sign) {
        return "project_id, " + String.join(", ", KEYS) + ", "
                + "toDateTime64(toStartOfHour(start_time), 6, 'UTC') AS c_hour, "
                + "toInt64(" + sign + ") AS c_observations, "
                + "toDecimal128(ifNull(total_cost, 0), 12) * " + sign + " AS c_total_cost, "
                + "toInt64(total_cost IS NOT NULL) * " + sign + " AS c_total_cost_count, "
                + "toDecimal128(arraySum(mapValues(mapFilter((k, v) -> " + INPUT + ", cost_details))), 12) * " + sign + " AS c_input_cost, "
                + "toDecimal128(arraySum(mapValues(mapFilter((k, v) -> " + OUTPUT + ", cost_details))), 12) * " + sign + " AS c_output_cost, "
                + "toInt64(arraySum(mapValues(mapFilter((k, v) -> " + INPUT + ", usage_details)))) * " + sign + " AS c_input_tokens, "
                + "toInt64(arraySum(mapValues(mapFilter((k, v) -> " + OUTPUT + ", usage_details)))) * " + sign + " AS c_output_tokens, "
                + "toInt64(usage_details['total']) * " + sign + " AS c_total_tokens, "
                + "toInt64(ifNull(dateDiff('millisecond', start_time, end_time), 0)) * " + sign + " AS c_latency_ms, "
                + "toInt64(end_time IS NOT NULL) * " + sign + " AS c_latency_count";
    }

    /** Rollup rows read back in the shape of {@link #contributions}, negated when {@code negate}. */
    static String rollupAsContributions(boolean negate) {
        String minus = negate ? "-" : "";
        return "project_id, " + String.join(", ", KEYS) + ", start_time AS c_hour, "
                + SUMS.stream().map(sum -> minus + sum + " AS c_" + sum).collect(Collectors.joining(", "));
    }

    /** Contributions renamed to the rollup's column names, in its column order (start_time is the hour). */
    static String contributionsAsRollup() {
        return "project_id, c_hour AS start_time, " + String.join(", ", KEYS) + ", "
                + SUMS.stream().map(sum -> "c_" + sum + " AS " + sum).collect(Collectors.joining(", "));
    }

    /**
     * Inserts, for one project and the hours in [{from}, {to}), the difference between the rollup
     * and the observations read with FINAL: afterwards the two agree. Idempotent; rows that do not
     * differ are not written. {@code from} and {@code to} must be whole hours.
     */
    static String reconcile() {
        return "INSERT INTO " + TABLE + " (project_id, start_time, " + String.join(", ", KEYS) + ", " + String.join(", ", SUMS) + ") "
                + differences();
    }

    /** The rows {@link #reconcile} inserts: per group, FINAL's sums minus the rollup's, where they differ. */
    static String differences() {
        String range = "project_id = {project_id:String} AND start_time >= {from:DateTime64(6)} AND start_time < {to:DateTime64(6)}";
        return "SELECT project_id, c_hour, " + String.join(", ", KEYS) + ", "
                + SUMS.stream().map(sum -> "sum(c_" + sum + ") AS d_" + sum).collect(Collectors.joining(", "))
                + " FROM (SELECT " + contributions("1") + " FROM observations FINAL WHERE " + range + " AND is_deleted = 0"
                + " UNION ALL SELECT " + rollupAsContributions(true) + " FROM " + TABLE + " WHERE " + range + ")"
                + " GROUP BY project_id, c_hour, " + String.join(", ", KEYS)
                + " HAVING " + SUMS.stream().map(sum -> "d_" + sum + " != 0").collect(Collectors.joining(" OR "));
    }
}
