package io.glasshouse.ingest.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TestSystemInstructionsSplice {
    private static final String SYSTEM = "{\"role\":\"system\",\"content\":\"Be brief\"}";

    @Test
    void putsTheSystemMessageFirstAndKeepsTheMessagesText() {
        String messages = "[ {\"role\": \"user\", \"content\": \"caf\\u00e9 \\\"quoted\\\"\"} ]\n";

        String spliced = SystemInstructionsSplice.splice(messages, SYSTEM);

        assertThat(spliced).isEqualTo("[" + SYSTEM + ", {\"role\": \"user\", \"content\": \"caf\\u00e9 \\\"quoted\\\"\"} ]\n");
        JsonNode parsed = OtelValues.parse(spliced);
        assertThat(parsed.size()).isEqualTo(2);
        assertThat(parsed.get(0).get("role").asText()).isEqualTo("system");
        assertThat(parsed.get(1).get("content").asText()).isEqualTo("café \"quoted\"");
    }

    @Test
    void anEmptyArrayGetsOnlyTheSystemMessage() {
        assertThat(SystemInstructionsSplice.splice("[]", SYSTEM)).isEqualTo("[" + SYSTEM + "]");
        assertThat(SystemInstructionsSplice.splice("  [ \n ]", SYSTEM)).isEqualTo("[" + SYSTEM + " \n ]");
    }

    @Test
    void messagesWithASystemMessageStayAsSent() {
        String messages = "[{\"role\":\"system\",\"content\":\"own\"},{\"role\":\"user\",\"content\":\"hi\"}]";
        assertThat(SystemInstructionsSplice.splice(messages, SYSTEM)).isSameAs(messages);
        // anywhere in the array, as the tree check did
        String later = "[{\"role\":\"user\",\"content\":\"hi\"},{\"content\":\"x\",\"role\":\"system\"}]";
        assertThat(SystemInstructionsSplice.splice(later, SYSTEM)).isSameAs(later);
    }

    @Test
    void onlyAMessagesOwnStringRoleCounts() {
        // "system" nested in content, as a non-string, or overridden by a later "role" key is not a system message
        assertThat(SystemInstructionsSplice.shape("[{\"role\":\"user\",\"content\":{\"role\":\"system\"}}]"))
                .isEqualTo(SystemInstructionsSplice.Shape.NO_SYSTEM_MESSAGE);
        assertThat(SystemInstructionsSplice.shape("[{\"role\":[\"system\"]}, [{\"role\":\"system\"}], \"system\"]"))
                .isEqualTo(SystemInstructionsSplice.Shape.NO_SYSTEM_MESSAGE);
        assertThat(SystemInstructionsSplice.shape("[{\"role\":\"system\",\"role\":\"user\"}]"))
                .isEqualTo(SystemInstructionsSplice.Shape.NO_SYSTEM_MESSAGE);
        assertThat(SystemInstructionsSplice.shape("[{\"role\":\"user\",\"role\":\"system\"}]"))
                .isEqualTo(SystemInstructionsSplice.Shape.HAS_SYSTEM_MESSAGE);
    }

    @Test
    void anythingButOneValidArrayIsLeftToTheCaller() {
        for (String text : new String[] {"", "hello", "{\"role\":\"user\"}", "\"[]\"", "[{\"role\":\"user\"}",
                "[{\"role\":\"user\"}] trailing", "[1,]", "[{\"role\":\"user\"}][]", "[\"unterminated]"}) {
            assertThat(SystemInstructionsSplice.splice(text, SYSTEM)).as(text).isNull();
        }
    }
}
