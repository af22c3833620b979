package io.glasshouse.scores;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.model.ScoreConfig.Category;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.storage.meta.ScoreConfigStore;
import io.glasshouse.storage.meta.ScoreConfigStore.Changes;
import io.glasshouse.storage.meta.ScoreConfigStore.NewScoreConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Langfuse's {@code /api/public/score-configs}: reads its request bodies ({@code
 * CreateScoreConfigRequest}, {@code UpdateScoreConfigRequest}) and keeps the configs in the
 * metadata store, which applies Langfuse's rules. Failures are INVALID_REQUEST naming the field.
 */
public final class ScoreConfigs {
    private final ScoreConfigStore store;

    public ScoreConfigs(ScoreConfigStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** One page and how many there are in all. */
    public record Page(List<ScoreConfig> configs, long totalItems) {
        public Page {
            configs = List.copyOf(configs);
        }
    }

    public ScoreConfig create(ProjectId project, JsonNode body) {
        requireNonNull(body, "body is null");
        return store.create(project, new NewScoreConfig(
                string(body, "name"),
                dataType(body),
                number(body, "minValue"),
                number(body, "maxValue"),
                categories(body),
                string(body, "description")));
    }

    public Optional<ScoreConfig> find(ProjectId project, String id) {
        return store.find(project, id);
    }

    /** Newest first. */
    public Page list(ProjectId project, int offset, int limit) {
        return new Page(store.list(project, offset, limit), store.count(project));
    }

    /**
     * Langfuse's PATCH: any of isArchived, name, minValue, maxValue, categories, description.
     *
     * @throws GlasshouseException NOT_FOUND when the project has no such config
     */
    public ScoreConfig update(ProjectId project, String id, JsonNode body) {
        requireNonNull(body, "body is null");
        if (body.has("dataType")) {
            throw GlasshouseException.invalid("dataType of a score config cannot be changed; create a new config");
        }
        JsonNode archived = value(body, "isArchived");
        if (archived != null && !archived.isBoolean()) {
            throw GlasshouseException.invalid("isArchived must be true or false");
        }
        return store.update(project, id, new Changes(
                archived == null ? null : archived.booleanValue(),
                string(body, "name"),
                number(body, "minValue"),
                number(body, "maxValue"),
                categories(body),
                string(body, "description")));
    }

    private static ScoreDataType dataType(JsonNode body) {
        JsonNode value = value(body, "dataType");
        if (value == null) {
            throw GlasshouseException.invalid("dataType is required: NUMERIC, CATEGORICAL or BOOLEAN");
        }
        String name = value.isTextual() ? value.textValue() : "";
        return switch (name) {
            case "NUMERIC" -> ScoreDataType.NUMERIC;
            case "CATEGORICAL" -> ScoreDataType.CATEGORICAL;
            case "BOOLEAN" -> ScoreDataType.BOOLEAN;
            case "TEXT" -> throw GlasshouseException.invalid("dataType TEXT is not supported yet; use NUMERIC, CATEGORICAL or BOOLEAN");
            default -> throw GlasshouseException.invalid("dataType must be one of NUMERIC, CATEGORICAL, BOOLEAN");
        };
    }

    private static List<Category> categories(JsonNode body) {
        JsonNode value = value(body, "categories");
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw GlasshouseException.invalid("categories must be an array of {\"label\": string, \"value\": number}");
        }
        List<Category> categories = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode category = value.get(i);
            JsonNode label = category.get("label");
            JsonNode number = category.get("value");
            if (!category.isObject() || label == null || !label.isTextual() || label.textValue().isBlank()
                    || number == null || !number.isNumber() || !Double.isFinite(number.doubleValue())) {
                throw GlasshouseException.invalid("categories[" + i + "] must be {\"label\": non-empty string, \"value\": number}");
            }
            categories.add(new Category(label.textValue(), number.doubleValue()));
        }
        return categories;
    }

    private static String string(JsonNode body, String field) {
        JsonNode value = value(body, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw GlasshouseException.invalid(field + " must be a string");
        }
        return value.textValue();
    }

    private static Double number(JsonNode body, String field) {
        JsonNode value = value(body, field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw GlasshouseException.invalid(field + " must be a finite number");
        }
        return value.doubleValue();
    }

    private static JsonNode value(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }
}
