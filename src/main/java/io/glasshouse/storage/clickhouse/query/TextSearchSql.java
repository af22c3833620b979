package io.glasshouse.storage.clickhouse.query;

import io.glasshouse.storage.query.TextSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full-text search predicate, in one place so it can be tuned (skip indexes, other
 * functions) without touching the queries that use it.
 *
 * <p>Substring: {@code positionCaseInsensitiveUTF8(column, text) > 0} on each text column and on
 * each metadata value; it folds case in every script that has case (Latin, Cyrillic, Greek, …).
 * Word: the same substring test first (cheap, and it lets most rows fail fast), then an RE2 match
 * of the text between non-word characters, case-insensitive: {@code (?i)(^|[^\p{L}\p{N}_])text($|[^\p{L}\p{N}_])}.
 * Scripts written without spaces (Chinese, Japanese) have no word boundaries inside a sentence;
 * use substring search for them.
 */
public final class TextSearchSql {
    private TextSearchSql() {}

    /**
     * The predicate over {@code textColumns} (Nullable(String)) and the values of
     * {@code mapColumns} (Map(String, String)), true when any of them matches.
     */
    public static WhereClause matching(TextSearch search, List<String> textColumns, List<String> mapColumns, String prefix) {
        Map<String, Object> values = new LinkedHashMap<>();
        String text = "{" + prefix + "text:String}";
        values.put(prefix + "text", search.text());
        String pattern = "{" + prefix + "pattern:String}";
        if (search.type() == TextSearch.Type.WORD) {
            values.put(prefix + "pattern", wordPattern(search.text()));
        }
        List<String> tests = new ArrayList<>();
        for (String column : textColumns) {
            tests.add(test("ifNull(" + column + ", '')", search.type(), text, pattern));
        }
        for (String column : mapColumns) {
            tests.add("arrayExists(v -> " + test("v", search.type(), text, pattern) + ", mapValues(" + column + "))");
        }
        return new WhereClause("(" + String.join(" OR ", tests) + ")", values);
    }

    private static String test(String value, TextSearch.Type type, String text, String pattern) {
        String substring = "positionCaseInsensitiveUTF8(" + value + ", " + text + ") > 0";
        return switch (type) {
            case SUBSTRING -> substring;
            case WORD -> "(" + substring + " AND match(" + value + ", " + pattern + "))";
        };
    }

    static String wordPattern(String text) {
        StringBuilder quoted = new StringBuilder();
        text.codePoints().forEach(cp -> {
            // RE2 takes a backslash before any ASCII punctuation as that character itself.
            if (cp < 128 && !Character.isLetterOrDigit(cp) && !Character.isWhitespace(cp)) {
                quoted.append('\\');
            }
            quoted.appendCodePoint(cp);
        });
        return "(?i)(?:^|[^\\p{L}\\p{N}_])" + quoted + "(?:$|[^\\p{L}\\p{N}_])";
    }
}
