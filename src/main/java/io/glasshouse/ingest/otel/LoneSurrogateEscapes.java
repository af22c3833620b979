package io.glasshouse.ingest.otel;

import java.util.HexFormat;

/**
 * Replaces JSON escapes of unpaired UTF-16 surrogates ({@code "\ud800"} with no low half after it)
 * by {@code "\ufffd"}, the replacement character, before OTLP/JSON is parsed. JSON may carry such
 * an escape and Java strings may hold the result, but UTF-8 cannot: ClickHouse refuses the row, and
 * with it the whole insert, failing every request that shares the group commit. The batch API
 * cleans its strings the same way (FieldText.wellFormed).
 *
 * <p>Works on the text, not the parsed message, because OTLP strings sit in many fields (names,
 * attribute keys and values, events, links, resource and scope); the text has them all. Escapes
 * appear only inside JSON strings, and an escaped backslash is skipped whole, so {@code "\\ud800"}
 * (a backslash, then the letters) is left alone.
 */
final class LoneSurrogateEscapes {
    private static final String REPLACEMENT = "\\ufffd";

    private LoneSurrogateEscapes() {}

    static String replace(String json) {
        if (json.indexOf("\\u") < 0) {
            return json;
        }
        StringBuilder out = null;
        int copied = 0;
        int length = json.length();
        for (int i = 0; i < length - 1; i++) {
            if (json.charAt(i) != '\\') {
                continue;
            }
            if (json.charAt(i + 1) != 'u') {
                i++; // an escaped character, the backslash included
                continue;
            }
            int unit = hex4(json, i + 2);
            if (unit < 0) {
                i++; // not an escape; the parser reports it
                continue;
            }
            if (Character.isHighSurrogate((char) unit)) {
                boolean lowFollows = i + 7 < length && json.charAt(i + 6) == '\\' && json.charAt(i + 7) == 'u'
                        && Character.isLowSurrogate((char) Math.max(hex4(json, i + 8), 0));
                if (lowFollows) {
                    i += 11;
                    continue;
                }
            } else if (!Character.isLowSurrogate((char) unit)) {
                i += 5;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length);
            }
            out.append(json, copied, i).append(REPLACEMENT);
            copied = i + 6;
            i += 5;
        }
        return out == null ? json : out.append(json, copied, length).toString();
    }

    // The value of four hex digits at index, or -1.
    private static int hex4(String text, int index) {
        if (index + 4 > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = index; i < index + 4; i++) {
            char c = text.charAt(i);
            if (!HexFormat.isHexDigit(c)) {
                return -1;
            }
            value = value * 16 + HexFormat.fromHexDigit(c);
        }
        return value;
    }
}
