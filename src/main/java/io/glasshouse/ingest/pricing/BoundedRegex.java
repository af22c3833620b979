package io.glasshouse.ingest.pricing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Compiles and caches the regexes of model definitions and searches them with a step budget.
 * Project patterns are user input and model names are client input: a pattern with catastrophic
 * backtracking must cost one "no match", not an ingestion thread.
 */
final class BoundedRegex {
    /** Character reads allowed per search; a real model-name match needs a few hundred. */
    static final int MAX_CHARACTER_READS = 200_000;

    private static final int MAX_CACHED_PATTERNS = 4_096;

    private final Map<String, Pattern> cache = new ConcurrentHashMap<>();

    /** The compiled pattern; the regex was validated when its definition was built. */
    Pattern compile(String regex, boolean caseInsensitive) {
        String key = (caseInsensitive ? "i:" : "s:") + regex;
        Pattern pattern = cache.get(key);
        if (pattern != null) {
            return pattern;
        }
        if (cache.size() >= MAX_CACHED_PATTERNS) {
            cache.clear();
        }
        return cache.computeIfAbsent(key, ignored -> Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0));
    }

    /**
     * Like {@code pattern.matcher(text).find()}, but false once the budget is spent, or when the
     * search overflows the stack: the JDK's matcher recurses once per repetition of a group, so a
     * pattern like {@code (-\d+)*} overflows on a model name of a few thousand characters, long
     * before the budget is spent. The overflow unwinds only the matcher's own frames.
     */
    static boolean find(Pattern pattern, String text) {
        try {
            return pattern.matcher(new Budgeted(text)).find();
        } catch (BudgetExhausted | StackOverflowError e) {
            return false;
        }
    }

    /** Whether a search of {@code text} ends, match or not, within the budget. */
    static boolean finishes(Pattern pattern, String text) {
        try {
            pattern.matcher(new Budgeted(text)).find();
            return true;
        } catch (BudgetExhausted | StackOverflowError e) {
            return false;
        }
    }

    private static final class BudgetExhausted extends RuntimeException {
        private static final BudgetExhausted INSTANCE = new BudgetExhausted();

        private BudgetExhausted() {
            super("regex step budget exhausted", null, false, false);
        }
    }

    private static final class Budgeted implements CharSequence {
        private final String text;
        private int reads;

        Budgeted(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++reads > MAX_CHARACTER_READS) {
                throw BudgetExhausted.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
