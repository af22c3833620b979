package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.ScoreFilter;
import io.glasshouse.storage.ScoreLists;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads of scores: Langfuse's {@code GET /v2/scores} (page-based, filtered, with trace
 * properties), {@code GET /v2/scores/{id}} and {@code GET /v3/scores} (cursor-based, with a
 * {@code value} typed by the score's data type).
 */
final class ScoreListRoutes {
    private static final Set<String> OPERATORS = Set.of("<", ">", "<=", ">=", "=", "!=");
    private static final Set<String> FIELD_GROUPS = Set.of("score", "trace");

    private final ScoreLists lists;
    private final EventStore events;
    private final RequestAuth authenticator;

    ScoreListRoutes(ScoreLists lists, EventStore events, RequestAuth authenticator) {
        this.lists = lists;
        this.events = events;
        this.authenticator = authenticator;
    }

    void register(Javalin app) {
        app.get("/api/public/v2/scores", this::list);
        app.get("/api/public/v2/scores/{scoreId}", this::byId);
        app.get("/api/public/v3/scores", this::listV3);
    }

    private void list(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        Pagination pagination = Pagination.of(ctx);
        List<String> fields = QueryParameters.commaSeparated(ctx, "fields");
        for (String field : fields) {
            if (!FIELD_GROUPS.contains(field)) {
                throw GlasshouseException.invalid("fields may list score and trace, got '" + field + "'");
            }
        }
        boolean withTrace = fields.isEmpty() || fields.contains("trace");
        ScoreFilter filter = filter(ctx);
        if (!withTrace && (filter.userId() != null || !filter.traceTags().isEmpty())) {
            throw GlasshouseException.invalid("fields must include trace when filtering by userId or traceTags");
        }
        ScoreLists.Page page = lists.list(project, filter, pagination.offset(), pagination.limit());
        ctx.json(pagination.response(page.scores().stream().map(listed -> {
            Map<String, Object> json = EventJson.score(listed.score());
            if (withTrace) {
                json.put("trace", listed.trace() == null ? null : traceJson(listed.trace()));
            }
            return json;
        }).toList(), page.totalItems()));
    }

    private static Map<String, Object> traceJson(ScoreLists.TraceSummary trace) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userId", trace.userId());
        json.put("tags", trace.tags());
        json.put("environment", trace.environment());
        return json;
    }

    private static ScoreFilter filter(Context ctx) {
        String operator = QueryParameters.text(ctx, "operator");
        Double value = QueryParameters.number(ctx, "value");
        if (operator != null && !OPERATORS.contains(operator)) {
            throw GlasshouseException.invalid("operator must be one of <, >, <=, >=, =, !=, got '" + operator + "'");
        }
        if ((operator == null) != (value == null)) {
            throw GlasshouseException.invalid("operator and value go together: send both or neither");
        }
        return new ScoreFilter(
                QueryParameters.text(ctx, "userId"),
                QueryParameters.text(ctx, "name"),
                QueryParameters.instant(ctx, "fromTimestamp"),
                QueryParameters.instant(ctx, "toTimestamp"),
                QueryParameters.repeated(ctx, "environment"),
                QueryParameters.enumValue(ctx, "source", ScoreSource.class),
                operator,
                value,
                QueryParameters.commaSeparated(ctx, "scoreIds"),
                QueryParameters.text(ctx, "configId"),
                QueryParameters.text(ctx, "queueId"),
                QueryParameters.enumValue(ctx, "dataType", ScoreDataType.class),
                QueryParameters.repeated(ctx, "traceTags"),
                QueryParameters.text(ctx, "sessionId"),
                QueryParameters.text(ctx, "datasetRunId"),
                QueryParameters.commaSeparated(ctx, "observationId"),
                QueryParameters.text(ctx, "traceId"));
    }

    private void byId(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        String scoreId = JsonRequests.id(ctx, "scoreId");
        ScoreRow score = events.findScore(project, scoreId)
                .orElseThrow(() -> GlasshouseException.notFound("score " + scoreId + " not found in this project"));
        ctx.json(EventJson.score(score));
    }

    private void listV3(Context ctx) {
        ProjectId project = authenticator.project(ctx);
        int limit = new Pagination(1, limitV3(ctx)).limit();
        Optional<ScoreLists.Position> after = Optional.ofNullable(QueryParameters.text(ctx, "cursor")).map(ScoreListRoutes::decode);
        List<ScoreLists.Listed> scores = lists.listAfter(project, after, limit + 1);
        boolean more = scores.size() > limit;
        List<ScoreLists.Listed> page = more ? scores.subList(0, limit) : scores;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("limit", limit);
        if (more) {
            ScoreRow last = page.getLast().score();
            meta.put("cursor", encode(new ScoreLists.Position(last.timestamp(), last.id())));
        }
        ctx.json(Map.of("data", page.stream().map(listed -> scoreV3(listed.score())).toList(), "meta", meta));
    }

    private static int limitV3(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isEmpty()) {
            return Pagination.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= Pagination.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw GlasshouseException.invalid("limit must be an integer from 1 to " + Pagination.MAX_LIMIT + ", got '" + value + "'");
    }

    // Langfuse's v3 shape: value is a number, a boolean or a string depending on dataType.
    private static Map<String, Object> scoreV3(ScoreRow s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("projectId", s.projectId().value());
        json.put("name", s.name());
        json.put("source", s.source().name());
        json.put("timestamp", EventJson.iso(s.timestamp()));
        json.put("environment", s.environment());
        json.put("dataType", s.dataType().name());
        json.put("value", switch (s.dataType()) {
            case NUMERIC -> s.value();
            case BOOLEAN -> s.value() != 0;
            case CATEGORICAL -> s.stringValue();
        });
        json.put("traceId", s.traceId());
        json.put("observationId", s.observationId());
        json.put("sessionId", s.sessionId());
        json.put("datasetRunId", s.datasetRunId());
        json.put("comment", s.comment());
        json.put("configId", s.configId());
        return json;
    }

    // The cursor is opaque to clients: base64url of "<epoch micros>:<id>".
    static String encode(ScoreLists.Position position) {
        long micros = position.timestamp().getEpochSecond() * 1_000_000 + position.timestamp().getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + position.id()).getBytes(StandardCharsets.UTF_8));
    }

    static ScoreLists.Position decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long micros = Long.parseLong(text.substring(0, colon));
            String id = text.substring(colon + 1);
            if (id.isEmpty()) {
                throw new IllegalArgumentException("no id");
            }
            return new ScoreLists.Position(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L), id);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException | java.time.DateTimeException e) {
            throw GlasshouseException.invalid("cursor is not a cursor this API returned; pass meta.cursor of the previous page unchanged");
        }
    }
}
