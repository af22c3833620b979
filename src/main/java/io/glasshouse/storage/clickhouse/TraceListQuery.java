package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.clickhouse.query.ColumnCatalogue;
import io.glasshouse.storage.clickhouse.query.EventCatalogues;
import io.glasshouse.storage.clickhouse.query.FilterSql;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceListRequest;
import io.glasshouse.storage.query.TraceSummary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A page of traces in four small statements rather than one join: (1) the page's ids, from the
 * light columns of the newest live rows, filtered and sorted; (2) the total; (3) the rows of just
 * those ids; (4) per-trace aggregates of their observations and scores, looked up by trace id
 * (observation_versions and score_trace_keys are ordered by trace id, so this reads a few granules).
 */
final class TraceListQuery {
    private final ClickHouse clickHouse;
    private final NewestDays newestDays;
    private final TraceTotals totals;
    private final TraceSearchQuery search;
    private final CandidateKeys candidateKeys;
    private final CandidateVersions versions;

    TraceListQuery(ClickHouse clickHouse) {
        this(clickHouse, new TraceTotals());
    }

    TraceListQuery(ClickHouse clickHouse, TraceTotals totals) {
        this(clickHouse, totals, new CandidateKeys(clickHouse));
    }

    TraceListQuery(ClickHouse clickHouse, TraceTotals totals, CandidateKeys candidateKeys) {
        this.clickHouse = clickHouse;
        this.newestDays = new NewestDays(clickHouse);
        this.totals = totals;
        this.search = new TraceSearchQuery(clickHouse);
        this.candidateKeys = candidateKeys;
        this.versions = new CandidateVersions(clickHouse);
    }

    Page<TraceSummary> list(ProjectId project, TraceListRequest request) {
        WhereClause range = TimeRanges.clause("timestamp", request.range(), "r");
        WhereClause filter = FilterSql.where(EventCatalogues.TRACES, "f", "filter", request.filters());
        ColumnCatalogue.Column sortColumn = EventCatalogues.TRACES.require(request.sort().column(), "orderBy");
        if (sortColumn.related()) {
            // Sorting by an aggregate would compute it for every trace in range, not just a page's.
            throw GlasshouseException.invalid("orderBy: cannot sort traces by '" + sortColumn.name()
                    + "' (it is computed from the trace's observations or scores); filter on it instead, or sort by a trace column");
        }
        String direction = request.sort().descending() ? " DESC" : " ASC";
        String order = " ORDER BY " + sortColumn.sql() + direction + ", id" + direction;
        boolean newestFirst = sortColumn.sql().equals("timestamp") && request.sort().descending();
        TraceSearchQuery.Result searched = request.search() == null ? null
                : search.page(project, request, range, filter, order, newestFirst);
        TraceListTotal total = searched != null ? null : remembered(project, range.and(filter));
        List<String> ids;
        WhereClause pageDays = WhereClause.NONE;
        try {
            if (searched != null) {
                ids = searched.ids();
            } else {
                PageIds page = unsearchedIds(project, request, range, filter, order, newestFirst, total);
                ids = page.ids();
                pageDays = page.days();
            }
        } catch (RuntimeException e) {
            if (total != null) {
                total.abandon();
            }
            throw e;
        }
        if (ids.isEmpty()) {
            return new Page<>(List.of(), searched != null ? searched.total() : total.of(request, 0));
        }
        // The page's rows, aggregates and score ids, and the total, are independent look-ups: at once.
        boolean withAggregates = request.fields().contains(TraceFieldGroup.OBSERVATIONS) || request.fields().contains(TraceFieldGroup.METRICS);
        // A search may have read the page's rows whole already (TraceSearchQuery.Result#rows).
        var rowsRead = searched != null && searched.rows() != null ? CompletableFuture.completedFuture(searched.rows())
                : startRows(project, ids, request.fields().contains(TraceFieldGroup.IO), pageDays);
        var aggregatesRead = SideReads.start(() -> withAggregates ? observationAggregates(project, ids) : Map.<String, ObservationAggregate>of());
        var scoresRead = SideReads.start(() -> request.fields().contains(TraceFieldGroup.SCORES) ? scoreIds(project, ids)
                : Map.<String, List<String>>of());
        long totalItems;
        try {
            totalItems = searched != null ? searched.total() : total.of(request, ids.size());
        } catch (RuntimeException e) {
            SideReads.cancel(rowsRead, aggregatesRead, scoresRead);
            throw e;
        }
        Map<String, TraceRow> rows = SideReads.join(rowsRead);
        Map<String, ObservationAggregate> observations = SideReads.join(aggregatesRead);
        Map<String, List<String>> scores = SideReads.join(scoresRead);
        List<TraceSummary> page = new ArrayList<>(ids.size());
        for (String id : ids) {
            TraceRow row = rows.get(id);
            if (row == null) {
                continue; // deleted between the two statements
            }
            ObservationAggregate aggregate = observations.getOrDefault(id, ObservationAggregate.NONE);
            boolean metrics = request.fields().contains(TraceFieldGroup.METRICS);
            page.add(new TraceSummary(row,
                    metrics ? aggregate.latencySeconds() : null,
                    metrics ? aggregate.totalCost() : null,
                    request.fields().contains(TraceFieldGroup.OBSERVATIONS) ? aggregate.ids() : null,
                    request.fields().contains(TraceFieldGroup.SCORES) ? scores.getOrDefault(id, List.of()) : null));
        }
        return new Page<>(page, totalItems);
    }

    // Conditions on the trace's own columns (userId, environment, tags, ...): only a key with some
    // version matching can have a newest version that matches, so picking newest versions among
    // those keys alone is exact (the conditions are still tested on the newest version after) and
    // reads the newest versions of the matching traces, not of every trace in the window. Only
    // for selective filters (NewestDays): for a userId on 40k traces the page ids took 19-50 ms
    // instead of 14-96 ms, but for environment = 'production' (60% of rows) 45-403 ms instead of
    // 12-336 ms (measured under load 12; docs/query-performance-plan.md).
    private static WhereClause matchingKeys(TraceListRequest request, WhereClause window) {
        WhereClause matching = FilterSql.where(EventCatalogues.TRACES, "k", "filter", request.filters());
        return window.and(new WhereClause("(toDate(timestamp), id) IN (SELECT toDate(timestamp), id FROM traces WHERE "
                + ProjectScopedSql.PROJECT_FILTER + " AND " + window.text() + " AND " + matching.text() + ")", matching.values()));
    }

    private TraceListTotal remembered(ProjectId project, WhereClause condition) {
        return new TraceListTotal(clickHouse, totals, new TraceTotals.Key(project, condition));
    }

    /** A page's trace ids and a condition on the days they lie in ({@link WhereClause#NONE} when not known). */
    private record PageIds(List<String> ids, WhereClause days) {}

    // Newest first (the default), the page lies in the newest days: read only those when they
    // hold a full page, else everything (NewestDays explains the estimate). Selective filters on the
    // trace's own columns narrow to the keys that ever matched (matchingKeys).
    private PageIds unsearchedIds(ProjectId project, TraceListRequest request, WhereClause range, WhereClause filter,
            String order, boolean newestFirst, TraceListTotal total) {
        Optional<CandidateKeys.Lookup> lookup = CandidateKeys.lookup(request.filters());
        if (lookup.isPresent()) {
            Optional<PageIds> keyed = candidateIds(project, lookup.get(), request, range, filter, order, newestFirst, total);
            if (keyed.isPresent()) {
                return keyed.get();
            }
        }
        boolean ownColumns = !request.filters().isEmpty() && request.filters().stream()
                .noneMatch(condition -> EventCatalogues.TRACES.require(condition.column(), "filter").related());
        NewestDays.Window window = NewestDays.Window.ALL_DAYS_UNKNOWN;
        if (newestFirst) {
            window = newestDays.window(project, range, filter, request.page().offset() + request.page().limit());
            if (window.since().isPresent()) {
                total.countBeside();
                WhereClause narrowed = range.and(window.since().get());
                if (ownColumns && window.selective()) {
                    narrowed = matchingKeys(request, narrowed);
                }
                List<String> ids = pageIds(clickHouse, project,
                        LiveRows.traces("*", narrowed.text()) + " WHERE is_deleted = 0 AND " + filter.text(), order, request, narrowed, filter);
                if (ids.size() >= request.page().limit()) {
                    return new PageIds(ids, window.since().get());
                }
            }
        }
        WhereClause all = ownColumns && window.selective() ? matchingKeys(request, range) : range;
        return new PageIds(pageIds(clickHouse, project, LiveRows.traces("*", all.text()) + " WHERE is_deleted = 0 AND " + filter.text(),
                order, request, all, filter), WhereClause.NONE);
    }

    // A userId or sessionId list among its candidate keys (CandidateKeys): when its conditions and
    // sort are on trace_versions' columns, page and total in one statement from there
    // (CandidateVersions). Otherwise few candidates give page and total in one statement from
    // traces; more, the page from the newest days' candidates (all of them when those fall short
    // of a page) beside the FINAL total; too many candidates, the general path.
    private Optional<PageIds> candidateIds(ProjectId project, CandidateKeys.Lookup lookup, TraceListRequest request, WhereClause range,
            WhereClause filter, String order, boolean newestFirst, TraceListTotal total) {
        long started = totals.now();
        if (candidateKeys.versions() && CandidateVersions.serves(request)) {
            long count = candidateKeys.count(project, lookup, request.range());
            if (candidateKeys.tooMany(count)) {
                return Optional.empty();
            }
            if (count == 0) {
                total.known(0, started);
                return Optional.of(new PageIds(List.of(), WhereClause.NONE));
            }
            CandidateKeys.Counted page = versions.page(project, request, lookup, range, filter, order);
            page.total().ifPresent(counted -> total.known(counted, started));
            return Optional.of(new PageIds(page.ids(), page.days()));
        }
        CandidateKeys.Candidates candidates = candidateKeys.candidates(project, lookup, request.range(),
                request.page().offset() + request.page().limit());
        if (candidateKeys.tooMany(candidates)) {
            return Optional.empty();
        }
        if (candidateKeys.oneStatement(candidates)) {
            CandidateKeys.Counted page = candidateKeys.page(project, request, range, candidates.all(), filter, order, true);
            page.total().ifPresent(counted -> total.known(counted, started));
            return Optional.of(new PageIds(page.ids(), page.days()));
        }
        total.countBeside();
        if (newestFirst && candidates.newest().isPresent()) {
            CandidateKeys.Counted page = candidateKeys.page(project, request, range, candidates.newest().get(), filter, order, false);
            if (page.ids().size() >= request.page().limit()) {
                return Optional.of(new PageIds(page.ids(), page.days()));
            }
        }
        CandidateKeys.Counted page = candidateKeys.page(project, request, range, candidates.all(), filter, order, false);
        return Optional.of(new PageIds(page.ids(), page.days()));
    }

    static List<String> pageIds(ClickHouse clickHouse,
            ProjectId project, String live, String order, TraceListRequest request, WhereClause range, WhereClause filter) {
        Sql.Builder pageSql = ProjectScopedSql.forProject(project, "SELECT id FROM " + live + order
                        + " LIMIT {limit:UInt32} OFFSET {offset:UInt64}")
                .bind("limit", request.page().limit())
                .bind("offset", request.page().offset());
        return clickHouse.query(filter.bindTo(range.bindTo(pageSql)).build()).rows().stream()
                .map(row -> row.get("id").asText())
                .toList();
    }

    /** Live traces in {@code range} passing {@code filter}, counted with FINAL. */
    static long finalCount(ClickHouse clickHouse, ProjectId project, WhereClause range, WhereClause filter) {
        return clickHouse.query(filter.bindTo(range.bindTo(ProjectScopedSql.forProject(project,
                        "SELECT count() AS n FROM traces FINAL WHERE " + ProjectScopedSql.PROJECT_FILTER + " AND " + range.text()
                                + " AND " + filter.text()))).build())
                .scalar().asLong();
    }

    private CompletableFuture<Map<String, TraceRow>> startRows(ProjectId project, List<String> ids, boolean withIo, WhereClause days) {
        return SideReads.start(() -> rows(project, ids, withIo, days));
    }

    Map<String, TraceRow> rows(ProjectId project, List<String> ids, boolean withIo) {
        return rows(project, ids, withIo, WhereClause.NONE);
    }

    // The page's ids came from the newest versions of keys in {@code days} (the newest-days window),
    // so reading only those days gives the same rows; the sort key's day prefix then skips every
    // older day's granules instead of testing each against the id bloom filter (17 granules read
    // instead of 68 for a first page on the 2M-trace bench data, 27 ms instead of 36).
    private Map<String, TraceRow> rows(ProjectId project, List<String> ids, boolean withIo, WhereClause days) {
        String columns = withIo ? "*" : "* EXCEPT (input, output, metadata), NULL AS input, NULL AS output, map() AS metadata";
        Sql sql = days.bindTo(ProjectScopedSql.forProject(project, "SELECT * FROM "
                        + LiveRows.traces(columns, "id IN {ids:Array(String)} AND " + days.text()) + " WHERE is_deleted = 0")
                .bindStrings("ids", ids))
                .build();
        Map<String, TraceRow> rows = new HashMap<>();
        for (ObjectNode row : clickHouse.query(sql).rows()) {
            TraceRow trace = EventRows.trace(project, row);
            rows.merge(trace.id(), trace, (a, b) -> a.eventVersion() >= b.eventVersion() ? a : b);
        }
        return rows;
    }

    record ObservationAggregate(Double latencySeconds, BigDecimal totalCost, List<String> ids) {
        static final ObservationAggregate NONE = new ObservationAggregate(0.0, BigDecimal.ZERO, List.of());
    }

    // Latency and cost by the same text the latency and totalCost filters use. From
    // observation_versions (V016), which holds every observation version's key and these columns
    // in 64-row granules: a page's 50 traces read ~50 small granules per part instead of ~50 of
    // ~900 wide rows (docs/query-performance-plan.md, "Session 6").
    private Map<String, ObservationAggregate> observationAggregates(ProjectId project, List<String> ids) {
        Sql sql = ProjectScopedSql.forProject(project, "SELECT trace_id, " + EventCatalogues.TRACE_LATENCY_SECONDS + " AS latency, "
                        + EventCatalogues.TRACE_TOTAL_COST + " AS cost,"
                        + " arrayMap(x -> x.2, arraySort(groupArray((start_time, id)))) AS ids FROM "
                        + LiveRows.observationVersions("trace_id, id, start_time, end_time, total_cost, is_deleted",
                                "trace_id IN {ids:Array(String)}")
                        + " WHERE is_deleted = 0 GROUP BY trace_id")
                .bindStrings("ids", ids)
                .build();
        Map<String, ObservationAggregate> aggregates = new HashMap<>();
        for (ObjectNode row : clickHouse.query(sql).rows()) {
            aggregates.put(row.get("trace_id").asText(), new ObservationAggregate(
                    row.get("latency").asDouble(), new BigDecimal(row.get("cost").asText()).stripTrailingZeros(), strings(row.get("ids"))));
        }
        return aggregates;
    }

    // As the trace detail reads them (LiveRows.scoreKeysOfTraces): trace_id is tested only on the
    // newest version, so a score moved to another trace leaves the old one's list.
    private Map<String, List<String>> scoreIds(ProjectId project, List<String> ids) {
        Sql sql = ProjectScopedSql.forProject(project, "SELECT trace_id, arrayMap(x -> x.2, arraySort(groupArray((timestamp, id)))) AS ids FROM "
                        + LiveRows.scores("trace_id, id, name, timestamp, is_deleted",
                                LiveRows.scoreKeysOfTraces("trace_id IN {ids:Array(String)}"))
                        + " WHERE is_deleted = 0 AND trace_id IN {ids:Array(String)} GROUP BY trace_id")
                .bindStrings("ids", ids)
                .build();
        Map<String, List<String>> scores = new HashMap<>();
        for (ObjectNode row : clickHouse.query(sql).rows()) {
            scores.put(row.get("trace_id").asText(), strings(row.get("ids")));
        }
        return scores;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
