package io.glasshouse.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.metrics.MetricsQuery;
import io.glasshouse.model.ProjectId;
import java.time.Instant;
import java.util.List;

/** Aggregates over a project's events: the metrics API's queries and the daily usage report. */
public interface MetricsStore {
    /**
     * The rows of a metrics query, one per group: each dimension by its field name, the time
     * bucket as {@code time_dimension}, each metric as {@code <aggregation>_<measure>}. Unknown
     * views, fields and measures are refused with an invalid-request error naming them.
     */
    List<ObjectNode> metrics(ProjectId project, MetricsQuery query);

    /** One page of days, newest first, with traces, observations, cost and usage per model. */
    DailyMetrics daily(ProjectId project, DailyMetrics.Filter filter, int offset, int limit);

    /**
     * Recomputes the project's pre-aggregated metrics for the whole hours touching
     * [{@code from}, {@code to}) from the stored events, repairing drift; returns when done.
     */
    void reconcile(ProjectId project, Instant from, Instant to);
}
