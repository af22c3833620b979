package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint's reading of statement text, without an engine. */
class TestClickHouseHttpStatement {
    @Test
    void findsKindAndTrailingFormat() {
        assertThat(query("SELECT 1 FORMAT CSV")).isEqualTo(new ClickHouseHttpStatement.Query("SELECT", "SELECT 1 FORMAT CSV", "CSV"));
        assertThat(query("(SELECT 1) UNION ALL (SELECT 2) FORMAT JSON SETTINGS max_threads = 1").format()).isEqualTo("JSON");
        assertThat(query("SELECT format FROM t").format()).isNull();
        assertThat(query("SELECT 'FORMAT CSV' AS x").format()).isNull();
        assertThat(query("SELECT x FROM (SELECT 1 AS x FORMAT CSV)").format()).isNull();
        assertThat(query("  -- why\n/* not */ with x AS (SELECT 1) SELECT * FROM x;  -- done").kind()).isEqualTo("WITH");
        assertThat(query("SELECT ';' AS semi;").text()).isEqualTo("SELECT ';' AS semi");
        assertThat(query("CREATE TABLE t (id UInt8) ENGINE = Memory").isReadOnly()).isFalse();
        assertThat(query("(SELECT 1)").isReadOnly()).isTrue();
    }

    @Test
    void splitsAnInsertHeaderFromItsRows() {
        byte[] text = "INSERT INTO t (a, `b;c`) SETTINGS async_insert = 0 FORMAT RowBinary  \n\u0001\n;'\"".getBytes(StandardCharsets.UTF_8);
        var insert = (ClickHouseHttpStatement.InlineInsert) ClickHouseHttpStatement.parse(text);
        assertThat(insert.header()).isEqualTo("INSERT INTO t (a, `b;c`) SETTINGS async_insert = 0");
        assertThat(insert.format()).isEqualTo("RowBinary");
        assertThat(Arrays.copyOfRange(insert.data(), insert.dataOffset(), insert.data().length))
                .isEqualTo("\u0001\n;'\"".getBytes(StandardCharsets.UTF_8));
        assertThat(insert.insertSqlWithSettings(Map.of("max_threads", "1")))
                .isEqualTo("INSERT INTO t (a, `b;c`) SETTINGS async_insert = 0, max_threads = '1'");

        var inline = (ClickHouseHttpStatement.InlineInsert) ClickHouseHttpStatement.parse(
                "insert into t format CSV 1,2".getBytes(StandardCharsets.UTF_8));
        assertThat(inline.dataLength()).isEqualTo(3);
        assertThat(query("INSERT INTO t VALUES ('FORMAT CSV', 1)").kind()).isEqualTo("INSERT");
    }

    @Test
    void addsSettingsOnlyWhereAStatementTakesThem() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("max_threads", "1");
        settings.put("format_csv_delimiter", "'\\");
        assertThat(query("SELECT 1 -- note").withSettings(settings))
                .isEqualTo("SELECT 1 -- note\nSETTINGS max_threads = '1', format_csv_delimiter = '\\'\\\\'");
        assertThat(query("CREATE TABLE t (id UInt8) ENGINE = MergeTree ORDER BY id").withSettings(settings))
                .isEqualTo("CREATE TABLE t (id UInt8) ENGINE = MergeTree ORDER BY id");
        assertThatThrownBy(() -> query("SELECT 1").withSettings(Map.of("bad name", "1")))
                .isInstanceOfSatisfying(ClickHouseHttpError.class, e -> assertThat(e.code()).isEqualTo(115));
    }

    @Test
    void refusesEmptyAndMultipleStatements() {
        assertThatThrownBy(() -> ClickHouseHttpStatement.parse(" ; -- nothing\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ClickHouseHttpError.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)"));
        assertThatThrownBy(() -> ClickHouseHttpStatement.parse("SELECT 1; DROP TABLE t".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ClickHouseHttpError.class, e -> assertThat(e.getMessage())
                        .contains("Multi-statements are not allowed")
                        .contains("DROP TABLE t"));
    }

    private static ClickHouseHttpStatement.Query query(String text) {
        return (ClickHouseHttpStatement.Query) ClickHouseHttpStatement.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
