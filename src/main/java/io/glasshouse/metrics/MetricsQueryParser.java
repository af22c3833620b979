package io.glasshouse.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.query.FilterJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code query} parameter of the metrics endpoints into a {@link MetricsQuery}. Every
 * refusal is a 400 that names the offending field and says what it must be.
 */
public final class MetricsQueryParser {
    static final int MAX_QUERY_CHARS = 32_768;
    private static final int MAX_ITEMS = 50;
    private static final Set<String> FIELDS = Set.of("view", "dimensions", "metrics", "filters", "timeDimension",
            "fromTimestamp", "toTimestamp", "orderBy", "config");
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
                    .build())
            .build();

    private MetricsQueryParser() {}

    public static MetricsQuery parse(String text, MetricsApiVersion version) {
        if (text == null || text.isBlank()) {
            throw GlasshouseException.invalid("query is required: a JSON object with view, metrics, fromTimestamp and toTimestamp");
        }
        if (text.length() > MAX_QUERY_CHARS) {
            throw GlasshouseException.invalid("query must be at most " + MAX_QUERY_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw GlasshouseException.invalid("query is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw GlasshouseException.invalid("query must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw GlasshouseException.invalid("query." + name + " is not a known field; known: " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        Instant from = timestamp(root, "fromTimestamp");
        Instant to = timestamp(root, "toTimestamp");
        if (!to.isAfter(from)) {
            throw GlasshouseException.invalid("query.toTimestamp must be after query.fromTimestamp");
        }
        JsonNode config = optionalObject(root, "config");
        return new MetricsQuery(
                version,
                requiredText(root, "view", "query.view"),
                dimensions(root),
                metrics(root),
                FilterJson.parse(root.get("filters"), "query.filters"),
                timeDimension(root),
                from,
                to,
                orderBy(root),
                config == null ? MetricsQuery.DEFAULT_BINS : integer(config, "bins", "query.config.bins", 1, MetricsQuery.MAX_BINS, MetricsQuery.DEFAULT_BINS),
                config == null ? MetricsQuery.DEFAULT_ROW_LIMIT : integer(config, "row_limit", "query.config.row_limit", 1, MetricsQuery.MAX_ROW_LIMIT, MetricsQuery.DEFAULT_ROW_LIMIT));
    }

    private static List<String> dimensions(JsonNode root) {
        List<String> dimensions = new ArrayList<>();
        JsonNode array = optionalArray(root, "dimensions");
        for (int i = 0; array != null && i < array.size(); i++) {
            dimensions.add(requiredText(object(array.get(i), "query.dimensions[" + i + "]"), "field", "query.dimensions[" + i + "].field"));
        }
        return dimensions;
    }

    private static List<MetricsQuery.Metric> metrics(JsonNode root) {
        JsonNode array = optionalArray(root, "metrics");
        if (array == null || array.isEmpty()) {
            throw GlasshouseException.invalid("query.metrics must list at least one {measure, aggregation}");
        }
        List<MetricsQuery.Metric> metrics = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "query.metrics[" + i + "]";
            JsonNode metric = object(array.get(i), path);
            metrics.add(new MetricsQuery.Metric(
                    requiredText(metric, "measure", path + ".measure"),
                    enumValue(Aggregation.class, requiredText(metric, "aggregation", path + ".aggregation"), path + ".aggregation")));
        }
        return metrics;
    }

    private static Optional<Granularity> timeDimension(JsonNode root) {
        JsonNode time = optionalObject(root, "timeDimension");
        if (time == null) {
            return Optional.empty();
        }
        return Optional.of(enumValue(Granularity.class,
                requiredText(time, "granularity", "query.timeDimension.granularity"), "query.timeDimension.granularity"));
    }

    private static List<MetricsQuery.Order> orderBy(JsonNode root) {
        List<MetricsQuery.Order> orders = new ArrayList<>();
        JsonNode array = optionalArray(root, "orderBy");
        for (int i = 0; array != null && i < array.size(); i++) {
            String path = "query.orderBy[" + i + "]";
            JsonNode order = object(array.get(i), path);
            String direction = requiredText(order, "direction", path + ".direction").toLowerCase(Locale.ROOT);
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw GlasshouseException.invalid(path + ".direction must be asc or desc, got '" + direction + "'");
            }
            orders.add(new MetricsQuery.Order(requiredText(order, "field", path + ".field"), direction.equals("desc")));
        }
        return orders;
    }

    private static Instant timestamp(JsonNode root, String field) {
        String text = requiredText(root, field, "query." + field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw GlasshouseException.invalid("query." + field + " must be an ISO 8601 date-time such as 2026-11-01T00:00:00Z, got '" + text + "'");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String path) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw GlasshouseException.invalid(path + " '" + value + "' is not known; use one of " + String.join(", ", names));
    }

    private static int integer(JsonNode object, String field, String path, int min, int max, int fallback) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min || value.intValue() > max) {
            throw GlasshouseException.invalid(path + " must be an integer from " + min + " to " + max + ", got " + value);
        }
        return value.intValue();
    }

    private static String requiredText(JsonNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw GlasshouseException.invalid(path + " is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw GlasshouseException.invalid(path + " must be a non-empty string");
        }
        return value.asText();
    }

    private static JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw GlasshouseException.invalid(path + " must be a JSON object");
        }
        return node;
    }

    private static JsonNode optionalObject(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return object(value, "query." + field);
    }

    private static JsonNode optionalArray(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw GlasshouseException.invalid("query." + field + " must be a JSON array");
        }
        if (value.size() > MAX_ITEMS) {
            throw GlasshouseException.invalid("query." + field + " may hold at most " + MAX_ITEMS + " items");
        }
        return value;
    }
}
