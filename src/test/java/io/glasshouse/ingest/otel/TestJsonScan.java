package io.glasshouse.ingest.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.ingest.otel.SystemInstructionsSplice.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JsonScan against Jackson, the rule it must follow: wherever the scanner claims an answer, Jackson
 * gives the same one. Checked on generated documents (valid ones, written with varied whitespace,
 * escapes and number forms) and on thousands of mutations of them (a character inserted, deleted
 * or replaced, a truncation, a splice), which are mostly invalid in the ways real text is: cut
 * short, a stray quote, a control character, a bad escape.
 */
class TestJsonScan {
    private static final String MUTATION_CHARS = "{}[]\",:\\ \t\n\r\u0000\u001f0123456789-+.eEtrufalsn/u#'xé\u2028\ud800";

    @Test
    void everyValidClaimIsJacksonsAndMostValidDocumentsGetOne() {
        Random random = new Random(20261126);
        int documents = 0;
        int vouched = 0;
        int mutants = 0;
        int mutantsVouched = 0;
        for (int i = 0; i < 3_000; i++) {
            String document = new Writer(random).value(0);
            documents++;
            assertThat(OtelValues.jacksonSaysValid(document)).as("generator wrote valid JSON: %s", document).isTrue();
            if (JsonScan.certainlyValid(document)) {
                vouched++;
            }
            for (String mutant : mutants(document, random, 6)) {
                mutants++;
                boolean claimed = JsonScan.certainlyValid(mutant);
                if (claimed) {
                    mutantsVouched++;
                    assertThat(OtelValues.jacksonSaysValid(mutant)).as("scanner vouched for %s", printable(mutant)).isTrue();
                }
                assertThat(OtelValues.isValidJson(mutant)).as(printable(mutant))
                        .isEqualTo(OtelValues.jacksonSaysValid(mutant) && !mutant.isBlank() && startsLikeJson(mutant));
            }
        }
        // The generator stays inside the scanner's subset, so it must answer for all of them, and
        // the mutants include both kinds (otherwise this test would show nothing).
        assertThat(vouched).isEqualTo(documents);
        assertThat(mutantsVouched).isBetween(mutants / 20, mutants - mutants / 20);
    }

    @Test
    void everyShapeClaimIsJacksons() {
        Random random = new Random(7);
        int claims = 0;
        int arrays = 0;
        for (int i = 0; i < 3_000; i++) {
            String messages = messages(random);
            arrays++;
            Shape claimed = JsonScan.messagesShape(messages);
            if (claimed != null) {
                claims++;
                assertThat(claimed).as(messages).isEqualTo(SystemInstructionsSplice.jacksonShape(messages));
            }
            for (String mutant : mutants(messages, random, 6)) {
                Shape mutantClaim = JsonScan.messagesShape(mutant);
                if (mutantClaim != null) {
                    assertThat(mutantClaim).as(printable(mutant)).isEqualTo(SystemInstructionsSplice.jacksonShape(mutant));
                }
                assertThat(SystemInstructionsSplice.shape(mutant)).as(printable(mutant))
                        .isEqualTo(SystemInstructionsSplice.jacksonShape(mutant));
            }
        }
        // The generator stays inside the scanner's subset (escaped names and roles included).
        assertThat(claims).isEqualTo(arrays);
    }

    @Test
    void leavesToJacksonWhatItCannotBeSureOf() {
        for (String text : List.of("01", "-", "1.", ".5", "1e", "+1", "NaN", "[1,]", "{\"a\":1,}", "[1 2]", "truex", "1x",
                "\"tab\there\"", "\"bad \\x escape\"", "\"\\u12G4\"", "{'a':1}", "[1]/*c*/", "[1] [2]", "", "  ",
                "\"unterminated", "{\"a\" 1}", "\ufeff[1]", "[1]\u00a0")) {
            assertThat(JsonScan.certainlyValid(text)).as(printable(text)).isFalse();
        }
        // Valid, but outside the subset: still valid through Jackson.
        String deep = "[".repeat(JsonScan.MAX_DEPTH + 1) + "]".repeat(JsonScan.MAX_DEPTH + 1);
        String longNumber = "1".repeat(JsonScan.MAX_NUMBER_CHARS + 1);
        String longName = "{\"" + "n".repeat(JsonScan.MAX_NAME_CHARS + 1) + "\":1}";
        for (String text : List.of(deep, longNumber, longName)) {
            assertThat(JsonScan.certainlyValid(text)).isFalse();
            assertThat(OtelValues.isValidJson(text)).isTrue();
        }
        for (String text : List.of("0", "-0.5e+3", "[]", "{}", " {\"a\" : [true, false, null, \"\\u00e9\\n\\/\"]}\n", "\"\"",
                "[" + "[".repeat(JsonScan.MAX_DEPTH - 1) + "]".repeat(JsonScan.MAX_DEPTH))) {
            assertThat(JsonScan.certainlyValid(text)).as(text).isTrue();
        }
    }

    @Test
    void readsRolesAsJacksonDecodesThem() {
        assertThat(JsonScan.messagesShape("[{\"\\u0072ole\":\"system\"}]")).isEqualTo(Shape.HAS_SYSTEM_MESSAGE);
        assertThat(JsonScan.messagesShape("[{\"role\":\"sys\\u0074em\"}]")).isEqualTo(Shape.HAS_SYSTEM_MESSAGE);
        assertThat(JsonScan.messagesShape("[{\"role\":\"system\\n\"}]")).isEqualTo(Shape.NO_SYSTEM_MESSAGE);
        assertThat(JsonScan.messagesShape("[{\"role\":\"\\/system\"}]")).isEqualTo(Shape.NO_SYSTEM_MESSAGE);
        assertThat(JsonScan.messagesShape("[{\"rol\\u0065s\":\"system\"}]")).isEqualTo(Shape.NO_SYSTEM_MESSAGE);
        assertThat(JsonScan.messagesShape("[{\"role\":\"system\",\"content\":\"\\\"x\\\"\"}]")).isEqualTo(Shape.HAS_SYSTEM_MESSAGE);
        assertThat(JsonScan.messagesShape("[{\"role\":\"system\",\"role\":7}]")).isEqualTo(Shape.NO_SYSTEM_MESSAGE);
        assertThat(JsonScan.messagesShape("[\"system\", {\"content\":{\"role\":\"system\"}}]")).isEqualTo(Shape.NO_SYSTEM_MESSAGE);
    }

    private static boolean startsLikeJson(String text) {
        String stripped = text.strip();
        char c = stripped.isEmpty() ? ' ' : stripped.charAt(0);
        return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n';
    }

    private static List<String> mutants(String text, Random random, int count) {
        List<String> mutants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = random.nextInt(text.length() + 1);
            char c = MUTATION_CHARS.charAt(random.nextInt(MUTATION_CHARS.length()));
            String mutant = switch (random.nextInt(5)) {
                case 0 -> text.substring(0, at) + c + text.substring(at);
                case 1 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text + c;
                case 2 -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : c + text;
                case 3 -> text.substring(0, at);
                default -> text.substring(0, at) + text.substring(random.nextInt(text.length() + 1));
            };
            mutants.add(mutant);
        }
        return mutants;
    }

    private static String messages(Random random) {
        StringBuilder out = new StringBuilder("[");
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(random.nextBoolean() ? "," : " ,\n ");
            }
            if (random.nextInt(10) == 0) {
                out.append(new Writer(random).value(1));
                continue;
            }
            out.append('{');
            int members = 1 + random.nextInt(3);
            for (int m = 0; m < members; m++) {
                if (m > 0) {
                    out.append(',');
                }
                String name = switch (random.nextInt(12)) {
                    case 0 -> "\"\\u0072ole\"";
                    case 1, 2, 3, 4, 5 -> "\"role\"";
                    default -> "\"content\"";
                };
                out.append(name).append(random.nextBoolean() ? ":" : " : ");
                out.append(switch (random.nextInt(13)) {
                    case 0 -> "\"system\"";
                    case 1 -> "\"sys\\u0074em\"";
                    case 9 -> "\"\\u0053ystem\"";
                    case 10 -> "\"system\\u0000\"";
                    case 11 -> "\"\\\"system\"";
                    case 12 -> "\"syste\\u006D\"";
                    case 2 -> "\"user\"";
                    case 3 -> "\"assistant\"";
                    case 4 -> "[\"system\"]";
                    case 5 -> "{\"role\":\"system\"}";
                    case 6 -> "null";
                    default -> new Writer(random).value(2);
                });
            }
            out.append('}');
        }
        return out.append(random.nextBoolean() ? "]" : " ]\n").toString();
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** Random valid JSON inside the scanner's subset, in varied but legal spellings. */
    private static final class Writer {
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Writer(Random random) {
            this.random = random;
        }

        String value(int depth) {
            write(depth);
            return space() + out + space();
        }

        private void write(int depth) {
            int kind = depth >= 6 ? 3 + random.nextInt(5) : random.nextInt(8);
            switch (kind) {
                case 0, 1 -> {
                    out.append('{').append(space());
                    int members = random.nextInt(4);
                    for (int i = 0; i < members; i++) {
                        if (i > 0) {
                            out.append(space()).append(',').append(space());
                        }
                        string();
                        out.append(space()).append(':').append(space());
                        write(depth + 1);
                    }
                    out.append(space()).append('}');
                }
                case 2 -> {
                    out.append('[').append(space());
                    int elements = random.nextInt(4);
                    for (int i = 0; i < elements; i++) {
                        if (i > 0) {
                            out.append(space()).append(',').append(space());
                        }
                        write(depth + 1);
                    }
                    out.append(space()).append(']');
                }
                case 3, 4 -> string();
                case 5 -> number();
                default -> out.append(List.of("true", "false", "null").get(random.nextInt(3)));
            }
        }

        private void string() {
            out.append('"');
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(12)) {
                    case 0 -> out.append(List.of("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t").get(random.nextInt(8)));
                    case 1 -> out.append(String.format("\\u%04X", random.nextInt(0x10000)));
                    case 2 -> out.append((char) (0x80 + random.nextInt(0xD000)));
                    default -> {
                        char c = (char) (0x20 + random.nextInt(0x5f));
                        out.append(c == '"' || c == '\\' ? '\'' : c);
                    }
                }
            }
            out.append('"');
        }

        private void number() {
            if (random.nextBoolean()) {
                out.append('-');
            }
            out.append(random.nextInt(4) == 0 ? "0" : String.valueOf(1 + random.nextInt(100_000)));
            if (random.nextBoolean()) {
                out.append('.').append(random.nextInt(1000));
            }
            if (random.nextInt(4) == 0) {
                out.append(random.nextBoolean() ? 'e' : 'E').append(List.of("", "+", "-").get(random.nextInt(3))).append(random.nextInt(300));
            }
        }

        private String space() {
            return switch (random.nextInt(6)) {
                case 0 -> " ";
                case 1 -> "\n  ";
                case 2 -> "\t";
                case 3 -> "\r\n";
                default -> "";
            };
        }
    }
}
