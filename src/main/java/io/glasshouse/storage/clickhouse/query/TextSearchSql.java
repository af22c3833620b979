package io.glasshouse.storage.clickhouse.query;

import io.glasshouse.storage.query.TextSearch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *
 * <p>No skip index serves these tests: the V002 n-gram bloom filters that a paired
 * {@code lowerUTF8(<value>) LIKE} could use were dropped by V017 (docs/RATIONALE.md, "The traces'
 * n-gram bloom filters are dropped").
 *
 * <p>{@link #traceIndexCandidates} is the cheap first step for traces: the text indexes of
 * migration V004 answer it without reading the text (docs/RATIONALE.md, "Full-text search").
 */
public final class TextSearchSql {
    private TextSearchSql() {}

    /** The n-gram length of the V004 text indexes; shorter needles have no n-gram to look up. */
    static final int INDEX_NGRAM = 3;

    /**
     * A superset of the traces whose input, output or a metadata value contains the text (so also
     * of those containing it as a word), answered from the V004 text indexes alone: every 3-gram
     * of the lower-cased needle is in the lower-cased value. Empty when the index cannot answer
     * for this needle; then only the exact scan is right.
     *
     * <p>Only valid in the WHERE of a plain SELECT on {@code traces} (no FINAL): without the index
     * hasAllTokens splits by words instead and finds almost nothing (migration V004's hazard).
     */
    public static Optional<WhereClause> traceIndexCandidates(TextSearch search, String prefix) {
        if (!indexable(search.text())) {
            return Optional.empty();
        }
        String text = "{" + prefix + "text:String}";
        return Optional.of(new WhereClause("(hasAllTokens(input, " + text + ") OR hasAllTokens(output, " + text
                + ") OR hasAllTokens(mapValues(metadata), " + text + "))", Map.of(prefix + "text", search.text())));
    }

    /**
     * Whether the index step finds every match of this needle. It needs a 3-gram (3 code points:
     * the tokenizer counts characters, not bytes), and lowerUTF8 must fold the needle's letters as
     * positionCaseInsensitiveUTF8 does. Checked over every code point up to U+2FFFF against this
     * engine (TestTextSearchFolding): they differ only for Greek sigma, which lowerUTF8 turns into
     * final sigma at the end of a word while the position test treats Σ and σ as one letter.
     */
    static boolean indexable(String text) {
        return text.codePointCount(0, text.length()) >= INDEX_NGRAM && foldsAlike(text);
    }

    private static boolean foldsAlike(String text) {
        return text.codePoints().noneMatch(cp -> cp == 'Σ' || cp == 'σ' || cp == 'ς');
    }

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
