package io.glasshouse.storage.meta;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.model.ScoreConfig.Category;
import io.glasshouse.model.ScoreDataType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Langfuse's rules for score configs, answered as INVALID_REQUEST with the field's name: names of
 * 1-35 letters, digits, spaces and {@code _.()-}; NUMERIC ranges with max above min; CATEGORICAL
 * labels and values each unique; BOOLEAN categories fixed to True = 1, False = 0.
 */
final class ScoreConfigRules {
    static final int MAX_NAME_LENGTH = 35;
    static final int MAX_DESCRIPTION_LENGTH = 2000;
    static final int MAX_CATEGORIES = 100;
    static final int MAX_LABEL_LENGTH = 200;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_ .()-]+");

    private ScoreConfigRules() {}

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw GlasshouseException.invalid("name is required: 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw GlasshouseException.invalid("name must be at most " + MAX_NAME_LENGTH + " characters, got " + name.length());
        }
        if (!NAME.matcher(name).matches()) {
            throw GlasshouseException.invalid("name may contain only letters, digits, spaces and _ . ( ) -");
        }
        return name;
    }

    static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw GlasshouseException.invalid("description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return description;
    }

    /** The categories the config stores: as given for CATEGORICAL, fixed for BOOLEAN, none for NUMERIC. */
    static List<Category> categories(ScoreDataType dataType, List<Category> categories) {
        return switch (dataType) {
            case NUMERIC -> {
                if (categories != null) {
                    throw GlasshouseException.invalid("categories apply to CATEGORICAL configs only; "
                            + "use minValue and maxValue to bound a NUMERIC config");
                }
                yield List.of();
            }
            case BOOLEAN -> {
                if (categories != null && !categories.equals(ScoreConfig.BOOLEAN_CATEGORIES)) {
                    throw GlasshouseException.invalid("categories of a BOOLEAN config are always True = 1 and False = 0; "
                            + "leave categories out");
                }
                yield ScoreConfig.BOOLEAN_CATEGORIES;
            }
            case CATEGORICAL -> {
                if (categories == null || categories.isEmpty()) {
                    throw GlasshouseException.invalid("categories is required for CATEGORICAL configs: "
                            + "a list of {\"label\": string, \"value\": number}");
                }
                if (categories.size() > MAX_CATEGORIES) {
                    throw GlasshouseException.invalid("categories may hold at most " + MAX_CATEGORIES + " entries");
                }
                Set<String> labels = new HashSet<>();
                Set<Double> values = new HashSet<>();
                for (Category category : categories) {
                    if (category.label().length() > MAX_LABEL_LENGTH) {
                        throw GlasshouseException.invalid("categories: a label must be at most " + MAX_LABEL_LENGTH + " characters");
                    }
                    if (!labels.add(category.label())) {
                        throw GlasshouseException.invalid("categories: duplicate label '" + category.label()
                                + "'; labels must be unique");
                    }
                    if (!values.add(category.value() == 0 ? 0.0 : category.value())) {
                        throw GlasshouseException.invalid("categories: duplicate value " + number(category.value())
                                + "; values must be unique");
                    }
                }
                yield List.copyOf(categories);
            }
        };
    }

    static void range(ScoreDataType dataType, Double minValue, Double maxValue) {
        if (dataType != ScoreDataType.NUMERIC) {
            if (minValue != null || maxValue != null) {
                throw GlasshouseException.invalid("minValue and maxValue apply to NUMERIC configs only");
            }
            return;
        }
        if (minValue != null && !Double.isFinite(minValue)) {
            throw GlasshouseException.invalid("minValue must be a finite number");
        }
        if (maxValue != null && !Double.isFinite(maxValue)) {
            throw GlasshouseException.invalid("maxValue must be a finite number");
        }
        if (minValue != null && maxValue != null && maxValue <= minValue) {
            throw GlasshouseException.invalid("maxValue (" + number(maxValue) + ") must be greater than minValue ("
                    + number(minValue) + ")");
        }
    }

    /** A number as people write it: 1 rather than 1.0. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
