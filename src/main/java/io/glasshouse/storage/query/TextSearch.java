package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

/**
 * Full-text search over input, output and metadata values, ignoring case in every script:
 * {@link Type#SUBSTRING} finds the text anywhere, {@link Type#WORD} only as a whole word (not
 * inside a longer word).
 */
public record TextSearch(String text, Type type) {
    public static final int MAX_CHARS = 200;

    public enum Type {
        SUBSTRING,
        WORD
    }

    public TextSearch {
        requireNonNull(text, "text is null");
        requireNonNull(type, "type is null");
        if (text.isBlank() || text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("search text must be 1-" + MAX_CHARS + " characters");
        }
    }
}
