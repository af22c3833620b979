package io.glasshouse.storage.clickhouse.query;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The columns one view (traces, observations, sessions, …) offers to filters and sorting: public
 * name → SQL expression and kind. The expression is fixed text written here, never caller input,
 * so a filter can only ever name a column, not write SQL. Names are matched without regard to
 * case, and each column may have aliases (Langfuse's UI sends display names such as "User ID").
 */
public final class ColumnCatalogue {
    /** One column: the name clients use, the SQL it stands for, and what it holds. */
    public record Column(String name, String sql, ColumnKind kind, List<String> aliases) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(kind, "kind is null");
            aliases = List.copyOf(aliases);
        }
    }

    private final String view;
    private final List<Column> columns;
    private final Map<String, Column> byName = new LinkedHashMap<>();

    private ColumnCatalogue(String view, List<Column> columns) {
        this.view = requireNonNull(view, "view is null");
        this.columns = List.copyOf(columns);
        for (Column column : this.columns) {
            register(column.name(), column);
            column.aliases().forEach(alias -> register(alias, column));
        }
    }

    private void register(String name, Column column) {
        Column existing = byName.putIfAbsent(name.toLowerCase(Locale.ROOT), column);
        if (existing != null && existing != column) {
            throw new IllegalArgumentException("column name used twice in " + view + ": " + name);
        }
    }

    public static Builder builder(String view) {
        return new Builder(view);
    }

    public String view() {
        return view;
    }

    public List<Column> columns() {
        return columns;
    }

    public Optional<Column> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The column, or a 400 naming {@code parameter} and the columns there are. */
    public Column require(String name, String parameter) {
        return find(name).orElseThrow(() -> GlasshouseException.invalid(parameter + ": unknown column '" + name
                + "' for " + view + "; known columns: " + String.join(", ", columns.stream().map(Column::name).toList())));
    }

    public static final class Builder {
        private final String view;
        private final List<Column> columns = new java.util.ArrayList<>();

        private Builder(String view) {
            this.view = view;
        }

        public Builder column(String name, String sql, ColumnKind kind, String... aliases) {
            columns.add(new Column(name, sql, kind, List.of(aliases)));
            return this;
        }

        public ColumnCatalogue build() {
            return new ColumnCatalogue(view, columns);
        }
    }
}
