package io.glasshouse.storage.query;

import java.util.Arrays;
import java.util.Optional;

/** The operators of Langfuse's filter state, by the text its filter JSON carries. */
public enum FilterOperator {
    EQUALS("="),
    NOT_EQUALS("<>"),
    GREATER(">"),
    LESS("<"),
    GREATER_OR_EQUAL(">="),
    LESS_OR_EQUAL("<="),
    CONTAINS("contains"),
    DOES_NOT_CONTAIN("does not contain"),
    STARTS_WITH("starts with"),
    ENDS_WITH("ends with"),
    ANY_OF("any of"),
    NONE_OF("none of"),
    ALL_OF("all of"),
    IS_NULL("is null"),
    IS_NOT_NULL("is not null");

    private final String wireName;

    FilterOperator(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<FilterOperator> fromWireName(String name) {
        return Arrays.stream(values()).filter(operator -> operator.wireName.equalsIgnoreCase(name)).findFirst();
    }
}
