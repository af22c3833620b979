package io.glasshouse.ingest.langfuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestBatchBodyReader {
    // As LangfuseBatchIngestion builds it.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final FieldText TEXT = new FieldText(1024 * 1024);

    private final BatchBodyReader reader = new BatchBodyReader(JSON);

    /** Input and output values, each sent as an event body's input and output. */
    private static final List<String> VALUES = List.of(
            // written form: taken as sent
            "[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Héllo \\\"wörld\\\" 😀\\n\\t\\\\\"}]",
            "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}",
            "{\"n\":[0,-1,123456789012345678901234567890,true,false,null,{},[]],\"ctl\":\"\\u001F\\u0000\\b\\f\\r\"}",
            "[]",
            "{}",
            "{\"scores\":[0.703,1.0,-0.0,1.5E-10,123.25,1.0E7,0.001]}",
            // not the written form: parsed into a tree and written as before
            "{ \"role\" : \"user\", \"content\" : [ 1, 2 ] }",
            "[\n  {\"a\": 1}\n]",
            "{\"url\":\"http:\\/\\/example.com\\/\"}",
            "{\"e\":\"\\u00e9\\u00E9\\u001f\\u000A\\u0041\"}",
            "{\"lone\":\"\\ud800 and \\udfff\"}",
            "{\"f\":[1.0,1e2,-0.0,0.1,1.5E-10,1e400,2.50]}",
            "{\"z\":-0}",
            "{\"a\":1,\"b\":{\"c\":2,\"c\":3},\"a\":4}",
            "[{\"k\":\"v\"},{\"k\":\"w\",\"k\":\"x\"}]",
            "{\"\\u006b\":1}",
            // not containers: strings and scalars stay nodes
            "\"plain text\"",
            "42",
            "null");

    @Test
    void readsTheSameEnvelopeAsParsingWholeAndStoresTheSameText() throws Exception {
        for (String value : VALUES) {
            byte[] body = envelope(value);
            JsonNode read = reader.read(body);
            JsonNode whole = JSON.readTree(body);
            assertThat(read).as(value).isNotNull();
            assertThat(storedForm(read).toString()).as(value).isEqualTo(storedForm(whole).toString());
        }
    }

    @Test
    void takesOnlyTheWrittenFormAsSent() throws Exception {
        List<String> asSent = VALUES.subList(0, 6);
        for (String value : VALUES) {
            JsonNode input = reader.read(envelope(value)).get("batch").get(1).get("body").get("input");
            assertThat(input instanceof POJONode).as(value).isEqualTo(asSent.contains(value));
        }
        // The text kept is the sent text.
        JsonNode input = reader.read(envelope(VALUES.getFirst())).get("batch").get(1).get("body").get("input");
        assertThat(TEXT.of(input)).isEqualTo(VALUES.getFirst());
    }

    @Test
    void leavesEverythingButAValidEnvelopeToTheWholeParse() {
        for (String body : List.of("", " ", "[]", "\"batch\"", "{", "{\"batch\":[}", "{\"batch\":[]} {}", "{\"batch\":[]}x",
                "{\"batch\":[{\"body\":{\"input\":[1,}}]}", "{\"batch\":[{\"body\":{\"input\":" + "[".repeat(30) + "]".repeat(30) + "}}]}")) {
            assertThat(reader.read(body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
        }
        assertThat(reader.read("{\"batch\":[1,\"x\",null,{\"body\":[]}],\"metadata\":{\"a\":1.5}}".getBytes(StandardCharsets.UTF_8)))
                .hasToString("{\"batch\":[1,\"x\",null,{\"body\":[]}],\"metadata\":{\"a\":1.5}}");
    }

    @Test
    void isWrittenFormOnlyForTextJacksonWouldWrite() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        for (String value : VALUES) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            boolean same = plain.writeValueAsString(plain.readTree(bytes)).equals(value);
            if (BatchBodyReader.isWrittenForm(bytes, 0, bytes.length) && !value.contains("1e") && !value.contains("-0")
                    && !value.contains("2.50")
                    && !value.contains("\"c\":2,\"c\"") && !value.contains("\"k\":\"w\",\"k\"")) {
                assertThat(same).as(value).isTrue();
            }
        }
    }

    // The check skips string text eight bytes at a time: every escape, quote and whitespace at
    // every offset from a word boundary, in strings long enough to take the fast path, must give
    // the byte-by-byte answer.
    @Test
    void isWrittenFormAnswersAsAByteByByteScan() {
        List<String> pieces = List.of("\\\"", "\\\\", "\\n", "\\t", "\\b", "\\f", "\\r", "\\u001F", "\\u00e9",
                "\\u0041", "\\/", "\\x", " ", "\n", "é", "😀", "\\", "\"", "\\u00");
        int checked = 0;
        for (String piece : pieces) {
            for (int before = 0; before <= 17; before++) {
                for (int after : new int[] {0, 1, 7, 8, 9, 23}) {
                    String text = "a".repeat(before) + piece + "b".repeat(after);
                    for (String value : List.of("[\"" + text + "\"]", "{\"k\":\"" + text + "\",\"x\":1}", "\"" + text,
                            "[\"" + text + "\", 1]")) {
                        // Bytes past `to` (as in a batch body, where the value is followed by
                        // the rest of the envelope) must not be read.
                        byte[] bytes = (value + "\\ \"xxxxxxxxxxxxxxxx").getBytes(StandardCharsets.UTF_8);
                        int to = bytes.length - 19;
                        for (int from = 0; from <= 1; from++) {
                            assertThat(BatchBodyReader.isWrittenForm(bytes, from, to))
                                    .as("%s from %d", value, from).isEqualTo(byteByByte(bytes, from, to));
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(pieces.size() * 18 * 6 * 4 * 2);
    }

    // The check as it was written before it skipped eight bytes at a time, but for a backslash at
    // `to - 1`, after which it read one byte past `to` (never the case for a parsed value).
    private static boolean byteByByte(byte[] body, int from, int to) {
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (!inString) {
                if (b == '"') {
                    inString = true;
                } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    return false;
                }
            } else if (b == '"') {
                inString = false;
            } else if (b == '\\') {
                i++;
                if (i >= to) {
                    return false;
                }
                switch (body[i]) {
                    case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {}
                    case 'u' -> {
                        if (i + 5 > to || body[i + 1] != '0' || body[i + 2] != '0' || (body[i + 3] != '0' && body[i + 3] != '1')
                                || "0123456789ABCDEF".indexOf(body[i + 4]) < 0
                                || "\b\t\n\f\r".indexOf((body[i + 3] - '0') * 16 + "0123456789ABCDEF".indexOf(body[i + 4])) >= 0) {
                            return false;
                        }
                        i += 4;
                    }
                    default -> {
                        return false;
                    }
                }
            }
        }
        return !inString;
    }

    // Two events; the second carries the value as input and output. Input and output are replaced
    // by the text that would be stored, everything else must be the same node.
    private static byte[] envelope(String value) {
        return ("{\"batch\":[{\"id\":\"e1\",\"type\":\"trace-create\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"body\":{\"id\":\"t\"}},"
                + "{\"id\":\"e2\",\"type\":\"generation-create\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"body\":{\"id\":\"g\","
                + "\"input\":" + value + ",\"usage\":{\"input\":3,\"output\":4.5},\"output\":" + value + ",\"metadata\":{\"x\":[1, 2]}}}],"
                + "\"metadata\":{\"sdk\":\"test\",\"n\":1.25}}").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode storedForm(JsonNode envelope) {
        JsonNode copy = envelope.deepCopy();
        for (JsonNode event : copy.get("batch")) {
            ObjectNode body = (ObjectNode) event.get("body");
            for (String field : List.of("input", "output")) {
                if (body.has(field)) {
                    String stored = TEXT.of(body.get(field));
                    body.set(field, stored == null ? null : TextNode.valueOf(stored));
                }
            }
        }
        return copy;
    }
}
