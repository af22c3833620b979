package io.glasshouse.storage.query;

import static io.glasshouse.storage.query.FilterOperator.ALL_OF;
import static io.glasshouse.storage.query.FilterOperator.ANY_OF;
import static io.glasshouse.storage.query.FilterOperator.CONTAINS;
import static io.glasshouse.storage.query.FilterOperator.DOES_NOT_CONTAIN;
import static io.glasshouse.storage.query.FilterOperator.ENDS_WITH;
import static io.glasshouse.storage.query.FilterOperator.EQUALS;
import static io.glasshouse.storage.query.FilterOperator.GREATER;
import static io.glasshouse.storage.query.FilterOperator.GREATER_OR_EQUAL;
import static io.glasshouse.storage.query.FilterOperator.IS_NOT_NULL;
import static io.glasshouse.storage.query.FilterOperator.IS_NULL;
import static io.glasshouse.storage.query.FilterOperator.LESS;
import static io.glasshouse.storage.query.FilterOperator.LESS_OR_EQUAL;
import static io.glasshouse.storage.query.FilterOperator.NONE_OF;
import static io.glasshouse.storage.query.FilterOperator.NOT_EQUALS;
import static io.glasshouse.storage.query.FilterOperator.STARTS_WITH;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The filter types of Langfuse's filter state, each with the operators it takes. */
public enum FilterType {
    DATETIME("datetime", EnumSet.of(EQUALS, GREATER, LESS, GREATER_OR_EQUAL, LESS_OR_EQUAL)),
    STRING("string", EnumSet.of(EQUALS, NOT_EQUALS, CONTAINS, DOES_NOT_CONTAIN, STARTS_WITH, ENDS_WITH)),
    NUMBER("number", EnumSet.of(EQUALS, NOT_EQUALS, GREATER, LESS, GREATER_OR_EQUAL, LESS_OR_EQUAL)),
    STRING_OPTIONS("stringOptions", EnumSet.of(ANY_OF, NONE_OF)),
    // Langfuse's UI sends categoryOptions for score categories; over one column it means stringOptions.
    CATEGORY_OPTIONS("categoryOptions", EnumSet.of(ANY_OF, NONE_OF)),
    ARRAY_OPTIONS("arrayOptions", EnumSet.of(ANY_OF, NONE_OF, ALL_OF)),
    STRING_OBJECT("stringObject", EnumSet.of(EQUALS, NOT_EQUALS, CONTAINS, DOES_NOT_CONTAIN, STARTS_WITH, ENDS_WITH)),
    NUMBER_OBJECT("numberObject", EnumSet.of(EQUALS, NOT_EQUALS, GREATER, LESS, GREATER_OR_EQUAL, LESS_OR_EQUAL)),
    BOOLEAN("boolean", EnumSet.of(EQUALS, NOT_EQUALS)),
    NULL("null", EnumSet.of(IS_NULL, IS_NOT_NULL));

    private final String wireName;
    private final Set<FilterOperator> operators;

    FilterType(String wireName, Set<FilterOperator> operators) {
        this.wireName = wireName;
        this.operators = Set.copyOf(operators);
    }

    /** The name in Langfuse's filter JSON ({@code "stringOptions"}). */
    public String wireName() {
        return wireName;
    }

    public Set<FilterOperator> operators() {
        return operators;
    }

    /** True for the types that read one key of a map column ({@code metadata}). */
    public boolean needsKey() {
        return this == STRING_OBJECT || this == NUMBER_OBJECT;
    }

    public static Optional<FilterType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
