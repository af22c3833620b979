package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClickHouse} transport must do alike. Each test gets a database of its own.
 * Subclasses supply the transport; the engine behind it is always the test JVM's chDB.
 */
abstract class BaseClickHouseTransportTest {
    private static final List<String> HOSTILE = List.of(
            "plain", "", "it's", "a\"b", "back\\slash", "trailing\\", "\\N", "\\t not a tab", "tab\there",
            "new\nline", "cr\rlf\r\n", "nul\0byte", "'); DROP TABLE spans; --", "' OR '1'='1", "{x:String}",
            "{v:String}", "%41%20+plus&amp=1", "日本語のテキスト", "Ελληνικά", "العربية", "emoji 🎉👩‍💻", "\uFEFFbom");

    private ClickHouse clickHouse;

    /** A transport bound to a fresh database whose name starts with {@code databasePrefix}. */
    protected abstract ClickHouse newClickHouse(String databasePrefix);

    @BeforeEach
    void open() {
        clickHouse = newClickHouse("transport");
    }

    @AfterEach
    void close() {
        clickHouse.close();
    }

    // A statement that fails while it runs (a read limit, an error thrown mid-stream) must leave
    // the connection it ran on answering the next statement correctly, not silently empty.
    @Test
    void aStatementThatFailsWhileRunningLeavesTheConnectionsUsable() {
        List<String> failing = List.of(
                "SELECT throwIf(number = 200000) AS x FROM numbers(1000000)",
                "SELECT sum(number) AS s FROM numbers(10000000) SETTINGS max_rows_to_read = 1000");
        for (int round = 0; round < 12; round++) {
            String sql = failing.get(round % failing.size());
            assertThatThrownBy(() -> clickHouse.query(Sql.plain(sql))).isInstanceOf(ClickHouseException.class);
            assertThat(clickHouse.query(Sql.plain("SELECT 1 AS ok")).rows())
                    .as("the statement after failure %d", round)
                    .hasSize(1);
        }
    }

    @Test
    void hostileStringsRoundTripAsBoundParameters() {
        for (String value : HOSTILE) {
            QueryResult result = clickHouse.query(Sql.of("SELECT {v:String} AS v, length({v:String}) AS bytes")
                    .bind("v", value)
                    .build());
            assertThat(result.rows().getFirst().get("v").asText()).as("round trip of %s", value).isEqualTo(value);
            assertThat(result.rows().getFirst().get("bytes").asInt())
                    .as("byte length of %s", value)
                    .isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void bindsManyHostileParametersInOneStatement() {
        Sql.Builder sql = Sql.of("SELECT [" + String.join(", ", IntStream.range(0, HOSTILE.size())
                .mapToObj(i -> "{p" + i + ":String}")
                .toList()) + "] AS values");
        for (int i = 0; i < HOSTILE.size(); i++) {
            sql.bind("p" + i, HOSTILE.get(i));
        }
        JsonNode values = clickHouse.query(sql.build()).scalar();
        List<String> returned = new ArrayList<>();
        values.forEach(value -> returned.add(value.asText()));
        assertThat(returned).containsExactlyElementsOf(HOSTILE);
    }

    @Test
    void bindsIntegersTimesAndArrays() {
        List<String> tags = List.of("x", "it's", "b\\s", "new\nline", "tab\t", "日本", "🎉", "{x:String}", "a,b", "[']");
        QueryResult result = clickHouse.query(Sql.of("""
                        SELECT {max:UInt64} AS max, {min:Int64} AS min, {small:Int32} AS small,
                               {t:DateTime64(6)} AS t, {tags:Array(String)} AS tags, {none:Array(String)} AS none,
                               {f:Float64} AS f
                        """)
                .bind("max", Long.MAX_VALUE)
                .bind("min", Long.MIN_VALUE)
                .bind("small", -42)
                .bind("t", Instant.parse("2026-11-25T10:15:30.123456Z"))
                .bindStrings("tags", tags)
                .bindStrings("none", List.of())
                .bind("f", 0.1)
                .build());
        JsonNode row = result.rows().getFirst();
        // Numbers, not strings: output_format_json_quote_64bit_integers=0 on both transports.
        assertThat(row.get("max").isIntegralNumber()).isTrue();
        assertThat(row.get("max").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(row.get("min").asLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(row.get("small").asInt()).isEqualTo(-42);
        assertThat(row.get("t").asText()).isEqualTo("2026-11-25 10:15:30.123456");
        List<String> returned = new ArrayList<>();
        row.get("tags").forEach(tag -> returned.add(tag.asText()));
        assertThat(returned).containsExactlyElementsOf(tags);
        assertThat(row.get("none").size()).isZero();
        assertThat(row.get("f").asDouble()).isEqualTo(0.1);
        assertThat(result.columns()).extracting(QueryResult.Column::type)
                .containsExactly("UInt64", "Int64", "Int32", "DateTime64(6)", "Array(String)", "Array(String)", "Float64");
    }

    @Test
    void resolvesUnqualifiedNamesInItsOwnDatabase() {
        clickHouse.execute(Sql.plain("CREATE TABLE here (id UInt32) ENGINE = MergeTree ORDER BY id"));
        assertThat(clickHouse.query(Sql.plain("SELECT currentDatabase() AS db")).scalar().asText())
                .isEqualTo(clickHouse.database());
        assertThat(clickHouse.query(Sql.of("SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = 'here'")
                                .bind("db", clickHouse.database())
                                .build())
                        .scalar()
                        .asLong())
                .isEqualTo(1);
        assertThat(clickHouse.describe()).contains(clickHouse.database());
    }

    @Test
    void insertsJsonEachRowSentInSeveralChunks() {
        clickHouse.execute(Sql.plain("""
                CREATE TABLE spans (id UInt32, name String, attributes Map(String, String), started DateTime64(6, 'UTC'))
                ENGINE = MergeTree ORDER BY id"""));
        StringBuilder rows = new StringBuilder();
        for (int id = 1; id <= 100; id++) {
            rows.append("{\"id\":").append(id)
                    .append(",\"name\":\"span ").append(id).append(" — Ελληνικά 🎉\"")
                    .append(",\"attributes\":{\"gen_ai.system\":\"openai\",\"n\":\"").append(id).append("\"}")
                    .append(",\"started\":\"2026-11-25 10:00:00.").append(String.format("%06d", id)).append("\"}\n");
        }
        // Uneven cuts that split rows, and UTF-8 sequences, across chunk boundaries.
        List<byte[]> chunks = split(rows.toString().getBytes(StandardCharsets.UTF_8), 1, 17, 333, 1000, 4096);
        clickHouse.insert("INSERT INTO spans (id, name, attributes, started)", "JSONEachRow", chunks);

        QueryResult summary = clickHouse.query(Sql.plain("SELECT count() AS n, sum(id) AS total FROM spans"));
        assertThat(summary.rows().getFirst().get("n").asLong()).isEqualTo(100);
        assertThat(summary.rows().getFirst().get("total").asLong()).isEqualTo(5050);
        JsonNode row = clickHouse.query(Sql.of("SELECT name, attributes, started FROM spans WHERE id = {id:UInt32}")
                        .bind("id", 42)
                        .build())
                .rows()
                .getFirst();
        assertThat(row.get("name").asText()).isEqualTo("span 42 — Ελληνικά 🎉");
        assertThat(row.get("attributes").get("n").asText()).isEqualTo("42");
        assertThat(row.get("started").asText()).isEqualTo("2026-11-25 10:00:00.000042");
    }

    @Test
    void insertsRowBinary() {
        clickHouse.execute(Sql.plain("""
                CREATE TABLE events (id UInt32, name String, at DateTime64(3, 'UTC'), tags Array(String))
                ENGINE = MergeTree ORDER BY id"""));
        RowBinary rows = new RowBinary();
        rows.uint32(1).string("first").dateTime64Millis(Instant.parse("2026-11-25T10:00:00.001Z")).strings(List.of());
        rows.uint32(2).string("zweite — 二番目").dateTime64Millis(Instant.parse("2026-11-25T10:00:00.002Z"))
                .strings(List.of("a", "it's"));
        rows.uint32(3).string("x".repeat(300)).dateTime64Millis(Instant.parse("2026-11-25T10:00:00.003Z"))
                .strings(List.of("🎉"));
        clickHouse.insert("INSERT INTO events (id, name, at, tags)", "RowBinary", split(rows.bytes(), 11));

        List<JsonNode> read = new ArrayList<>(clickHouse.query(Sql.plain(
                        "SELECT id, name, at, tags FROM events ORDER BY id"))
                .rows());
        assertThat(read).hasSize(3);
        assertThat(read.get(1).get("name").asText()).isEqualTo("zweite — 二番目");
        assertThat(read.get(1).get("at").asText()).isEqualTo("2026-11-25 10:00:00.002");
        assertThat(read.get(1).get("tags").get(1).asText()).isEqualTo("it's");
        assertThat(read.get(2).get("name").asText()).hasSize(300);
        assertThat(read.get(2).get("tags").get(0).asText()).isEqualTo("🎉");
    }

    @Test
    void reportsClickHouseErrorCodes() {
        assertThatThrownBy(() -> clickHouse.query(Sql.plain("SELECT * FROM no_such_table")))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                    assertThat(e.clickHouseCode()).isEqualTo(60);
                    assertThat(e.getMessage()).contains("UNKNOWN_TABLE").endsWith("[statement: SELECT * FROM no_such_table]");
                });
        assertThatThrownBy(() -> clickHouse.execute(Sql.plain("SELEC 1")))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.clickHouseCode()).isEqualTo(62));
        assertThatThrownBy(() -> clickHouse.insert("INSERT INTO no_such_table", "JSONEachRow", List.of("{}".getBytes())))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.clickHouseCode()).isEqualTo(60));
        clickHouse.execute(Sql.plain("CREATE TABLE small (n UInt8) ENGINE = MergeTree ORDER BY n"));
        assertThatThrownBy(() -> clickHouse.insert("INSERT INTO small", "CSV", List.of("1\nnot a number\n".getBytes())))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.clickHouseCode()).isEqualTo(117));
        assertThat(clickHouse.query(Sql.plain("SELECT count() AS n FROM small")).scalar().asLong())
                .as("a refused insert stores nothing")
                .isZero();
    }

    @Test
    void answersConcurrentQueriesFromEightThreadsWithTheirOwnResults() throws Exception {
        clickHouse.execute(Sql.plain(
                "CREATE TABLE work (thread UInt32, seq UInt32, payload String) ENGINE = MergeTree ORDER BY (thread, seq)"));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    StringBuilder rows = new StringBuilder();
                    for (int seq = 1; seq <= 25; seq++) {
                        rows.append("{\"thread\":").append(thread).append(",\"seq\":").append(seq)
                                .append(",\"payload\":\"t").append(thread).append("\"}\n");
                    }
                    clickHouse.insert("INSERT INTO work", "JSONEachRow", List.of(rows.toString().getBytes()));
                    for (int i = 0; i < 15; i++) {
                        String echo = "thread " + thread + " call " + i + " 🎉'\\";
                        JsonNode row = clickHouse.query(Sql.of("""
                                        SELECT {echo:String} AS echo, count() AS n, sum(seq) AS total, any(payload) AS payload
                                        FROM work WHERE thread = {thread:UInt32}""")
                                        .bind("echo", echo)
                                        .bind("thread", thread)
                                        .build())
                                .rows()
                                .getFirst();
                        assertThat(row.get("echo").asText()).isEqualTo(echo);
                        assertThat(row.get("n").asLong()).isEqualTo(25);
                        assertThat(row.get("total").asLong()).isEqualTo(325);
                        assertThat(row.get("payload").asText()).isEqualTo("t" + thread);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(clickHouse.query(Sql.plain("SELECT count() AS n FROM work")).scalar().asLong()).isEqualTo(200);
    }

    @Test
    void answersWithTheSameJsonAsTheEmbeddedEngine() {
        Sql sql = Sql.of("""
                        SELECT number AS n,
                               toUInt64(18446744073709551615 - number) AS u64,
                               toInt64(-9223372036854775807 + number) AS i64,
                               number / 3 AS f64,
                               toDecimal64(12345.6789 + number, 4) AS dec,
                               toDateTime64('2026-11-25 10:15:30.123456', 6, 'UTC') + number AS dt64,
                               map('k', toString(number), 'ключ', 'значение') AS m,
                               ['a', 'it''s', '日本', toString(number)] AS arr,
                               if(number = 1, NULL, concat('x', toString(number))) AS maybe,
                               {p:String} AS p
                        FROM numbers(3) ORDER BY n""")
                .bind("p", "it's \\ 🎉")
                .build();
        QueryResult result = clickHouse.query(sql);
        try (EmbeddedClickHouse reference = TestingClickHouse.newDatabase("reference")) {
            QueryResult expected = reference.query(sql);
            assertThat(result.columns()).isEqualTo(expected.columns());
            assertThat(result.rows()).isEqualTo(expected.rows());
        }
        assertThat(result.columns()).extracting(QueryResult.Column::type).containsExactly(
                "UInt64", "UInt64", "Int64", "Float64", "Decimal(18, 4)", "DateTime64(6, 'UTC')",
                "Map(String, String)", "Array(String)", "Nullable(String)", "String");
        JsonNode first = result.rows().getFirst();
        assertThat(first.get("u64").isIntegralNumber()).isTrue();
        assertThat(first.get("u64").bigIntegerValue()).hasToString("18446744073709551615");
        assertThat(first.get("dec").isNumber()).isTrue();
        assertThat(first.get("dt64").asText()).isEqualTo("2026-11-25 10:15:30.123456");
        assertThat(first.get("m").get("ключ").asText()).isEqualTo("значение");
        assertThat(result.rows().get(1).get("maybe").isNull()).isTrue();
        assertThat(first.get("p").asText()).isEqualTo("it's \\ 🎉");
    }

    private static List<byte[]> split(byte[] bytes, int... sizes) {
        List<byte[]> chunks = new ArrayList<>();
        int offset = 0;
        for (int i = 0; offset < bytes.length; i++) {
            int size = sizes[i % sizes.length];
            chunks.add(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + size)));
            offset += size;
        }
        return chunks;
    }

    /** ClickHouse's RowBinary encoding of the few types these tests write. */
    private static final class RowBinary {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        RowBinary uint32(long value) {
            return little(value, 4);
        }

        RowBinary string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        RowBinary strings(List<String> values) {
            varint(values.size());
            values.forEach(this::string);
            return this;
        }

        // DateTime64(3) is an Int64 count of milliseconds since the epoch.
        RowBinary dateTime64Millis(Instant instant) {
            return little(instant.toEpochMilli(), 8);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private RowBinary little(long value, int width) {
            ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
            out.write(buffer.array(), 0, width);
            return this;
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
