package io.glasshouse.ingest.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.ObservationPricing;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.ingest.ScoreConfigCheck;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.clickhouse.ClickHouseEventStore;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.ClickHouseStoredRows;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.TestingClickHouse;
import io.glasshouse.storage.clickhouse.TestingEventRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batch ingestion wired to a real embedded ClickHouse database: schema, event store, group-commit
 * writer, merger with the ClickHouse look-up. Plus helpers to write events as JSON text and read
 * stored rows back.
 */
final class TestingIngestionStack implements AutoCloseable {
    private static final AtomicInteger PROJECTS = new AtomicInteger();

    final EmbeddedClickHouse clickHouse;
    final ClickHouseEventStore store;
    final EventWriter writer;

    private TestingIngestionStack(String prefix) {
        clickHouse = TestingClickHouse.newDatabase(prefix);
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        store = new ClickHouseEventStore(clickHouse);
        writer = newWriter();
    }

    static TestingIngestionStack start(String prefix) {
        return new TestingIngestionStack(prefix);
    }

    EventWriter newWriter() {
        return new EventWriter(store, new EventWriter.Settings(Duration.ofMillis(5), 10_000, 100_000, Duration.ofSeconds(60)),
                new SimpleMeterRegistry());
    }

    LangfuseBatchIngestion ingestion() {
        return ingestion(RowMerger.Settings.defaults(), LangfuseBatchIngestion.Settings.defaults());
    }

    LangfuseBatchIngestion ingestion(RowMerger.Settings cache, LangfuseBatchIngestion.Settings settings) {
        return new LangfuseBatchIngestion(merger(cache), writer, ScoreConfigCheck.acceptAll(), settings);
    }

    RowMerger merger(RowMerger.Settings cache) {
        return new RowMerger(ObservationPricing.asSent(), new ClickHouseStoredRows(clickHouse), cache);
    }

    /** A project of its own for each test. */
    static ProjectId newProject(String name) {
        return new ProjectId(name + "-" + PROJECTS.incrementAndGet());
    }

    ObjectNode latest(String table, ProjectId project, String id) {
        return TestingEventRows.latest(clickHouse, table, project, id);
    }

    List<ObjectNode> versions(String table, ProjectId project, String id) {
        return TestingEventRows.versions(clickHouse, table, project, id);
    }

    List<ObjectNode> latestOfEach(String table, ProjectId project) {
        return TestingEventRows.latestOfEach(clickHouse, table, project);
    }

    /** One envelope: {@code body} is JSON text. */
    static String event(String id, String type, String timestamp, String body) {
        return """
                {"id": "%s", "type": "%s", "timestamp": "%s", "body": %s}""".formatted(id, type, timestamp, body);
    }

    /** A request body holding the events, with SDK metadata as the JS SDK sends it. */
    static byte[] batch(String... events) {
        return ("{\"batch\": [" + String.join(",\n", events)
                        + "], \"metadata\": {\"batch_size\": " + events.length + ", \"sdk_name\": \"langfuse-js\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A column's value as text, null for SQL NULL. */
    static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void close() {
        writer.close();
        clickHouse.close();
    }
}
