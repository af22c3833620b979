package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.metrics.MetricsApiVersion;
import io.glasshouse.metrics.MetricsQueryParser;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.DailyMetrics;
import io.glasshouse.storage.MetricsStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Langfuse's metrics endpoints: the query API (v1 and v2) and the daily usage report. */
final class MetricsRoutes {
    // The range DateTime64 holds (as QueryParameters checks): "all hours" for a reconcile.
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2261-12-31T00:00:00Z");
    private final MetricsStore metrics;
    private final RequestAuth authenticator;
    // A reconcile reads the observations with FINAL over its hours: one at a time per server.
    private final ExclusiveJob reconciling = new ExclusiveJob("a metrics rollup reconcile");

    MetricsRoutes(MetricsStore metrics, RequestAuth authenticator) {
        this.metrics = metrics;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/metrics", ctx -> query(ctx, MetricsApiVersion.V1));
        app.get("/api/public/v2/metrics", ctx -> query(ctx, MetricsApiVersion.V2));
        app.get("/api/public/metrics/daily", this::daily);
        app.post("/api/public/metrics/rollup/reconcile", this::reconcile);
    }

    // Glasshouse's own (not Langfuse's): repairs the project's hourly metrics rollup from the
    // stored observations, for the hours in [fromTimestamp, toTimestamp) (default: all).
    private void reconcile(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Instant from = QueryParameters.instant(ctx, "fromTimestamp");
        Instant to = QueryParameters.instant(ctx, "toTimestamp");
        Instant start = from == null ? EARLIEST : from;
        Instant end = to == null ? LATEST : to;
        if (!start.isBefore(end)) {
            throw GlasshouseException.invalid("fromTimestamp must be before toTimestamp");
        }
        reconciling.run(() -> metrics.reconcile(project, start, end));
        ctx.json(Map.of("reconciled", true, "fromTimestamp", start.toString(), "toTimestamp", end.toString()));
    }

    private void query(Context ctx, MetricsApiVersion version) {
        ProjectId project = authenticator.project(ctx);
        var query = MetricsQueryParser.parse(ctx.queryParam("query"), version);
        ctx.json(Map.of("data", metrics.metrics(project, query)));
    }

    private void daily(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Pagination pagination = Pagination.of(ctx);
        DailyMetrics.Filter filter = new DailyMetrics.Filter(
                QueryParameters.text(ctx, "traceName"),
                QueryParameters.text(ctx, "userId"),
                QueryParameters.repeated(ctx, "tags"),
                QueryParameters.repeated(ctx, "environment"),
                QueryParameters.instant(ctx, "fromTimestamp"),
                QueryParameters.instant(ctx, "toTimestamp"));
        DailyMetrics page = metrics.daily(project, filter, pagination.offset(), pagination.limit());
        ctx.json(pagination.response(page.days().stream().map(MetricsRoutes::day).toList(), page.totalDays()));
    }

    private static Map<String, Object> day(DailyMetrics.Day day) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", day.date().toString());
        json.put("countTraces", day.countTraces());
        json.put("countObservations", day.countObservations());
        json.put("totalCost", day.totalCost());
        List<Map<String, Object>> usage = day.usage().stream().map(model -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("model", model.model());
            entry.put("inputUsage", model.inputUsage());
            entry.put("outputUsage", model.outputUsage());
            entry.put("totalUsage", model.totalUsage());
            entry.put("countTraces", model.countTraces());
            entry.put("countObservations", model.countObservations());
            entry.put("totalCost", model.totalCost());
            return entry;
        }).toList();
        json.put("usage", usage);
        return json;
    }
}
