package io.glasshouse.ingest.otel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * {@code gen_ai.input.messages} sent as JSON text, with the system instructions put in front,
 * without building the message tree. The messages carry the whole conversation so far and are
 * the largest value of a GenAI span; parsing them into a tree only to look at each message's
 * role, then serialising the tree again, took about a third of the span mapping's CPU. Here one
 * pass validates the text and reads the roles (message contents are skipped, never decoded;
 * {@link JsonScan} where it is sure, Jackson's streaming parser otherwise), and the system message
 * is spliced in front of the first element. The messages keep
 * their original text, as a message array without instructions does.
 */
final class SystemInstructionsSplice {
    private SystemInstructionsSplice() {}

    /** What one pass over the messages found: not a JSON array, an array with a system message, or one without. */
    enum Shape { NOT_AN_ARRAY, HAS_SYSTEM_MESSAGE, NO_SYSTEM_MESSAGE }

    /**
     * The messages with {@code systemMessage} (a JSON object's text) as their first element; the
     * messages unchanged if one of them already has the role "system"; null if {@code messages}
     * is not one valid JSON array (the caller then treats it like any other value).
     */
    static String splice(String messages, String systemMessage) {
        return switch (shape(messages)) {
            case NOT_AN_ARRAY -> null;
            case HAS_SYSTEM_MESSAGE -> messages;
            case NO_SYSTEM_MESSAGE -> {
                int open = messages.indexOf('[');
                int next = open + 1;
                while (Character.isWhitespace(messages.charAt(next))) {
                    next++;
                }
                boolean empty = messages.charAt(next) == ']';
                yield new StringBuilder(messages.length() + systemMessage.length() + 2)
                        .append('[').append(systemMessage).append(empty ? "" : ",")
                        .append(messages, open + 1, messages.length())
                        .toString();
            }
        };
    }

    static Shape shape(String text) {
        Shape sure = JsonScan.messagesShape(text);
        return sure != null ? sure : jacksonShape(text);
    }

    /** What Jackson makes of the text; the rule {@link JsonScan#messagesShape} follows where it is sure. */
    static Shape jacksonShape(String text) {
        try (JsonParser parser = OtelValues.JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return Shape.NOT_AN_ARRAY;
            }
            boolean system = false;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    return Shape.NOT_AN_ARRAY;
                }
                if (token == JsonToken.START_OBJECT) {
                    system |= "system".equals(role(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return parser.nextToken() != null ? Shape.NOT_AN_ARRAY
                    : system ? Shape.HAS_SYSTEM_MESSAGE : Shape.NO_SYSTEM_MESSAGE;
        } catch (IOException e) {
            return Shape.NOT_AN_ARRAY;
        }
    }

    // The message's last "role" when it is a string (a repeated key: the last wins, as in a tree).
    private static String role(JsonParser parser) throws IOException {
        String role = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean isRole = "role".equals(parser.currentName());
            JsonToken value = parser.nextToken();
            if (isRole) {
                role = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            }
            parser.skipChildren();
        }
        return role;
    }
}
