package io.glasshouse.ingest.otel;

/**
 * A fast first look at JSON text that vouches only for what it is sure of. The message histories of
 * GenAI spans arrive as JSON text and are checked once per span (is it one valid value; which
 * roles do the messages have). Jackson's parser, even when it only skips values, walks each string
 * through its general token machinery: under load that was a sixth of the request threads' time
 * (docs/benchmarks.md, "Twelfth round"). This scanner does the same walk in a plain loop, about
 * twice as fast ({@code JsonScanCost}; docs/RATIONALE.md, "OTLP message JSON checked by a scanner").
 *
 * <p>It answers "valid" only for text in a plain subset of JSON: the standard escapes, numbers of at
 * most {@value #MAX_NUMBER_CHARS} characters, names of at most {@value #MAX_NAME_CHARS}, nesting of at
 * most {@value #MAX_DEPTH}, JSON's four whitespace characters. For anything else (invalid text
 * included) it says it cannot tell, and the caller asks Jackson, whose verdict stays the rule.
 * Inside that subset Jackson accepts exactly what this accepts; {@code TestJsonScan} checks every
 * "valid" against Jackson on generated and mutated documents.
 */
final class JsonScan {
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_CHARS = 100;
    static final int MAX_NAME_CHARS = 1_000;

    // Strings up to this long are copied into a buffer kept per thread; longer ones into their own array.
    private static final int KEPT_BUFFER_CHARS = 64 * 1024;
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[4096]);

    private final char[] text;
    private final int end;
    private int pos;
    private int depth;

    // The text as chars in an array: String.charAt in a loop costs more than copying the string
    // once (a vectorised copy) and walking the array, as Jackson does.
    private JsonScan(String text) {
        int length = text.length();
        char[] buffer = BUFFER.get();
        if (buffer.length < length) {
            if (length <= KEPT_BUFFER_CHARS) {
                buffer = new char[Math.min(KEPT_BUFFER_CHARS, Math.max(length, buffer.length * 2))];
                BUFFER.set(buffer);
            } else {
                buffer = new char[length];
            }
        }
        text.getChars(0, length, buffer, 0);
        this.text = buffer;
        this.end = length;
    }

    /** True when {@code text} is certainly one complete JSON value; false when this scanner cannot tell. */
    static boolean certainlyValid(String text) {
        JsonScan scan = new JsonScan(text);
        return scan.value() && scan.atEnd();
    }

    /**
     * The shape of a messages array when this scanner is sure of it: NOT_AN_ARRAY never comes from
     * here (that needs Jackson's verdict), and null means it cannot tell. As in
     * {@link SystemInstructionsSplice#shape}, a message's role is its last "role" member when that
     * is a string.
     */
    static SystemInstructionsSplice.Shape messagesShape(String text) {
        JsonScan scan = new JsonScan(text);
        scan.skipWhitespace();
        if (!scan.consume('[')) {
            return null;
        }
        boolean system = false;
        scan.skipWhitespace();
        if (!scan.consume(']')) {
            do {
                scan.skipWhitespace();
                if (scan.peek() == '{') {
                    int role = scan.messageRole();
                    if (role == UNSURE) {
                        return null;
                    }
                    system |= role == SYSTEM;
                } else if (!scan.value()) {
                    return null;
                }
                scan.skipWhitespace();
            } while (scan.consume(','));
            if (!scan.consume(']')) {
                return null;
            }
        }
        if (!scan.atEnd()) {
            return null;
        }
        return system ? SystemInstructionsSplice.Shape.HAS_SYSTEM_MESSAGE : SystemInstructionsSplice.Shape.NO_SYSTEM_MESSAGE;
    }

    private static final int UNSURE = -1;
    private static final int OTHER = 0;
    private static final int SYSTEM = 1;

    // One message object: whether its last string "role" is "system" (names and roles decoded).
    private int messageRole() {
        pos++; // '{'
        boolean system = false;
        skipWhitespace();
        if (consume('}')) {
            return OTHER;
        }
        do {
            skipWhitespace();
            int nameStart = pos + 1;
            int name = string(MAX_NAME_CHARS);
            if (name == UNSURE) {
                return UNSURE;
            }
            boolean isRole = contentEquals(nameStart, name, "role");
            skipWhitespace();
            if (!consume(':')) {
                return UNSURE;
            }
            skipWhitespace();
            if (isRole && peek() == '"') {
                int valueStart = pos + 1;
                int value = string(Integer.MAX_VALUE);
                if (value == UNSURE) {
                    return UNSURE;
                }
                system = contentEquals(valueStart, value, "system");
            } else {
                if (!value()) {
                    return UNSURE;
                }
                if (isRole) {
                    system = false; // a role that is not a string is no role
                }
            }
            skipWhitespace();
        } while (consume(','));
        return consume('}') ? (system ? SYSTEM : OTHER) : UNSURE;
    }

    // Whether the string just scanned (its content starts at start and ends before the closing
    // quote at pos - 1) decodes to expected. Escapes were checked by string().
    private boolean contentEquals(int start, int kind, String expected) {
        int stop = pos - 1;
        if (kind == PLAIN) {
            return stop - start == expected.length() && matches(start, expected);
        }
        int matched = 0;
        for (int i = start; i < stop; i++) {
            char c = text[i];
            if (c == '\\') {
                char escaped = text[++i];
                if (escaped == 'u') {
                    c = (char) (Character.digit(text[i + 1], 16) << 12 | Character.digit(text[i + 2], 16) << 8
                            | Character.digit(text[i + 3], 16) << 4 | Character.digit(text[i + 4], 16));
                    i += 4;
                } else {
                    c = switch (escaped) {
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> escaped; // " \ /
                    };
                }
            }
            if (matched == expected.length() || expected.charAt(matched++) != c) {
                return false;
            }
        }
        return matched == expected.length();
    }

    private boolean value() {
        skipWhitespace();
        if (pos >= end) {
            return false;
        }
        char c = text[pos];
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string(Integer.MAX_VALUE) != UNSURE;
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> (c == '-' || (c >= '0' && c <= '9')) && number();
        };
    }

    private boolean object() {
        if (++depth > MAX_DEPTH) {
            return false;
        }
        pos++; // '{'
        skipWhitespace();
        if (!consume('}')) {
            do {
                skipWhitespace();
                if (string(MAX_NAME_CHARS) == UNSURE) {
                    return false;
                }
                skipWhitespace();
                if (!consume(':') || !value()) {
                    return false;
                }
                skipWhitespace();
            } while (consume(','));
            if (!consume('}')) {
                return false;
            }
        }
        depth--;
        return true;
    }

    private boolean array() {
        if (++depth > MAX_DEPTH) {
            return false;
        }
        pos++; // '['
        skipWhitespace();
        if (!consume(']')) {
            do {
                if (!value()) {
                    return false;
                }
                skipWhitespace();
            } while (consume(','));
            if (!consume(']')) {
                return false;
            }
        }
        depth--;
        return true;
    }

    private static final int PLAIN = 0;
    private static final int ESCAPED = 1;

    // A string at pos (which must be '"'), left after its closing quote: PLAIN, ESCAPED (it has
    // escapes) or UNSURE (not a string, an unescaped control character, an escape Jackson would
    // refuse, no closing quote, or longer than maxChars).
    private int string(int maxChars) {
        // Locals, not fields, in the loop that sees every character of the messages.
        char[] s = text;
        int n = end;
        int i = pos;
        if (i >= n || s[i] != '"') {
            return UNSURE;
        }
        int start = ++i;
        int kind = PLAIN;
        while (i < n) {
            char c = s[i++];
            // Three tests that are almost never true predict better than one that often is.
            if (c != '"' && c != '\\' && c >= 0x20) {
                continue;
            }
            if (c == '"') {
                pos = i;
                return i - 1 - start <= maxChars ? kind : UNSURE;
            }
            if (c == '\\') {
                pos = i;
                if (!escape()) {
                    return UNSURE;
                }
                i = pos;
                kind = ESCAPED;
            } else if (c < 0x20) {
                return UNSURE;
            }
        }
        return UNSURE;
    }

    private boolean escape() {
        if (pos >= end) {
            return false;
        }
        char c = text[pos++];
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return true;
            }
            case 'u' -> {
                if (end - pos < 4) {
                    return false;
                }
                for (int i = 0; i < 4; i++) {
                    if (Character.digit(text[pos + i], 16) < 0) {
                        return false;
                    }
                }
                pos += 4;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean literal(String word) {
        if (end - pos < word.length() || !matches(pos, word)) {
            return false;
        }
        pos += word.length();
        return true;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; what follows ("1x", "truex") is checked by the caller's grammar
    private boolean number() {
        int start = pos;
        consume('-');
        if (consume('0')) {
            // a digit after a leading zero ("01") is refused by what must follow a value: , ] } or the end
        } else if (digits() == 0) {
            return false;
        }
        if (consume('.') && digits() == 0) {
            return false;
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            if (digits() == 0) {
                return false;
            }
        }
        return pos - start <= MAX_NUMBER_CHARS;
    }

    private int digits() {
        int start = pos;
        while (pos < end && text[pos] >= '0' && text[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    private boolean atEnd() {
        skipWhitespace();
        return pos == end;
    }

    private void skipWhitespace() {
        int i = pos;
        while (i < end) {
            char c = text[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        pos = i;
    }

    private char peek() {
        return pos < end ? text[pos] : 0;
    }

    // Whether the chars from start spell word (the caller checked there are enough).
    private boolean matches(int start, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (text[start + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean consume(char c) {
        if (pos < end && text[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }
}
