package io.glasshouse.ingest.langfuse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch envelope ({@code {"batch": [events...], ...}}) into the same tree as parsing it
 * whole, except that each event body's {@code input} and {@code output}, when they are an object or
 * an array, become a {@link RawJson} holding their JSON text. Those two carry the message
 * histories, most of a request's bytes; building nodes for them only to write them back as text was
 * a third of the batch path's CPU (docs/RATIONALE.md, "Batch ingest: input and output as sent").
 *
 * <p>The text must be exactly what writing the parsed tree gives (stored rows do not depend on the
 * path taken), so a value is taken as sent only when it is already in that form: no whitespace
 * between tokens, no escapes but the ones Jackson writes, floats as Double.toString writes them
 * ("0.25", not "1e2", which a tree writes as "100.0"), no repeated key (a tree keeps only the last).
 * Such text holds no unpaired surrogate (it is valid UTF-8 and has no {@code \\uD800} escape).
 * Any other value is parsed into a tree as before. The parser still walks every token, so
 * validity, nesting depth and number lengths are checked as before.
 *
 * <p>{@link #read} answers null for anything but a valid envelope; the caller then parses the body
 * whole, which gives the same tree or the same error as before.
 */
final class BatchBodyReader {
    /** An event body's object or array as its stored JSON text, what writing its tree would give. */
    record RawJson(String text) {
        RawJson {
            requireNonNull(text, "text is null");
        }
    }

    // A JSON object with more keys than this is parsed into a tree (key checks stay linear).
    private static final int MAX_CHECKED_KEYS = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private final JsonFactory factory;
    private final ObjectMapper values;
    private final JsonNodeFactory nodes;

    /** {@code json} reads the values kept as trees; its factory's read constraints apply to all. */
    BatchBodyReader(ObjectMapper json) {
        // No trailing-token check here: values are read out of the middle of the body.
        this.values = json.copy().disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.factory = values.getFactory();
        this.nodes = values.getNodeFactory();
    }

    /** The envelope as a tree; null when {@code body} is not valid JSON holding an object. */
    JsonNode read(byte[] body) {
        try (JsonParser p = factory.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode root = nodes.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                root.set(name, name.equals("batch") && token == JsonToken.START_ARRAY ? batch(p, body) : value(p));
            }
            return p.nextToken() == null ? root : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private ArrayNode batch(JsonParser p, byte[] body) throws IOException {
        ArrayNode batch = nodes.arrayNode();
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            batch.add(token == JsonToken.START_OBJECT ? event(p, body) : value(p));
        }
        return batch;
    }

    private ObjectNode event(JsonParser p, byte[] body) throws IOException {
        ObjectNode event = nodes.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            event.set(name, name.equals("body") && token == JsonToken.START_OBJECT ? eventBody(p, body) : value(p));
        }
        return event;
    }

    private ObjectNode eventBody(JsonParser p, byte[] body) throws IOException {
        ObjectNode fields = nodes.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            boolean container = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
            fields.set(name, container && (name.equals("input") || name.equals("output")) ? asSent(p, body) : value(p));
        }
        return fields;
    }

    private JsonNode value(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return TextNode.valueOf(p.getText());
        }
        return values.readTree(p);
    }

    // The container the parser is at, as sent when that is its written form, else as a tree.
    private JsonNode asSent(JsonParser p, byte[] body) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        boolean written = skipChecking(p);
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end > body.length || end - start < 2) {
            throw new IllegalStateException("parser reported no usable byte offsets");
        }
        int from = (int) start;
        int length = (int) (end - start);
        if (written && isWrittenForm(body, from, from + length)) {
            return new POJONode(new RawJson(new String(body, from, length, StandardCharsets.UTF_8)));
        }
        try (JsonParser again = factory.createParser(body, from, length)) {
            return values.readTree(again);
        }
    }

    // Walks to the end of the container without decoding strings; false when it holds a float not
    // in Double.toString's form, "-0", a repeated key or an object too large to check.
    private static boolean skipChecking(JsonParser p) throws IOException {
        boolean written = true;
        List<List<String>> keys = new ArrayList<>();
        keys.add(p.currentToken() == JsonToken.START_OBJECT ? new ArrayList<>() : null);
        while (!keys.isEmpty()) {
            JsonToken token = p.nextToken();
            switch (token) {
                case START_OBJECT -> keys.add(new ArrayList<>());
                case START_ARRAY -> keys.add(null);
                case END_OBJECT, END_ARRAY -> keys.removeLast();
                case FIELD_NAME -> {
                    List<String> seen = keys.getLast();
                    if (written && (seen.size() >= MAX_CHECKED_KEYS || seen.contains(p.currentName()))) {
                        written = false;
                    } else if (written) {
                        seen.add(p.currentName());
                    }
                }
                // A tree holds a float as a double and writes it with Double.toString.
                case VALUE_NUMBER_FLOAT -> written &= p.getText().equals(Double.toString(p.getDoubleValue()));
                case VALUE_NUMBER_INT -> written &= !"-0".equals(p.getText());
                case null -> throw new IOException("unexpected end of input");
                default -> {
                    // strings (left undecoded), true, false, null
                }
            }
        }
        return written;
    }

    /**
     * True when the bytes hold no whitespace between tokens and only the escapes Jackson writes:
     * {@code \" \\ \b \f \n \r \t}, and {@code \\u00XX} (upper-case hex) for other control characters.
     */
    static boolean isWrittenForm(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '"') {
                i = closingQuote(body, i + 1, to);
                if (i < 0) {
                    return false;
                }
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the quote that closes a string whose text starts at {@code i}, or -1 when the
     * string holds an escape Jackson would not write or does not end before {@code to}. Message
     * text is most of an input or output and has few quotes and backslashes, so the text is
     * skipped eight bytes at a time while none of them is one. Byte by byte, this loop was a third
     * of the time the batch path spends deciding what it may store as sent (7% of its request
     * threads' samples under bench/ingest).
     */
    private static int closingQuote(byte[] body, int i, int to) {
        while (true) {
            while (i + Long.BYTES <= to) {
                long word = (long) LONGS.get(body, i);
                if (hasZeroByte(word ^ QUOTES) || hasZeroByte(word ^ BACKSLASHES)) {
                    break;
                }
                i += Long.BYTES;
            }
            if (i >= to) {
                return -1;
            }
            byte b = body[i];
            if (b == '"') {
                return i;
            }
            if (b != '\\') {
                i++;
                continue;
            }
            if (i + 1 >= to) {
                return -1;
            }
            switch (body[i + 1]) {
                case '"', '\\', 'b', 'f', 'n', 'r', 't' -> i += 2;
                case 'u' -> {
                    if (!isWrittenUnicodeEscape(body, i + 2, to)) {
                        return -1;
                    }
                    i += 6;
                }
                default -> {
                    return -1;
                }
            }
        }
    }

    // Whether any of the eight bytes is zero (exact: borrows only carry out of a byte that was zero).
    private static boolean hasZeroByte(long word) {
        return ((word - 0x0101010101010101L) & ~word & 0x8080808080808080L) != 0;
    }

    // Jackson writes a control character as a backslash-u00XX escape unless it has a short escape (\b \t \n \f \r).
    private static boolean isWrittenUnicodeEscape(byte[] body, int at, int to) {
        if (at + 4 > to || body[at] != '0' || body[at + 1] != '0') {
            return false;
        }
        int high = body[at + 2] - '0';
        int low = "0123456789ABCDEF".indexOf(body[at + 3]);
        if ((high != 0 && high != 1) || low < 0) {
            return false;
        }
        int c = high * 16 + low;
        return c != '\b' && c != '\t' && c != '\n' && c != '\f' && c != '\r';
    }
}
