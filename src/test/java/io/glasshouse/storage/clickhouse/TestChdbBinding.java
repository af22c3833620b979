package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestChdbBinding {
    private static EmbeddedClickHouse clickHouse;

    @BeforeAll
    static void open() {
        clickHouse = TestingClickHouse.newDatabase("binding");
    }

    @AfterAll
    static void close() {
        clickHouse.close();
    }

    @Test
    void reportsThePinnedEngineVersion() {
        assertThat(TestingClickHouse.engine().version()).isEqualTo(LibchdbLocator.pinned().engineVersion());
    }

    @Test
    void hostileStringsArriveIntactThroughBoundParameters() {
        List<String> hostile = List.of(
                "plain", "it's", "a\"b", "back\\slash", "tab\there", "new\nline", "cr\rlf", "'); DROP TABLE x; --",
                "{x:String}", "日本語のテキスト", "emoji 🎉", "Ελληνικά", "\\N", "trailing\\");
        for (String value : hostile) {
            var result = clickHouse.query(Sql.of("SELECT {v:String} AS v").bind("v", value).build());
            assertThat(result.scalar().asText()).as("round trip of %s", value).isEqualTo(value);
        }
    }

    @Test
    void bindsNumbersTimesAndArrays() {
        var result = clickHouse.query(Sql.of(
                        "SELECT {n:UInt32} AS n, {t:DateTime64(6)} AS t, {a:Array(String)} AS a, length({a:Array(String)}) AS len")
                .bind("n", 42)
                .bind("t", Instant.parse("2026-11-25T10:15:30.123456Z"))
                .bindStrings("a", List.of("x", "it's", "b\\s", "new\nline"))
                .build());
        var row = result.rows().getFirst();
        assertThat(row.get("n").asLong()).isEqualTo(42);
        assertThat(row.get("t").asText()).isEqualTo("2026-11-25 10:15:30.123456");
        assertThat(row.get("len").asInt()).isEqualTo(4);
        assertThat(row.get("a").get(1).asText()).isEqualTo("it's");
        assertThat(row.get("a").get(2).asText()).isEqualTo("b\\s");
        assertThat(row.get("a").get(3).asText()).isEqualTo("new\nline");
    }

    @Test
    void streamsInsertsAndReadsThemBack() {
        clickHouse.execute(Sql.plain("CREATE TABLE t (id UInt32, s String) ENGINE = MergeTree ORDER BY id"));
        byte[] rows = "{\"id\":1,\"s\":\"one\"}\n{\"id\":2,\"s\":\"två\"}\n".getBytes(StandardCharsets.UTF_8);
        clickHouse.insert("INSERT INTO t (id, s)", "JSONEachRow", List.of(rows));
        var result = clickHouse.query(Sql.plain("SELECT id, s FROM t ORDER BY id"));
        assertThat(result.rows()).hasSize(2);
        assertThat(result.rows().get(1).get("s").asText()).isEqualTo("två");
    }

    @Test
    void engineErrorsCarryClickHouseCode() {
        assertThatThrownBy(() -> clickHouse.query(Sql.plain("SELECT * FROM no_such_table")))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.clickHouseCode()).isEqualTo(60));
    }

    @Test
    void storesEachStringInOneStream() {
        // ChdbEngine's merge_tree config: values and lengths together, no separate ".size" stream
        // (26.7's default writes one), in wide and compact parts alike.
        for (String format : List.of("wide", "compact")) {
            String table = "strings_" + format;
            clickHouse.execute(Sql.plain("CREATE TABLE " + table + " (id UInt32, s String, n Nullable(String))"
                    + " ENGINE = MergeTree ORDER BY id SETTINGS min_bytes_for_wide_part = "
                    + (format.equals("wide") ? "0" : "1000000000")));
            clickHouse.execute(Sql.plain("INSERT INTO " + table + " SELECT number, toString(number), NULL FROM numbers(10)"));
            var columns = clickHouse.query(Sql.plain("SELECT part_type, column, substreams FROM system.parts_columns"
                    + " WHERE database = currentDatabase() AND table = '" + table + "' AND active ORDER BY column")).rows();
            assertThat(columns).extracting(row -> row.get("part_type").asText()).containsOnly(format.equals("wide") ? "Wide" : "Compact");
            assertThat(columns).extracting(row -> row.get("column").asText() + "=" + row.get("substreams"))
                    .containsExactly("id=[\"id\"]", "n=[\"n.null\",\"n\"]", "s=[\"s\"]");
        }
    }

    @Test
    void formatsOutputWithoutExtraThreads() {
        // ChdbEngine turns parallel output formatting off: two fewer thread hand-offs per statement.
        var result = clickHouse.query(Sql.plain("SELECT getSetting('output_format_parallel_formatting') AS v"));
        assertThat(result.scalar().asBoolean()).isFalse();
    }

    @Test
    void aResultOfManyBlocksArrivesWholeAndInOrder() {
        // 200,000 rows are four blocks of the engine's 65,409-row default: serial formatting
        // must write every block, in order, into the one JSON document.
        var result = clickHouse.query(Sql.plain("SELECT number AS n, toString(number) AS s FROM numbers(200000)"));
        assertThat(result.rows()).hasSize(200_000);
        for (int i = 0; i < result.rows().size(); i += 9_973) {
            assertThat(result.rows().get(i).get("n").asLong()).isEqualTo(i);
            assertThat(result.rows().get(i).get("s").asText()).isEqualTo(Integer.toString(i));
        }
        assertThat(result.rows().getLast().get("n").asLong()).isEqualTo(199_999);
    }

    @Test
    void createsNoSystemLogTables() {
        var result = clickHouse.query(Sql.plain(
                "SELECT count() AS n FROM system.tables WHERE database = 'system' AND name LIKE '%\\_log'"));
        assertThat(result.scalar().asLong()).isZero();
    }
}
