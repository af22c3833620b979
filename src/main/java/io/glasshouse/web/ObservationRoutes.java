package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.query.FilterJson;
import io.glasshouse.query.ObservationCursors;
import io.glasshouse.storage.EventQueries;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.ObservationCursor;
import io.glasshouse.storage.query.ObservationListRequest;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Langfuse's observation reads: {@code GET /observations} (page-based), {@code /observations/{id}}
 * and {@code GET /v2/observations} (cursor-based, with field groups).
 */
final class ObservationRoutes {
    static final int V2_DEFAULT_LIMIT = 50;
    static final int V2_MAX_LIMIT = 1000;

    private final EventStore events;
    private final EventQueries queries;
    private final RequestAuth authenticator;

    ObservationRoutes(EventStore events, EventQueries queries, RequestAuth authenticator) {
        this.events = events;
        this.queries = queries;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/observations", this::list);
        app.get("/api/public/observations/{observationId}", this::observation);
        app.get("/api/public/v2/observations", this::listV2);
    }

    private void list(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Pagination pagination = Pagination.of(ctx);
        Page<ObservationRow> page = queries.listObservations(project, new ObservationListRequest(
                new PageRequest(pagination.page(), pagination.limit()), null, pagination.limit(),
                ListParameters.range(ctx, "fromStartTime", "toStartTime"), filters(ctx), ListParameters.search(ctx), true));
        ctx.json(pagination.response(page.items().stream().map(EventJson::observation).toList(), page.totalItems()));
    }

    private void listV2(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        int limit = limit(ctx);
        String cursorText = ctx.queryParam("cursor");
        ObservationCursor after = cursorText == null || cursorText.isBlank() ? null : ObservationCursors.decode(cursorText);
        Set<ListJson.ObservationGroup> groups = ListParameters.fieldGroups(ctx, ListJson.ObservationGroup.class,
                EnumSet.of(ListJson.ObservationGroup.CORE, ListJson.ObservationGroup.BASIC), name -> name.toUpperCase(Locale.ROOT));
        groups.add(ListJson.ObservationGroup.CORE);
        boolean withIo = groups.contains(ListJson.ObservationGroup.IO) || groups.contains(ListJson.ObservationGroup.METADATA);
        Page<ObservationRow> page = queries.listObservations(project, new ObservationListRequest(null, after, limit,
                ListParameters.range(ctx, "fromStartTime", "toStartTime"), filters(ctx), ListParameters.search(ctx), withIo));
        Map<String, TraceRow> traces = groups.contains(ListJson.ObservationGroup.TRACE_CONTEXT)
                ? queries.findTraces(project, page.items().stream().map(ObservationRow::traceId).distinct().toList())
                : Map.of();
        List<Map<String, Object>> data = page.items().stream()
                .map(row -> ListJson.observation(row, groups, traces.get(row.traceId())))
                .toList();
        Map<String, Object> meta = new LinkedHashMap<>();
        // A full page may have a successor; a short one is the last.
        ObservationRow last = page.items().isEmpty() ? null : page.items().getLast();
        meta.put("cursor", last != null && page.items().size() == limit
                ? ObservationCursors.encode(new ObservationCursor(last.startTime(), last.id())) : null);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", data);
        json.put("meta", meta);
        ctx.json(json);
    }

    private void observation(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String observationId = JsonRequests.id(ctx, "observationId");
        ObservationRow observation = events.findObservation(project, observationId)
                .orElseThrow(() -> GlasshouseException.notFound("observation " + observationId + " not found in this project"));
        ctx.json(EventJson.observation(observation));
    }

    private static List<FilterCondition> filters(Context ctx) {
        List<FilterCondition> filters = new ArrayList<>(FilterJson.parse(ctx.queryParam("filter"), "filter"));
        ListParameters.equality(ctx, "name", "name", filters);
        ListParameters.equality(ctx, "userId", "userId", filters);
        ListParameters.equality(ctx, "traceId", "traceId", filters);
        ListParameters.equality(ctx, "parentObservationId", "parentObservationId", filters);
        ListParameters.equality(ctx, "version", "version", filters);
        String type = ctx.queryParam("type");
        if (type != null && !type.isEmpty()) {
            filters.add(FilterCondition.of("type", FilterType.STRING, FilterOperator.EQUALS, type.strip().toUpperCase(Locale.ROOT)));
        }
        String level = ctx.queryParam("level");
        if (level != null && !level.isEmpty()) {
            String upper = level.strip().toUpperCase(Locale.ROOT);
            if (!List.of("DEBUG", "DEFAULT", "WARNING", "ERROR").contains(upper)) {
                throw GlasshouseException.invalid("level must be one of DEBUG, DEFAULT, WARNING, ERROR; got '" + level + "'");
            }
            filters.add(FilterCondition.of("level", FilterType.STRING, FilterOperator.EQUALS, upper));
        }
        List<String> environments = ListParameters.values(ctx, "environment");
        if (!environments.isEmpty()) {
            filters.add(FilterCondition.of("environment", FilterType.STRING_OPTIONS, FilterOperator.ANY_OF, environments));
        }
        return filters;
    }

    private static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isEmpty()) {
            return V2_DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= V2_MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw GlasshouseException.invalid("limit must be an integer from 1 to " + V2_MAX_LIMIT + ", got '" + value + "'");
    }
}
