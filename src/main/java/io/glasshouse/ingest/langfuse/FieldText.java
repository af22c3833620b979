package io.glasshouse.ingest.langfuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.UncheckedIOException;

/**
 * Turns sent values into stored text. A JSON string is stored as its text (Langfuse stores the
 * input "hello" as {@code hello}, not {@code "hello"}); anything else as its JSON. Text longer than
 * the field limit is cut at a character boundary and ends with a visible marker saying how large it
 * was: an oversized field never fails its event.
 *
 * <p>Every string also loses its unpaired UTF-16 surrogates: JSON may carry a lone
 * {@code \\ud800} escape, UTF-8 cannot, and ClickHouse would refuse the whole insert (failing
 * every request that shares the group commit). Each becomes U+FFFD, the replacement character.
 */
final class FieldText {
    static final String MARKER = "…[truncated by Glasshouse: %d bytes]";

    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final int maxBytes;

    FieldText(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /** The stored text of any JSON value; null for JSON null. */
    String of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return limit(value.textValue());
        }
        if (value instanceof POJONode pojo && pojo.getPojo() instanceof BatchBodyReader.RawJson raw) {
            return limitWellFormed(raw.text());
        }
        try {
            return limit(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text}, well-formed and truncated to the field limit in UTF-8 bytes. */
    String limit(String raw) {
        return limitWellFormed(wellFormed(raw));
    }

    // As limit, for text known to hold no unpaired surrogate.
    private String limitWellFormed(String text) {
        if (text == null || text.length() <= maxBytes / 3) {
            return text;
        }
        long bytes = 0;
        int cut = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int size;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                size = 4;
            } else if (c < 0x80) {
                size = 1;
            } else if (c < 0x800) {
                size = 2;
            } else {
                size = 3;
            }
            if (cut < 0 && bytes + size > maxBytes) {
                cut = i;
            }
            bytes += size;
            if (size == 4) {
                i++;
            }
        }
        if (cut < 0) {
            return text;
        }
        return text.substring(0, cut) + MARKER.formatted(bytes);
    }

    /** {@code text} with each unpaired surrogate replaced by U+FFFD; the same instance when there is none. */
    static String wellFormed(String text) {
        if (text == null) {
            return null;
        }
        char[] fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (fixed == null) {
                fixed = text.toCharArray();
            }
            fixed[i] = '\uFFFD';
        }
        return fixed == null ? text : new String(fixed);
    }
}
