package io.glasshouse.ingest.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.pricing.PricingTierJson.TierInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Langfuse's {@code CreateModelRequest}, read and checked as Langfuse checks it: flat prices
 * ({@code inputPrice}, {@code outputPrice}, {@code totalPrice}) or {@code pricingTiers}, one of
 * the two; exactly one default tier (priority 0, no conditions); unique tier names and priorities;
 * every tier pricing the same usage keys; non-negative prices. Every failure is INVALID_REQUEST
 * naming the field.
 */
record ModelRequest(
        String modelName,
        String matchPattern,
        Instant startDate,
        String unit,
        Map<String, BigDecimal> defaultPrices,
        List<TierInput> conditionalTiers,
        String tokenizerId,
        JsonNode tokenizerConfig) {
    static final int MAX_MODEL_NAME_LENGTH = 255;
    static final int MAX_MATCH_PATTERN_LENGTH = 1000;
    static final Set<String> UNITS = Set.of("TOKENS", "CHARACTERS", "MILLISECONDS", "SECONDS", "IMAGES", "REQUESTS");
    static final String DEFAULT_UNIT = "TOKENS";

    // Names a pattern is tried on before it is accepted: each must be searched within the step
    // budget that bounds matching at ingestion. Patterns that backtrack badly blow it on long runs
    // of the characters they repeat, so the runs are of common characters and of the pattern's own.
    private static final String COMMON_PROBE_CHARACTERS = "a1-/.:_ ";
    private static final int MAX_PROBE_CHARACTERS = 24;
    private static final int PROBE_RUN_LENGTH = 100;

    static ModelRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw GlasshouseException.invalid("request body must be a JSON object with modelName, matchPattern and prices");
        }
        String modelName = requiredString(body, "modelName", MAX_MODEL_NAME_LENGTH);
        String matchPattern = requiredString(body, "matchPattern", MAX_MATCH_PATTERN_LENGTH);
        checkPattern(matchPattern);
        String unit = optionalString(body, "unit");
        if (unit != null && !UNITS.contains(unit)) {
            throw GlasshouseException.invalid("unit must be one of " + new TreeSet<>(UNITS));
        }

        BigDecimal input = optionalPrice(body, "inputPrice");
        BigDecimal output = optionalPrice(body, "outputPrice");
        BigDecimal total = optionalPrice(body, "totalPrice");
        JsonNode tiersNode = value(body, "pricingTiers");
        boolean flat = input != null || output != null || total != null;
        boolean tiered = tiersNode != null && !(tiersNode.isArray() && tiersNode.isEmpty());
        if (flat && tiered) {
            throw GlasshouseException.invalid("send either flat prices (inputPrice/outputPrice/totalPrice) or pricingTiers, not both");
        }
        if (!flat && !tiered) {
            throw GlasshouseException.invalid("send flat prices (inputPrice/outputPrice/totalPrice) or pricingTiers");
        }
        Map<String, BigDecimal> defaultPrices = new LinkedHashMap<>();
        List<TierInput> conditional = new ArrayList<>();
        if (flat) {
            if (positive(input) || positive(output)) {
                if (positive(total)) {
                    throw GlasshouseException.invalid("totalPrice must be null when inputPrice or outputPrice is set");
                }
            }
            putIfPresent(defaultPrices, "input", input);
            putIfPresent(defaultPrices, "output", output);
            putIfPresent(defaultPrices, "total", total);
        } else {
            TierInput defaultTier = tiers(tiersNode, conditional);
            defaultPrices.putAll(defaultTier.prices());
        }

        String tokenizerId = optionalString(body, "tokenizerId");
        if (tokenizerId != null && !tokenizerId.equals(TokenizerConfig.OPENAI) && !tokenizerId.equals(TokenizerConfig.CLAUDE)) {
            throw GlasshouseException.invalid("tokenizerId must be openai or claude");
        }
        JsonNode tokenizerConfig = value(body, "tokenizerConfig");
        if (tokenizerConfig != null && !tokenizerConfig.isObject()) {
            throw GlasshouseException.invalid("tokenizerConfig must be an object such as "
                    + "{\"tokenizerModel\": \"gpt-4o\", \"tokensPerMessage\": 3, \"tokensPerName\": 1}");
        }
        if (tokenizerConfig != null) {
            optionalString(tokenizerConfig, "tokenizerModel", "tokenizerConfig.tokenizerModel");
            optionalInt(tokenizerConfig, "tokensPerMessage");
            optionalInt(tokenizerConfig, "tokensPerName");
        }
        return new ModelRequest(modelName, matchPattern, startDate(body), unit == null ? DEFAULT_UNIT : unit, defaultPrices,
                conditional, tokenizerId, tokenizerConfig);
    }

    /** The tokenizer Langfuse would apply for this id and config; null when it would count nothing. */
    static TokenizerConfig tokenizer(String tokenizerId, JsonNode config) {
        if (tokenizerId == null) {
            return null;
        }
        String model = config == null ? null : textOrNull(config.get("tokenizerModel"));
        Integer perMessage = config == null ? null : intOrNull(config.get("tokensPerMessage"));
        Integer perName = config == null ? null : intOrNull(config.get("tokensPerName"));
        return TokenizerConfig.fromLangfuse(tokenizerId, model, perMessage, perName).orElse(null);
    }

    /** Reads the tiers; returns the default one and adds the others to {@code conditional}. */
    private static TierInput tiers(JsonNode node, List<TierInput> conditional) {
        if (!node.isArray()) {
            throw GlasshouseException.invalid("pricingTiers must be an array of tiers");
        }
        List<TierInput> tiers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            tiers.add(PricingTierJson.tier(node.get(i), "pricingTiers[" + i + "]"));
        }
        List<TierInput> defaults = tiers.stream().filter(TierInput::isDefault).toList();
        if (defaults.size() != 1) {
            throw GlasshouseException.invalid("pricingTiers must have exactly one tier with isDefault: true, found " + defaults.size());
        }
        TierInput defaultTier = defaults.getFirst();
        if (defaultTier.priority() != 0 || !defaultTier.conditions().isEmpty()) {
            throw GlasshouseException.invalid("pricingTiers: the default tier must have priority 0 and no conditions");
        }
        Set<Integer> priorities = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> keys = new TreeSet<>(defaultTier.prices().keySet());
        for (TierInput tier : tiers) {
            if (!tier.isDefault() && tier.conditions().isEmpty()) {
                throw GlasshouseException.invalid("pricingTiers: tier '" + tier.name() + "' is not the default and needs at least one condition");
            }
            if (!priorities.add(tier.priority())) {
                throw GlasshouseException.invalid("pricingTiers: priorities must be unique, " + tier.priority() + " appears twice");
            }
            if (!names.add(tier.name())) {
                throw GlasshouseException.invalid("pricingTiers: names must be unique, '" + tier.name() + "' appears twice");
            }
            if (!new TreeSet<>(tier.prices().keySet()).equals(keys)) {
                throw GlasshouseException.invalid("pricingTiers: tier '" + tier.name() + "' must price the same usage keys as "
                        + "the default tier: expected " + keys + ", got " + new TreeSet<>(tier.prices().keySet()));
            }
            if (!tier.isDefault()) {
                conditional.add(tier);
            }
        }
        return defaultTier;
    }

    private static void checkPattern(String matchPattern) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(matchPattern);
        } catch (PatternSyntaxException e) {
            throw GlasshouseException.invalid("matchPattern is not a valid regex: " + e.getDescription()
                    + "; for an exact match use (?i)^model-name$");
        } catch (StackOverflowError e) {
            throw GlasshouseException.invalid("matchPattern is nested too deeply");
        }
        for (char c : probeCharacters(matchPattern)) {
            String probe = String.valueOf(c).repeat(PROBE_RUN_LENGTH) + "\u0000";
            if (!BoundedRegex.finishes(pattern, probe)) {
                throw GlasshouseException.invalid("matchPattern backtracks too much (it could not be searched in "
                        + BoundedRegex.MAX_CHARACTER_READS + " steps on a " + probe.length()
                        + "-character name); simplify nested repetitions such as (a+)+");
            }
        }
    }

    private static Set<Character> probeCharacters(String matchPattern) {
        Set<Character> characters = new java.util.LinkedHashSet<>();
        COMMON_PROBE_CHARACTERS.chars().forEach(c -> characters.add((char) c));
        matchPattern.chars()
                .filter(Character::isLetterOrDigit)
                .limit(MAX_PROBE_CHARACTERS * 4L)
                .forEach(c -> {
                    if (characters.size() < COMMON_PROBE_CHARACTERS.length() + MAX_PROBE_CHARACTERS) {
                        characters.add((char) c);
                    }
                });
        return characters;
    }

    private static Instant startDate(JsonNode body) {
        JsonNode value = value(body, "startDate");
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw GlasshouseException.invalid("startDate must be an ISO-8601 date or date-time string, e.g. 2026-01-31T00:00:00Z");
        }
        String text = value.textValue();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw GlasshouseException.invalid("startDate must be an ISO-8601 date or date-time, e.g. 2026-01-31T00:00:00Z");
            }
        }
    }

    private static boolean positive(BigDecimal price) {
        return price != null && price.signum() > 0;
    }

    private static void putIfPresent(Map<String, BigDecimal> prices, String key, BigDecimal price) {
        if (price != null) {
            prices.put(key, price);
        }
    }

    private static BigDecimal optionalPrice(JsonNode body, String field) {
        JsonNode value = value(body, field);
        return value == null ? null : PricingTierJson.nonNegative(value, field);
    }

    private static String requiredString(JsonNode body, String field, int maxLength) {
        String value = optionalString(body, field);
        if (value == null || value.isBlank()) {
            throw GlasshouseException.invalid(field + " is required and must be a non-empty string");
        }
        if (value.length() > maxLength) {
            throw GlasshouseException.invalid(field + " must be at most " + maxLength + " characters");
        }
        return value;
    }

    private static String optionalString(JsonNode body, String field) {
        return optionalString(body, field, field);
    }

    private static String optionalString(JsonNode body, String field, String path) {
        JsonNode value = value(body, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw GlasshouseException.invalid(path + " must be a string");
        }
        return value.textValue();
    }

    private static void optionalInt(JsonNode config, String field) {
        JsonNode value = value(config, field);
        if (value != null && (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0)) {
            throw GlasshouseException.invalid("tokenizerConfig." + field + " must be a non-negative integer");
        }
    }

    private static JsonNode value(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static String textOrNull(JsonNode value) {
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static Integer intOrNull(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
    }
}
