package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The text indexes fold case with lowerUTF8; the exact search test is positionCaseInsensitiveUTF8.
 * The index step finds every match only where the two agree, so this pins, on this engine, the
 * letters where they do not: over every code point up to U+2FFFF, each paired with its lower,
 * upper and case-folded forms, in the middle and at the end of a word, a position match must
 * have every 3-gram of the lower-cased needle in the lower-cased text. Only Greek sigma fails
 * (lowerUTF8 writes final sigma at a word's end; the position test does not equate it with σ),
 * and TextSearchSql scans for needles holding a sigma. An engine upgrade that changes either
 * function fails here instead of silently losing matches.
 */
class TestTextSearchFolding {
    @Test
    void lowerUtf8AndThePositionTestDisagreeOnlyOnGreekSigma() {
        try (ClickHouse clickHouse = TestingClickHouse.newDatabase("folding")) {
            ObjectNode row = clickHouse.query(Sql.plain("""
                    WITH cps AS (SELECT number AS c FROM numbers(0x30000) WHERE c >= 0x20 AND NOT (c BETWEEN 0xD800 AND 0xDFFF)),
                    enc AS (SELECT c, multiIf(c < 0x80, char(c),
                            c < 0x800, char(0xC0 + intDiv(c, 64), 0x80 + c % 64),
                            c < 0x10000, char(0xE0 + intDiv(c, 4096), 0x80 + intDiv(c, 64) % 64, 0x80 + c % 64),
                            char(0xF0 + intDiv(c, 262144), 0x80 + intDiv(c, 4096) % 64, 0x80 + intDiv(c, 64) % 64, 0x80 + c % 64)) AS n
                        FROM cps),
                    pairs AS (SELECT c, n, arrayJoin(arrayDistinct([n, lowerUTF8(n), upperUTF8(n), lowerUTF8(upperUTF8(n)),
                        upperUTF8(lowerUTF8(n)), caseFoldUTF8(n)])) AS t FROM enc),
                    cases AS (SELECT c, arrayJoin([('xx' || t || 'yy', 'x' || n || 'y'), ('xx' || t || ' ', 'xx' || n),
                        ('xx' || t || ' ', 'x' || n), ('Σ' || t || 'yy', 'σ' || n || 'y')]) AS p FROM pairs)
                    SELECT count() AS checked,
                        arraySort(groupUniqArrayIf(c, positionCaseInsensitiveUTF8(p.1, p.2) > 0
                            AND NOT hasAll(tokens(lowerUTF8(p.1), 'ngrams', 3), tokens(lowerUTF8(p.2), 'ngrams', 3)))) AS disagreeing
                    FROM cases""")).rows().getFirst();
            assertThat(row.get("checked").asLong()).isGreaterThan(4 * 0x2F000L);
            assertThat(TraceListQuery.strings(row.get("disagreeing"))).containsExactly(
                    Integer.toString(0x3A3), Integer.toString(0x3C3)); // Σ, σ
        }
    }
}
