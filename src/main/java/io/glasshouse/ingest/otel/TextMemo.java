package io.glasshouse.ingest.otel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Remembers a function's result for texts that repeat across spans: an agent sends the same
 * system prompt with every generation, and turning it into the system message costs a JSON parse
 * and a serialisation each time (about 2.5 KB of escaped text per span in the benchmark's
 * traffic). Bounded by entry count and key length; when full it starts over, which a handful of
 * hot prompts refill at once. Safe for concurrent use; a race at worst computes a value twice.
 */
final class TextMemo {
    private final ConcurrentHashMap<String, String> results = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final int maxKeyChars;

    TextMemo(int maxEntries, int maxKeyChars) {
        if (maxEntries < 1 || maxKeyChars < 0) {
            throw new IllegalArgumentException("need maxEntries >= 1 and maxKeyChars >= 0");
        }
        this.maxEntries = maxEntries;
        this.maxKeyChars = maxKeyChars;
    }

    String get(String key, UnaryOperator<String> compute) {
        if (key.length() > maxKeyChars) {
            return compute.apply(key);
        }
        String known = results.get(key);
        if (known != null) {
            return known;
        }
        String computed = compute.apply(key);
        if (results.size() >= maxEntries) {
            results.clear();
        }
        results.put(key, computed);
        return computed;
    }

    int size() {
        return results.size();
    }
}
