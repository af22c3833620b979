package io.glasshouse.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;

/**
 * Field-by-field comparison of what a client sent with what the read API returns. Every check is
 * soft: one run reports every field that differs, each under a path such as
 * {@code observation answer.usageDetails}.
 */
final class TestingFieldChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 12 and 12.0, 0.2 as double and as decimal are the same value. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    final SoftAssertions soft = new SoftAssertions();

    /** JSON text to a tree: expectations read like the payload the client sent. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad expectation " + text, e);
        }
    }

    /** {@code actual.field} equals {@code expected}: a String, Number, Boolean, null or a JsonNode. */
    void equal(String where, JsonNode actual, String field, Object expected) {
        JsonNode want = expected instanceof JsonNode node ? node : JSON.valueToTree(expected);
        JsonNode got = actual.path(field);
        if (got.isMissingNode()) {
            soft.fail("%s.%s is missing; expected %s", where, field, want);
            return;
        }
        if (!got.equals(SAME_VALUE, want)) {
            soft.fail("%s.%s: expected %s but was %s", where, field, want, got);
        }
    }

    /** Every entry sent is in {@code actual.field} (an object), with the same value. */
    void containsEntries(String where, JsonNode actual, String field, Map<String, ?> expected) {
        JsonNode got = actual.path(field);
        expected.forEach((key, value) -> {
            JsonNode want = value instanceof JsonNode node ? node : JSON.valueToTree(value);
            if (!got.has(key)) {
                soft.fail("%s.%s has no key %s (expected %s); it is %s", where, field, key, want, got);
            } else if (!got.get(key).equals(SAME_VALUE, want)) {
                soft.fail("%s.%s.%s: expected %s but was %s", where, field, key, want, got.get(key));
            }
        });
    }

    /** No key of {@code actual.field} starts with {@code prefix}: an attribute the server did not map. */
    void noKeyStartingWith(String where, JsonNode actual, String field, String prefix) {
        List<String> leaked = new ArrayList<>();
        actual.path(field).fieldNames().forEachRemaining(key -> {
            if (key.startsWith(prefix)) {
                leaked.add(key);
            }
        });
        if (!leaked.isEmpty()) {
            soft.fail("%s.%s holds unmapped %s* keys %s: %s", where, field, prefix, leaked, actual.path(field));
        }
    }

    /** The time in {@code actual.field} is {@code expected}, give or take {@code tolerance}. */
    void time(String where, JsonNode actual, String field, Instant expected, Duration tolerance) {
        Instant got = instant(where, actual, field);
        if (got != null && Duration.between(expected, got).abs().compareTo(tolerance) > 0) {
            soft.fail("%s.%s: expected %s (±%d ms) but was %s", where, field, expected, tolerance.toMillis(), got);
        }
    }

    /** The time in {@code actual.field} lies in the window the client ran in. */
    void timeWithin(String where, JsonNode actual, String field, Instant from, Instant to) {
        Instant got = instant(where, actual, field);
        if (got != null && (got.isBefore(from) || got.isAfter(to))) {
            soft.fail("%s.%s: %s is outside the client's run %s .. %s", where, field, got, from, to);
        }
    }

    /** startTime ≤ endTime. */
    void ordered(String where, JsonNode actual, String earlier, String later) {
        Instant first = instant(where, actual, earlier);
        Instant second = instant(where, actual, later);
        if (first != null && second != null && second.isBefore(first)) {
            soft.fail("%s: %s %s is after %s %s", where, earlier, first, later, second);
        }
    }

    /** costDetails.total = input + output, all positive: a cost the server derived from its model prices. */
    void derivedCost(String where, JsonNode observation) {
        JsonNode cost = observation.path("costDetails");
        if (!cost.path("input").isNumber() || !cost.path("output").isNumber() || !cost.path("total").isNumber()) {
            soft.fail("%s.costDetails: expected input, output and total derived from the model price but was %s", where, cost);
            return;
        }
        BigDecimal input = cost.get("input").decimalValue();
        BigDecimal output = cost.get("output").decimalValue();
        BigDecimal total = cost.get("total").decimalValue();
        if (input.signum() <= 0 || output.signum() <= 0 || total.compareTo(input.add(output)) != 0) {
            soft.fail("%s.costDetails: expected positive input and output and total = input + output but was %s", where, cost);
        }
    }

    /** The single element of {@code array} whose {@code field} is {@code value}, or a failure and null. */
    JsonNode one(String where, JsonNode array, String field, String value) {
        List<JsonNode> matches = StreamSupport.stream(array.spliterator(), false)
                .filter(node -> value.equals(node.path(field).asText(null)))
                .toList();
        if (matches.size() != 1) {
            soft.fail("%s: expected one element with %s = %s, found %d in %s", where, field, value, matches.size(), array);
            return null;
        }
        return matches.getFirst();
    }

    private Instant instant(String where, JsonNode actual, String field) {
        JsonNode node = actual.path(field);
        if (!node.isTextual()) {
            soft.fail("%s.%s: expected a timestamp but was %s", where, field, node);
            return null;
        }
        try {
            return Instant.parse(node.textValue());
        } catch (DateTimeParseException e) {
            soft.fail("%s.%s: %s is not an ISO-8601 instant", where, field, node.textValue());
            return null;
        }
    }
}
