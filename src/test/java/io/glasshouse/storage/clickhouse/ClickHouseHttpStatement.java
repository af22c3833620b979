package io.glasshouse.storage.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The statement an HTTP request carries, seen just as far as the endpoint needs: its first
 * keyword, a trailing FORMAT clause, and for {@code INSERT … FORMAT X} where the header ends and
 * the rows begin. Not a SQL parser: it only skips quoted text, comments and brackets, which is
 * enough to find top-level keywords. The engine parses the statement for real.
 */
sealed interface ClickHouseHttpStatement {
    Set<String> READ_ONLY_KINDS = Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN");
    Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The statement's first keyword, upper-case; empty when it has none. */
    String kind();

    default boolean isReadOnly() {
        return READ_ONLY_KINDS.contains(kind());
    }

    /**
     * A statement run as one query. {@code format} is the name in a trailing FORMAT clause, or null.
     * {@code text} has no trailing semicolon.
     */
    record Query(String kind, String text, String format) implements ClickHouseHttpStatement {
        /**
         * The text with {@code settings} as a SETTINGS clause. Only SELECT takes one at its end
         * (several SETTINGS clauses are fine there); on DDL a trailing SETTINGS would become table
         * settings, so other statements run without the request's settings.
         */
        String withSettings(Map<String, String> settings) {
            if (settings.isEmpty() || !(kind.equals("SELECT") || kind.equals("WITH"))) {
                return text;
            }
            // A newline first: the text may end in a -- comment.
            return text + "\nSETTINGS " + settingsList(settings);
        }
    }

    /**
     * {@code INSERT … FORMAT X} followed by rows: {@code header} is the statement up to (without)
     * FORMAT, {@code data} the rows from {@code dataOffset} on.
     */
    record InlineInsert(String header, boolean hasSettings, String format, byte[] data, int dataOffset)
            implements ClickHouseHttpStatement {
        @Override
        public String kind() {
            return "INSERT";
        }

        String insertSqlWithSettings(Map<String, String> settings) {
            if (settings.isEmpty()) {
                return header;
            }
            // INSERT takes one SETTINGS clause: extend the statement's own when it has one.
            return header + (hasSettings ? ", " : "\nSETTINGS ") + settingsList(settings);
        }

        int dataLength() {
            return data.length - dataOffset;
        }
    }

    /** Reads {@code text}: the {@code query} parameter and the body, joined as ClickHouse joins them. */
    static ClickHouseHttpStatement parse(byte[] text) {
        return new Scanner(text).scan();
    }

    private static String settingsList(Map<String, String> settings) {
        StringJoiner list = new StringJoiner(", ");
        settings.forEach((name, value) -> {
            if (!SETTING_NAME.matcher(name).matches()) {
                throw ClickHouseHttpError.of(ClickHouseHttpError.UNKNOWN_SETTING, "UNKNOWN_SETTING",
                        "Unknown setting '" + name + "'");
            }
            list.add(name + " = '" + value.replace("\\", "\\\\").replace("'", "\\'") + "'");
        });
        return list.toString();
    }

    /** One pass over the bytes; ASCII decisions only, so multi-byte UTF-8 passes through untouched. */
    final class Scanner {
        private final byte[] text;
        private int position;
        private int depth;
        private int tokens;
        private String kind = "";
        // The first keyword may follow opening brackets only: "(SELECT 1) UNION ALL (SELECT 2)".
        private boolean kindDecided;
        private int semicolon = -1;
        private boolean insertSettings;
        private String formatName;
        private int formatNameToken;
        private String wordAfterFormat;

        private Scanner(byte[] text) {
            this.text = text;
        }

        ClickHouseHttpStatement scan() {
            while (position < text.length) {
                byte c = text[position];
                if (isSpace(c)) {
                    position++;
                } else if (startsWith("--")) {
                    skipPast("\n");
                } else if (startsWith("/*")) {
                    skipPast("*/");
                } else if (semicolon >= 0) {
                    throw multiStatements();
                } else if (c == ';') {
                    semicolon = position++;
                } else if (c == '\'' || c == '"' || c == '`') {
                    tokens++;
                    kindDecided = true;
                    skipQuoted(c);
                } else if (isWordByte(c)) {
                    tokens++;
                    int start = position;
                    InlineInsert insert = onWord(start, readWord());
                    if (insert != null) {
                        return insert;
                    }
                } else {
                    tokens++;
                    kindDecided |= c != '(';
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                    position++;
                }
            }
            if (kind.isEmpty() && tokens == 0) {
                throw ClickHouseHttpError.of(ClickHouseHttpError.SYNTAX_ERROR, "SYNTAX_ERROR", "Empty query");
            }
            int end = semicolon >= 0 ? semicolon : text.length;
            // FORMAT X counts as the output format only at the end, or before a last SETTINGS clause.
            boolean trailing = formatName != null
                    && (tokens == formatNameToken || "SETTINGS".equals(wordAfterFormat));
            return new Query(kind, new String(text, 0, end, StandardCharsets.UTF_8).strip(), trailing ? formatName : null);
        }

        private InlineInsert onWord(int start, String word) {
            String upper = word.toUpperCase(Locale.ROOT);
            if (formatName != null && tokens == formatNameToken + 1) {
                wordAfterFormat = upper;
            }
            if (!kindDecided) {
                kindDecided = true;
                kind = Character.isLetter(word.charAt(0)) ? upper : "";
                return null;
            }
            if (depth != 0) {
                return null;
            }
            if (kind.equals("INSERT") && upper.equals("SETTINGS")) {
                insertSettings = true;
            }
            if (!upper.equals("FORMAT")) {
                return null;
            }
            skipHorizontalSpace();
            if (position >= text.length || !isWordByte(text[position])) {
                return null;
            }
            tokens++;
            String format = readWord();
            if (!kind.equals("INSERT")) {
                formatName = format;
                formatNameToken = tokens;
                wordAfterFormat = null;
                return null;
            }
            // Rows start after the first line break following the format name, or right after
            // the spaces when there is none (ClickHouse's rule for inline INSERT data).
            skipHorizontalSpace();
            if (position < text.length && text[position] == '\r') {
                position++;
            }
            if (position < text.length && text[position] == '\n') {
                position++;
            }
            String header = new String(text, 0, start, StandardCharsets.UTF_8).strip();
            return new InlineInsert(header, insertSettings, format, text, position);
        }

        private ClickHouseHttpError multiStatements() {
            int end = Math.min(text.length, position + 40);
            String rest = new String(Arrays.copyOfRange(text, position, end), StandardCharsets.UTF_8);
            return ClickHouseHttpError.of(ClickHouseHttpError.SYNTAX_ERROR, "SYNTAX_ERROR",
                    "Syntax error (Multi-statements are not allowed): failed at position " + (position + 1) + ": "
                            + rest);
        }

        private boolean startsWith(String prefix) {
            if (position + prefix.length() > text.length) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (text[position + i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private void skipPast(String terminator) {
            while (position < text.length && !startsWith(terminator)) {
                position++;
            }
            position = Math.min(text.length, position + terminator.length());
        }

        // '…', "…" and `…`, with backslash escapes and doubled quotes inside.
        private void skipQuoted(byte quote) {
            position++;
            while (position < text.length) {
                byte c = text[position];
                if (c == '\\') {
                    position += 2;
                } else if (c == quote && position + 1 < text.length && text[position + 1] == quote) {
                    position += 2;
                } else if (c == quote) {
                    position++;
                    return;
                } else {
                    position++;
                }
            }
            position = text.length;
        }

        private String readWord() {
            int start = position;
            while (position < text.length && isWordByte(text[position])) {
                position++;
            }
            return new String(text, start, position - start, StandardCharsets.US_ASCII);
        }

        private void skipHorizontalSpace() {
            while (position < text.length && (text[position] == ' ' || text[position] == '\t' || text[position] == '\f')) {
                position++;
            }
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        }

        private static boolean isWordByte(byte c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
    }
}
