package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the hourly observation rollup ({@code observation_hourly}, V005) that answers additive
 * metrics queries without FINAL over every observation. The write path feeds it the sums of
 * signed rows ({@link #encode}); {@link #reconcile} recomputes hours from the observations with FINAL and
 * writes the difference, for the backfill after the migration, for a dataset generated inside
 * the engine (bench/query), and on demand ({@code POST /api/public/metrics/rollup/reconcile}, docs/metrics-api.md).
 */
public final class ObservationRollup {
    /** The migration that creates the rollup; a start that applies it backfills with {@link #reconcileAll}. */
    public static final int MIGRATION = 5;

    /** The earliest and latest start times a reconcile of "everything" covers (DateTime64's range). */
    static final Instant ALL_FROM = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant ALL_TO = Instant.parse("2261-12-31T00:00:00Z");

    /** One observation version and whether it is added (+1) or cancelled (−1). */
    record Signed(ObservationRow row, int sign) {}

    private static final RowBinaryEncoder.Columns<Signed> INPUT = (signed, c) -> c
            .string("project_id", signed.row().projectId().value())
            .dateTime64("start_time", signed.row().startTime())
            .nullableDateTime64("end_time", signed.row().endTime())
            .lowCardinalityString("environment", signed.row().environment())
            .lowCardinalityString("type", signed.row().type().name())
            .nullableString("provided_model_name", signed.row().providedModelName())
            .nullableString("name", signed.row().name())
            .lowCardinalityString("level", signed.row().level().name())
            .nullableString("prompt_name", signed.row().promptName())
            .uint64Map("usage_details", signed.row().usageDetails())
            .decimal64Map("cost_details", signed.row().costDetails())
            .nullableDecimal64("total_cost", signed.row().totalCost())
            .int8("sign", signed.sign());

    private final ClickHouse clickHouse;

    public ObservationRollup(ClickHouse clickHouse) {
        this.clickHouse = requireNonNull(clickHouse, "clickHouse is null");
    }

    /**
     * A batch's contribution to the rollup, ready to insert: +1 for every live observation version
     * written, −1 for every version it replaced (a tombstone only cancels). Summed per group by
     * {@link HourlyRollupRows} into rows for the rollup itself; rows it does not sum (start times
     * outside 1970–2105) as input rows for V005's view. Either is null when empty.
     */
    record Encoded(RowBinaryEncoder.Encoded hourly, RowBinaryEncoder.Encoded viaView) {}

    /**
     * The rollup rows for a batch. Stored with the rows of other batches by
     * {@link ClickHouseEventStore} after the batch's rows, so a failure there leaves the rows stored
     * and the rollup short until reconciled.
     */
    static Encoded encode(EventBatch batch) {
        List<Signed> summedHere = new ArrayList<>(batch.observations().size() + batch.replacedObservations().size());
        List<Signed> viaView = new ArrayList<>(0);
        for (ObservationRow row : batch.observations()) {
            if (!row.deleted()) {
                (HourlyRollupRows.summedHere(row) ? summedHere : viaView).add(new Signed(row, 1));
            }
        }
        for (ObservationRow row : batch.replacedObservations()) {
            (HourlyRollupRows.summedHere(row) ? summedHere : viaView).add(new Signed(row, -1));
        }
        return new Encoded(HourlyRollupRows.encode(summedHere), viaView.isEmpty() ? null : RowBinaryEncoder.encode(viaView, INPUT));
    }

    /** The table {@link Encoded#viaView} rows are inserted into (a Null table; its view feeds the rollup). */
    static final String INPUT_TABLE = "observation_rollup_input";

    /**
     * Makes the rollup equal to the observations (read with FINAL) for one project's hours in
     * [{@code from}, {@code to}), widened to whole hours. Rows written while it runs may be
     * counted twice or not at all: run it over hours ingestion no longer writes to, or run it
     * again.
     */
    public void reconcile(ProjectId project, Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        Instant end = to.truncatedTo(ChronoUnit.HOURS).equals(to) ? to : to.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        clickHouse.execute(ProjectScopedSql.forProject(project, ObservationRollupSql.reconcile())
                .bind("from", start)
                .bind("to", end)
                .build());
    }

    /** How many rollup groups differ from the observations (FINAL) in the project's whole hours of [from, to); for checks. */
    long differences(ProjectId project, Instant from, Instant to) {
        return clickHouse.query(ProjectScopedSql.forProject(project, "SELECT count() AS n FROM (" + ObservationRollupSql.differences() + ")")
                        .bind("from", from.truncatedTo(ChronoUnit.HOURS))
                        .bind("to", to)
                        .build())
                .scalar().asLong();
    }

    /** {@link #reconcile} over all of a project's hours. */
    public void reconcile(ProjectId project) {
        reconcile(project, ALL_FROM, ALL_TO);
    }

    /**
     * Reconciles every project that has observations or rollup rows. The project list is a
     * maintenance read across projects; each reconcile is bound to its project.
     *
     * @return the number of projects reconciled
     */
    public int reconcileAll() {
        List<JsonNode> projects = clickHouse.query(Sql.plain("SELECT DISTINCT project_id FROM observations"
                + " UNION DISTINCT SELECT DISTINCT project_id FROM " + ObservationRollupSql.TABLE)).rows().stream()
                .map(row -> row.get("project_id"))
                .toList();
        for (JsonNode project : projects) {
            reconcile(new ProjectId(project.asText()));
        }
        return projects.size();
    }

    /** For a dataset written into the engine directly (bench/query): the rollup from scratch for one project. */
    public static void rebuild(ClickHouse clickHouse, ProjectId project) {
        new ObservationRollup(clickHouse).reconcile(project);
    }
}
