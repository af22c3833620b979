package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When a non-default pricing tier applies. Both kinds keep Langfuse's wire shape
 * ({@code usageDetailPattern/operator/value/caseSensitive} and
 * {@code source/key/operator:"in"/values}) so stored and API definitions need no translation.
 */
public sealed interface PricingCondition {

    /** The sum of the usage keys matching {@code usageDetailPattern} compared with {@code value}. */
    record UsageThreshold(String usageDetailPattern, Operator operator, BigDecimal value, boolean caseSensitive)
            implements PricingCondition {
        public UsageThreshold {
            requireNonNull(usageDetailPattern, "usageDetailPattern is null");
            requireNonNull(operator, "operator is null");
            requireNonNull(value, "value is null");
            if (usageDetailPattern.isEmpty() || usageDetailPattern.length() > 200) {
                throw new IllegalArgumentException("usageDetailPattern must be 1-200 characters");
            }
            if (value.signum() < 0) {
                throw new IllegalArgumentException("usage threshold must not be negative");
            }
            try {
                Pattern.compile(usageDetailPattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("usageDetailPattern is not a valid regex: " + e.getDescription());
            }
        }

        boolean holds(BigDecimal sum) {
            int comparison = sum.compareTo(value);
            return switch (operator) {
                case GT -> comparison > 0;
                case GTE -> comparison >= 0;
                case LT -> comparison < 0;
                case LTE -> comparison <= 0;
                case EQ -> comparison == 0;
                case NEQ -> comparison != 0;
            };
        }
    }

    /** A top-level model parameter or metadata value equal to one of {@code values}. */
    record AttributeIn(AttributeSource source, String key, List<String> values) implements PricingCondition {
        public AttributeIn {
            requireNonNull(source, "source is null");
            requireNonNull(key, "key is null");
            values = List.copyOf(values);
            if (key.isEmpty() || key.length() > 200) {
                throw new IllegalArgumentException("attribute key must be 1-200 characters");
            }
            if (values.isEmpty() || values.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("attribute condition needs at least one non-empty value");
            }
        }
    }

    enum Operator {
        GT,
        GTE,
        LT,
        LTE,
        EQ,
        NEQ;

        /** The name used in JSON: gt, gte, lt, lte, eq, neq. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Operator fromWireName(String name) {
            for (Operator operator : values()) {
                if (operator.wireName().equals(name)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException("unknown operator '" + name + "' (use gt, gte, lt, lte, eq or neq)");
        }
    }

    enum AttributeSource {
        MODEL_PARAMETERS,
        METADATA;

        /** The name used in JSON: model_parameters, metadata. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static AttributeSource fromWireName(String name) {
            for (AttributeSource source : values()) {
                if (source.wireName().equals(name)) {
                    return source;
                }
            }
            throw new IllegalArgumentException("unknown condition source '" + name + "' (use model_parameters or metadata)");
        }
    }
}
