package io.glasshouse.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.ObservationCursor;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestFilterJson {
    @Test
    void readsEveryFilterTypeOfLangfusesFilterState() {
        List<FilterCondition> conditions = FilterJson.parse("""
                [{"type": "datetime", "column": "timestamp", "operator": ">=", "value": "2026-01-02T03:04:05.678Z"},
                 {"type": "string", "column": "name", "operator": "contains", "value": "chat"},
                 {"type": "number", "column": "latency", "operator": "<", "value": 2.5},
                 {"type": "stringOptions", "column": "environment", "operator": "none of", "value": ["dev"]},
                 {"type": "arrayOptions", "column": "tags", "operator": "all of", "value": ["a", "b"]},
                 {"type": "stringObject", "column": "metadata", "key": "tier", "operator": "=", "value": "gold"},
                 {"type": "numberObject", "column": "metadata", "key": "n", "operator": ">", "value": "3"},
                 {"type": "boolean", "column": "bookmarked", "operator": "=", "value": true},
                 {"type": "null", "column": "release", "operator": "is not null", "value": ""}]""", "filter");
        assertThat(conditions).containsExactly(
                FilterCondition.of("timestamp", FilterType.DATETIME, FilterOperator.GREATER_OR_EQUAL, Instant.parse("2026-01-02T03:04:05.678Z")),
                FilterCondition.of("name", FilterType.STRING, FilterOperator.CONTAINS, "chat"),
                FilterCondition.of("latency", FilterType.NUMBER, FilterOperator.LESS, 2.5),
                FilterCondition.of("environment", FilterType.STRING_OPTIONS, FilterOperator.NONE_OF, List.of("dev")),
                FilterCondition.of("tags", FilterType.ARRAY_OPTIONS, FilterOperator.ALL_OF, List.of("a", "b")),
                new FilterCondition("metadata", FilterType.STRING_OBJECT, FilterOperator.EQUALS, "gold", "tier"),
                new FilterCondition("metadata", FilterType.NUMBER_OBJECT, FilterOperator.GREATER, 3.0, "n"),
                FilterCondition.of("bookmarked", FilterType.BOOLEAN, FilterOperator.EQUALS, true),
                FilterCondition.of("release", FilterType.NULL, FilterOperator.IS_NOT_NULL, null));
        assertThat(FilterJson.parse("", "filter")).isEmpty();
    }

    @Test
    void namesThePositionAndFieldOfEveryMistake() {
        assertInvalid("{", "filter is not valid JSON");
        assertInvalid("{}", "filter must be a JSON array");
        assertInvalid("[{\"type\": \"fuzzy\", \"column\": \"name\", \"operator\": \"=\", \"value\": 1}]", "filter[0].type: 'fuzzy'");
        assertInvalid("[{\"type\": \"string\", \"column\": \"name\", \"operator\": \"any of\", \"value\": \"x\"}]",
                "filter[0].operator: 'any of' does not apply to type string");
        assertInvalid("[{\"type\": \"string\", \"operator\": \"=\", \"value\": \"x\"}]", "filter[0].column is required");
        assertInvalid("[{\"type\": \"number\", \"column\": \"n\", \"operator\": \"=\", \"value\": \"many\"}]", "filter[0].value must be a number");
        assertInvalid("[{\"type\": \"datetime\", \"column\": \"t\", \"operator\": \">\", \"value\": \"monday\"}]",
                "filter[0].value must be an ISO 8601 date-time");
        assertInvalid("[{\"type\": \"stringObject\", \"column\": \"metadata\", \"operator\": \"=\", \"value\": \"x\"}]",
                "filter[0].key is required");
        assertInvalid("[{\"type\": \"arrayOptions\", \"column\": \"tags\", \"operator\": \"any of\", \"value\": []}]",
                "filter[0].value must be a non-empty array of strings");
    }

    @Test
    void cursorsRoundTripAndForeignTextIsRefused() {
        ObservationCursor cursor = new ObservationCursor(Instant.parse("2026-11-20T09:30:00.123456Z"), "obs.with.dots-日本");
        assertThat(ObservationCursors.decode(ObservationCursors.encode(cursor))).isEqualTo(cursor);
        assertThatThrownBy(() -> ObservationCursors.decode("bm90LWEtY3Vyc29y"))
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining("cursor");
        assertThatThrownBy(() -> ObservationCursors.decode("***"))
                .isInstanceOf(GlasshouseException.class);
    }

    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> FilterJson.parse(json, "filter"))
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining(message);
    }
}
