package io.glasshouse.storage.clickhouse.query;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one builder of dynamic filter SQL: conditions over a {@link ColumnCatalogue} become
 * {@code expression operator {name:Type}} text joined by AND, with the values to bind. Column
 * expressions come from the catalogue, values only ever travel as placeholders, and each
 * placeholder gets a generated name ({@code prefix0}, {@code prefix1}, …) so several clauses can
 * share a statement when their prefixes differ.
 *
 * <p>String matching follows Langfuse: {@code contains}, {@code starts with} and {@code ends with}
 * ignore case (ILIKE with the value's wildcards escaped); {@code =} is exact.
 */
public final class FilterSql {
    private final ColumnCatalogue catalogue;
    private final String prefix;
    private final String parameter;
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    private FilterSql(ColumnCatalogue catalogue, String prefix, String parameter) {
        this.catalogue = requireNonNull(catalogue, "catalogue is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.parameter = requireNonNull(parameter, "parameter is null");
    }

    /**
     * A builder over {@code catalogue}. {@code parameter} names the request parameter the
     * conditions came from, for error messages ({@code "filter"}).
     */
    public static FilterSql over(ColumnCatalogue catalogue, String prefix, String parameter) {
        return new FilterSql(catalogue, prefix, parameter);
    }

    /** The conditions joined by AND, in one call. */
    public static WhereClause where(ColumnCatalogue catalogue, String prefix, String parameter, List<FilterCondition> conditions) {
        FilterSql sql = over(catalogue, prefix, parameter);
        conditions.forEach(sql::add);
        return sql.build();
    }

    /** Adds one condition; a column the catalogue lacks or that does not take the type is a 400. */
    public FilterSql add(FilterCondition condition) {
        ColumnCatalogue.Column column = catalogue.require(condition.column(), parameter);
        if (!column.kind().filterTypes().contains(condition.type())) {
            throw GlasshouseException.invalid(parameter + ": column '" + column.name() + "' does not take filter type '"
                    + condition.type().wireName() + "'; it takes " + String.join(", ",
                            column.kind().filterTypes().stream().map(FilterType::wireName).sorted().toList()));
        }
        conditions.add(condition(column, condition));
        return this;
    }

    /** Adds {@code column operator value} for a typed request parameter ({@code userId=…}). */
    public FilterSql add(String column, FilterType type, FilterOperator operator, Object value) {
        return add(FilterCondition.of(column, type, operator, value));
    }

    public WhereClause build() {
        if (conditions.isEmpty()) {
            return WhereClause.NONE;
        }
        return new WhereClause(String.join(" AND ", conditions), values);
    }

    private String condition(ColumnCatalogue.Column column, FilterCondition c) {
        String expression = column.sql();
        return switch (c.type()) {
            case DATETIME -> expression + " " + comparison(c.operator()) + " " + placeholder("DateTime64(6, 'UTC')", c.value());
            case NUMBER -> expression + " " + comparison(c.operator()) + " " + placeholder("Float64", c.value());
            case STRING -> string(expression, c.operator(), (String) c.value());
            case STRING_OPTIONS, CATEGORY_OPTIONS -> options(expression, c);
            case ARRAY_OPTIONS -> arrayOptions(expression, c);
            case STRING_OBJECT -> string(expression + "[" + placeholder("String", c.key()) + "]", c.operator(), (String) c.value());
            case NUMBER_OBJECT -> {
                String entry = expression + "[" + placeholder("String", c.key()) + "]";
                // A metadata value is text: compare it as a number where it reads as one.
                String number = column.kind() == ColumnKind.STRING_MAP ? "toFloat64OrNull(" + entry + ")" : "toFloat64(" + entry + ")";
                yield number + " " + comparison(c.operator()) + " " + placeholder("Float64", c.value());
            }
            case BOOLEAN -> expression + " " + comparison(c.operator()) + " " + placeholder("Bool", c.value());
            case NULL -> nullCheck(expression, column.kind(), c.operator());
        };
    }

    private String string(String expression, FilterOperator operator, String value) {
        return switch (operator) {
            case EQUALS -> expression + " = " + placeholder("String", value);
            case NOT_EQUALS -> "ifNull(" + expression + ", '') != " + placeholder("String", value);
            case CONTAINS -> expression + " ILIKE " + placeholder("String", "%" + likeEscaped(value) + "%");
            case DOES_NOT_CONTAIN -> "NOT (ifNull(" + expression + ", '') ILIKE " + placeholder("String", "%" + likeEscaped(value) + "%") + ")";
            case STARTS_WITH -> expression + " ILIKE " + placeholder("String", likeEscaped(value) + "%");
            case ENDS_WITH -> expression + " ILIKE " + placeholder("String", "%" + likeEscaped(value));
            case GREATER, LESS, GREATER_OR_EQUAL, LESS_OR_EQUAL, ANY_OF, NONE_OF, ALL_OF, IS_NULL, IS_NOT_NULL ->
                    throw new IllegalStateException("not a string operator: " + operator);
        };
    }

    private String options(String expression, FilterCondition c) {
        String list = placeholder("Array(String)", c.options());
        return switch (c.operator()) {
            case ANY_OF -> "has(" + list + ", " + expression + ")";
            case NONE_OF -> "NOT has(" + list + ", ifNull(" + expression + ", ''))";
            default -> throw new IllegalStateException("not an options operator: " + c.operator());
        };
    }

    private String arrayOptions(String expression, FilterCondition c) {
        String list = placeholder("Array(String)", c.options());
        return switch (c.operator()) {
            case ANY_OF -> "hasAny(" + expression + ", " + list + ")";
            case ALL_OF -> "hasAll(" + expression + ", " + list + ")";
            case NONE_OF -> "NOT hasAny(" + expression + ", " + list + ")";
            default -> throw new IllegalStateException("not an array operator: " + c.operator());
        };
    }

    // Arrays and maps are never NULL in the schema: for them "null" means empty.
    private static String nullCheck(String expression, ColumnKind kind, FilterOperator operator) {
        boolean container = kind == ColumnKind.STRING_ARRAY || kind == ColumnKind.STRING_MAP || kind == ColumnKind.NUMBER_MAP;
        boolean isNull = operator == FilterOperator.IS_NULL;
        if (container) {
            return (isNull ? "empty(" : "notEmpty(") + expression + ")";
        }
        return expression + (isNull ? " IS NULL" : " IS NOT NULL");
    }

    private static String comparison(FilterOperator operator) {
        return switch (operator) {
            case EQUALS -> "=";
            case NOT_EQUALS -> "!=";
            case GREATER -> ">";
            case LESS -> "<";
            case GREATER_OR_EQUAL -> ">=";
            case LESS_OR_EQUAL -> "<=";
            case CONTAINS, DOES_NOT_CONTAIN, STARTS_WITH, ENDS_WITH, ANY_OF, NONE_OF, ALL_OF, IS_NULL, IS_NOT_NULL ->
                    throw new IllegalStateException("not a comparison: " + operator);
        };
    }

    private String placeholder(String type, Object value) {
        String name = prefix + values.size();
        values.put(name, value);
        return "{" + name + ":" + type + "}";
    }

    /** The value with LIKE's wildcards and escape character taken literally. */
    static String likeEscaped(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '%' || ch == '_' || ch == '\\') {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }
}
