package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A statement and its bound parameters. Parameter values are kept in ClickHouse's text form for
 * query parameters (the "escaped" serialisation of the placeholder's type), which both the HTTP
 * interface ({@code param_<name>}) and chDB's binding API accept unchanged.
 */
public record Sql(String text, Map<String, String> parameters) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final DateTimeFormatter DATETIME64 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    public Sql {
        requireNonNull(text, "text is null");
        parameters = Map.copyOf(parameters);
    }

    public static Builder of(String text) {
        return new Builder(text);
    }

    public static final class Builder {
        private final String text;
        private final Map<String, String> parameters = new LinkedHashMap<>();

        private Builder(String text) {
            this.text = requireNonNull(text, "text is null");
        }

        /** Binds a String placeholder ({@code {name:String}}). */
        public Builder bind(String name, String value) {
            return put(name, escape(requireNonNull(value, () -> name + " is null")));
        }

        /** Binds any integer placeholder ({@code {name:UInt64}}, {@code {name:Int32}}, …). */
        public Builder bind(String name, long value) {
            return put(name, Long.toString(value));
        }

        public Builder bind(String name, double value) {
            return put(name, Double.toString(value));
        }

        /** Binds a {@code {name:DateTime64(6)}} placeholder, in UTC. */
        public Builder bind(String name, Instant value) {
            return put(name, DATETIME64.format(requireNonNull(value, () -> name + " is null")));
        }

        /** Binds an {@code {name:Array(String)}} placeholder. */
        public Builder bindStrings(String name, Collection<String> values) {
            StringBuilder array = new StringBuilder("[");
            for (String value : values) {
                if (array.length() > 1) {
                    array.append(',');
                }
                array.append('\'').append(quoteInArray(value)).append('\'');
            }
            // An array value is read in its quoted form directly: no outer escaping layer.
            return put(name, array.append(']').toString());
        }

        public Sql build() {
            return new Sql(text, parameters);
        }

        private Builder put(String name, String value) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad parameter name: " + name);
            }
            parameters.put(name, value);
            return this;
        }
    }

    public static Sql plain(String text) {
        return new Sql(text, Map.of());
    }

    // ClickHouse parses a parameter value with the placeholder type's escaped text format, where
    // a backslash starts an escape sequence: tabs, newlines and backslashes must be escaped.
    static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\\0";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    private static String quoteInArray(String value) {
        return escape(value).replace("'", "\\'");
    }
}
