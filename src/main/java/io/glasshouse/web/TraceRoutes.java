package io.glasshouse.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.query.FilterJson;
import io.glasshouse.query.TraceDeletion;
import io.glasshouse.storage.EventQueries;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.TraceDetail;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.Sort;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceListRequest;
import io.glasshouse.storage.query.TraceSummary;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Langfuse's trace endpoints: the list, one trace with its observations and scores, deletion. */
final class TraceRoutes {
    private static final Sort NEWEST_FIRST = new Sort("timestamp", true);

    private final EventStore events;
    private final EventQueries queries;
    private final TraceDeletion deletion;
    private final RequestAuth authenticator;

    TraceRoutes(EventStore events, EventQueries queries, TraceDeletion deletion, RequestAuth authenticator) {
        this.events = events;
        this.queries = queries;
        this.deletion = deletion;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/traces", this::list);
        app.get("/api/public/traces/{traceId}", this::trace);
        app.delete("/api/public/traces/{traceId}", this::delete);
        app.delete("/api/public/traces", this::deleteMany);
    }

    private void list(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Pagination pagination = Pagination.of(ctx);
        List<FilterCondition> filters = new ArrayList<>(FilterJson.parse(ctx.queryParam("filter"), "filter"));
        ListParameters.equality(ctx, "userId", "userId", filters);
        ListParameters.equality(ctx, "name", "name", filters);
        ListParameters.equality(ctx, "sessionId", "sessionId", filters);
        ListParameters.equality(ctx, "version", "version", filters);
        ListParameters.equality(ctx, "release", "release", filters);
        List<String> tags = ListParameters.values(ctx, "tags");
        if (!tags.isEmpty()) {
            // Langfuse: only traces that carry all of these tags.
            filters.add(FilterCondition.of("tags", FilterType.ARRAY_OPTIONS, FilterOperator.ALL_OF, tags));
        }
        List<String> environments = ListParameters.values(ctx, "environment");
        if (!environments.isEmpty()) {
            filters.add(FilterCondition.of("environment", FilterType.STRING_OPTIONS, FilterOperator.ANY_OF, environments));
        }
        Set<TraceFieldGroup> fields = ListParameters.fieldGroups(ctx, TraceFieldGroup.class, EnumSet.allOf(TraceFieldGroup.class),
                name -> name.toUpperCase(Locale.ROOT));
        fields.add(TraceFieldGroup.CORE);
        TraceListRequest request = new TraceListRequest(new PageRequest(pagination.page(), pagination.limit()),
                ListParameters.range(ctx, "fromTimestamp", "toTimestamp"), filters, ListParameters.search(ctx),
                ListParameters.sort(ctx, NEWEST_FIRST), fields);
        Page<TraceSummary> page = queries.listTraces(project, request);
        ctx.json(pagination.response(page.items().stream().map(summary -> ListJson.trace(summary, fields)).toList(),
                page.totalItems()));
    }

    private void trace(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String traceId = JsonRequests.id(ctx, "traceId");
        TraceDetail detail = events.findTraceDetail(project, traceId)
                .orElseThrow(() -> GlasshouseException.notFound("trace " + traceId + " not found in this project"));
        ctx.json(EventJson.traceWithDetails(detail.trace(), detail.observations(), detail.scores()));
    }

    private void delete(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String traceId = JsonRequests.id(ctx, "traceId");
        if (deletion.delete(project, List.of(traceId)).isEmpty()) {
            throw GlasshouseException.notFound("trace " + traceId + " not found in this project");
        }
        ctx.json(Map.of("message", "Trace deleted successfully"));
    }

    // Langfuse's batch form: {"traceIds": [...]}. Ids the project does not have are skipped.
    private void deleteMany(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        JsonNode traceIds = JsonRequests.object(ctx).get("traceIds");
        if (traceIds == null || !traceIds.isArray() || traceIds.isEmpty() || traceIds.size() > TraceDeletion.MAX_TRACES) {
            throw GlasshouseException.invalid("traceIds must be an array of 1-" + TraceDeletion.MAX_TRACES + " trace ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : traceIds) {
            if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > JsonRequests.MAX_ID_CHARS) {
                throw GlasshouseException.invalid("traceIds must hold strings of 1-" + JsonRequests.MAX_ID_CHARS + " characters");
            }
            ids.add(id.asText());
        }
        List<String> deleted = deletion.delete(project, ids);
        ctx.json(Map.of("message", "Traces deleted successfully", "deleted", deleted.size()));
    }
}
