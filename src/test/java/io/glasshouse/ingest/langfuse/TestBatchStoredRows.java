package io.glasshouse.ingest.langfuse;

import static io.glasshouse.ingest.langfuse.TestingIngestionStack.batch;
import static io.glasshouse.ingest.langfuse.TestingIngestionStack.event;
import static io.glasshouse.ingest.langfuse.TestingIngestionStack.newProject;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.model.ProjectId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request body's input and output may be kept as sent (BatchBodyReader) instead of parsed and
 * written again; the stored rows must not show which: every column of every row equals what the
 * same events stored through a parsed tree.
 */
class TestBatchStoredRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestingIngestionStack stack;

    @BeforeAll
    static void start() {
        stack = TestingIngestionStack.start("lfrows");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    // SDK-like events: message histories in the written form and not (whitespace, floats, escapes
    // Jackson does not write, repeated keys), strings, updates that merge, tags and metadata.
    private static final byte[] EVENTS = batch(
            event("e-1", "trace-create", "2026-03-01T10:00:00.000Z", """
                    {"id":"t-1","timestamp":"2026-03-01T10:00:00.000Z","name":"agent","userId":"u","sessionId":"s",
                     "input":{"role":"user","content":"Wie spät ist es? 😀 \\"quoted\\"\\n"},
                     "output":{"role":"assistant", "content": "gleich"},
                     "tags":["a","b"],"metadata":{"channel":"web","nested":{"x":[1, 2.5]}}}"""),
            event("e-2", "generation-create", "2026-03-01T10:00:01.500Z", """
                    {"id":"g-1","traceId":"t-1","name":"chat","startTime":"2026-03-01T10:00:01.000+00:00",
                     "endTime":"2026-03-01T10:00:01.500Z","completionStartTime":"2026-03-01T10:00:01.100Z",
                     "model":"gpt-4o","modelParameters":{"temperature":0.7,"max_tokens":512},
                     "input":[{"role":"system","content":"Be brief.\\tAlways."},{"role":"user","content":"ctl \\u001F \\u0000"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"clock","arguments":"{\\"tz\\":\\"CET\\"}"}}]}],
                     "output":{"role":"assistant","content":"It is 11:00.","logprobs":[-0.25,0.703,1.0E-5,-0.0]},
                     "usageDetails":{"prompt_tokens":120,"completion_tokens":8,"total_tokens":128},
                     "metadata":{"k":"v"}}"""),
            event("e-3", "tool-create", "2026-03-01T10:00:01.200Z", """
                    {"id":"tool-1","traceId":"t-1","parentObservationId":"g-1","name":"clock",
                     "startTime":"2026-03-01T10:00:01.150Z","endTime":"2026-03-01T10:00:01.200Z",
                     "input":{"url":"http:\\/\\/time.example\\/cet","e":"\\u00e9","f":1e2,"z":-0,"dup":1,"dup":2},
                     "output":[11,0,{"a":{"b":{"c":[]}}},true,false,null,123456789012345678901234567890]}"""),
            event("e-4", "span-create", "2026-03-01T10:00:02Z", """
                    {"id":"sp-1","traceId":"t-1","name":"post","input":"plain text","output":[ ]}"""),
            event("e-5", "span-update", "2026-03-01T10:00:03Z", """
                    {"id":"sp-1","traceId":"t-1","output":{"done":true,"lone":"\\ud800"},"endTime":"2026-03-01T10:00:03Z"}"""),
            event("e-6", "agent-create", "2026-03-01T10:00:00.100Z", """
                    {"id":"ag-1","traceId":"t-1","name":"support","input":{"q":"%s"},"output":{"a":"%s"}}"""
                    .formatted("x".repeat(300), "é".repeat(300))));

    @Test
    void storesTheSameRowsAsThroughAParsedTree() throws Exception {
        for (LangfuseBatchIngestion.Settings settings : List.of(LangfuseBatchIngestion.Settings.defaults(),
                // small enough to truncate the agent's input and output with the marker
                new LangfuseBatchIngestion.Settings(5_000, 200, 200, 1_000))) {
            LangfuseBatchIngestion ingestion = stack.ingestion(RowMerger.Settings.defaults(), settings);
            ProjectId asSent = newProject("as-sent");
            ProjectId asTree = newProject("as-tree");
            assertThat(ingestion.ingest(asSent, EVENTS).errors()).isEmpty();
            assertThat(ingestion.ingest(asTree, JSON.readTree(EVENTS)).errors()).isEmpty();
            for (String table : List.of("traces", "observations")) {
                List<ObjectNode> sent = stack.latestOfEach(table, asSent);
                List<ObjectNode> tree = stack.latestOfEach(table, asTree);
                assertThat(sent).hasSize(table.equals("traces") ? 1 : 4);
                assertThat(sent.stream().map(TestBatchStoredRows::comparable).toList())
                        .isEqualTo(tree.stream().map(TestBatchStoredRows::comparable).toList());
            }
        }
    }

    // Every column but the project, the version (a counter) and the insert times.
    private static String comparable(ObjectNode row) {
        ObjectNode copy = row.deepCopy();
        copy.remove(List.of("project_id", "event_version", "created_at", "updated_at"));
        return copy.toString();
    }
}
