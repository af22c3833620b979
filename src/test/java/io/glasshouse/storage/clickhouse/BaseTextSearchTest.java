package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingRows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.clickhouse.query.TextSearchSql;
import io.glasshouse.storage.clickhouse.query.WhereClause;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.Sort;
import io.glasshouse.storage.query.TextSearch;
import io.glasshouse.storage.query.TimeRange;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceListRequest;
import io.glasshouse.storage.query.TraceSummary;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Search through the V004 text indexes answers exactly what a scan of every trace's newest
 * version answers: substrings inside words, several scripts, case folding, short needles, metadata
 * values, whole words, edits and deletions, paging, and another project's rows. The index step
 * changes meaning without the index (migration V004's hazard), so an engine upgrade that changes
 * it fails here. Pages of 3 make the search read windows of the newest candidates only.
 */
abstract class BaseTextSearchTest {
    private static final ProjectId ALPHA = new ProjectId("alpha");
    private static final ProjectId BETA = new ProjectId("beta");

    // Inputs of ALPHA's traces, one per minute; the metadata and edits are added below.
    private static final List<String> INPUTS = List.of(
            "The nation's education station",                   // a0
            "Assistant: the ASSISTANCE desk",                   // a1
            "Привет, МИР! Квазар в небе",                       // a2
            "量子コンピュータの研究",                              // a3
            "İSTANBUL and Istanbul",                            // a4
            "STRAẞE oder Straße, STRASSE",                      // a5
            "ΟΔΟΣ και οδος, ΣΟΦΙΑ",                             // a6
            "ab cd",                                            // a7
            "mention of a function",                            // a8
            "caution: no action taken",                         // a9
            "positional information",                           // a10
            "the ratio of portions",                            // a11
            "rotation and motion",                              // a12
            "national notion",                                  // a13
            "a plain sentence",                                 // a14
            "assist me please",                                 // a15
            "TION in capitals",                                 // a16
            "tio n split apart",                                // a17
            "edited: tion was here",                            // a18 (edited away below)
            "deleted: tion too");                               // a19 (deleted below)

    private static final List<String> NEEDLES = List.of(
            "tion", "TION", "assist", "Assistant", "привет", "мир", "квазар", "コンピュータ", "量子", "İstanbul",
            "istanbul", "straße", "STRASSE", "ẞ", "οδοσ", "ΟΔΟΣ", "οδος", "σοφια", "ab", "b", "n's", "on o",
            "ation s", "globex", "ACME", "gold", "a1", "order_a1", "%", "_", "sentence");

    private ClickHouse clickHouse;
    private ClickHouseEventQueries queries;

    protected abstract ClickHouse newClickHouse(String databasePrefix);

    @BeforeEach
    void createData() {
        clickHouse = newClickHouse("textsearch");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        ClickHouseEventStore store = new ClickHouseEventStore(clickHouse);
        queries = new ClickHouseEventQueries(clickHouse);
        List<TraceRow> traces = new ArrayList<>();
        for (int i = 0; i < INPUTS.size(); i++) {
            Map<String, String> metadata = i % 4 == 0 ? Map.of("customer", "Globex Gold") : Map.of("customer", "acme", "tier", "t" + i);
            traces.add(trace(ALPHA, "a" + i, i, INPUTS.get(i), i == 12 ? "\"a station of motion\"" : "\"ok\"", metadata, 1, false));
            traces.add(trace(BETA, "a" + i, i, "beta tion assist привет 量子コンピュータ", "\"x\"", Map.of("customer", "acme"), 1, false));
        }
        store.insert(new EventBatch(traces, List.of(), List.of()));
        store.insert(new EventBatch(List.of(
                trace(ALPHA, "a18", 18, "edited: nothing to find", "\"ok\"", Map.of(), 2, false),
                trace(ALPHA, "a19", 19, INPUTS.get(19), "\"ok\"", Map.of(), 2, true),
                // a14's newer version gains the needle it lacked.
                trace(ALPHA, "a14", 14, "a plain sentence, now with attention", "\"ok\"", Map.of(), 2, false)), List.of(), List.of()));
    }

    @AfterEach
    void close() {
        clickHouse.close();
    }

    @Test
    void indexSearchEqualsAScanOfTheNewestVersionsForEveryNeedle() {
        for (String needle : NEEDLES) {
            for (TextSearch.Type type : TextSearch.Type.values()) {
                TextSearch search = new TextSearch(needle, type);
                List<String> exact = scanned(search);
                if (type == TextSearch.Type.SUBSTRING) {
                    assertThat(allPages(search, 3)).as("%s %s, pages of 3", type, needle).isEqualTo(exact);
                }
                Page<TraceSummary> onePage = page(search, 1, 50, List.of());
                assertThat(ids(onePage)).as("%s %s, one page", type, needle).isEqualTo(exact);
                assertThat(onePage.totalItems()).as("%s %s, exact total when every candidate is tested", type, needle)
                        .isEqualTo(exact.size());
            }
        }
    }

    @Test
    void findsSubstringsInsideWordsInAnyScriptIgnoringCase() {
        assertThat(searched("tion")).containsExactly("a16", "a14", "a13", "a12", "a11", "a10", "a9", "a8", "a0");
        assertThat(searched("TION")).isEqualTo(searched("tion"));
        assertThat(searched("assist")).containsExactly("a15", "a1");
        assertThat(searched("квазар")).containsExactly("a2");
        assertThat(searched("МИР")).containsExactly("a2");
        assertThat(searched("コンピュータ")).containsExactly("a3");
        assertThat(searched("量子")).containsExactly("a3"); // 2 characters: no 3-gram, scanned
        assertThat(searched("gold")).containsExactly("a16", "a12", "a8", "a4", "a0"); // a metadata value
        assertThat(searched("straße")).containsExactly("a5");
        assertThat(searched("οδοσ")).containsExactly("a6"); // ΟΔΟΣ lower-cases to οδος: scanned
        assertThat(searched("ΣΟΦΙΑ")).containsExactly("a6");
        assertThat(searched("ab")).containsExactly("a7");
        assertThat(ids(page(new TextSearch("tion", TextSearch.Type.WORD), 1, 50, List.of()))).containsExactly("a16");
    }

    @Test
    void theTotalBeyondTheFirstWindowCountsLiveCandidatesPassingTheOtherFilters() {
        TextSearch tion = new TextSearch("tion", TextSearch.Type.SUBSTRING);
        Page<TraceSummary> first = page(tion, 1, 2, List.of());
        assertThat(ids(first)).containsExactly("a16", "a14");
        // 9 live matches; a18 held the needle only in an older version, a19 is deleted.
        assertThat(first.totalItems()).isEqualTo(10);
        FilterCondition even = FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-even");
        Page<TraceSummary> filtered = page(tion, 1, 1, List.of(even));
        assertThat(ids(filtered)).containsExactly("a16");
        assertThat(filtered.totalItems()).isEqualTo(7); // a16, a14, a12, a10, a8, a0 and a18's stale candidate
        assertThat(ids(page(tion, 2, 1, List.of(even)))).containsExactly("a14");
        // Fewer candidates than the window: all are tested, and the total is exact.
        FilterCondition odd = FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-odd");
        Page<TraceSummary> rare = page(tion, 1, 1, List.of(odd));
        assertThat(ids(rare)).containsExactly("a13");
        assertThat(rare.totalItems()).isEqualTo(3);
    }

    @Test
    void beyondTheCandidateRowsReadIntoMemoryTheIndexIsAskedAgainWithTheSameAnswers() {
        for (int cap : List.of(1, 2, 5)) {
            TraceSearchQuery search = new TraceSearchQuery(clickHouse, cap);
            for (String needle : List.of("tion", "assist", "gold", "sentence", "a1")) {
                TextSearch text = new TextSearch(needle, TextSearch.Type.SUBSTRING);
                List<String> exact = scanned(text);
                for (int limit : List.of(1, 3)) {
                    List<String> all = new ArrayList<>();
                    for (int page = 1; ; page++) {
                        TraceSearchQuery.Result result = search.page(ALPHA, request(text, page, limit, List.of()), WhereClause.NONE,
                                WhereClause.NONE, " ORDER BY timestamp DESC, id DESC", true);
                        assertThat(result.total()).as("cap %d, %s, page %d of %d: an upper bound", cap, needle, page, limit)
                                .isGreaterThanOrEqualTo(exact.size());
                        all.addAll(result.ids());
                        if (result.ids().size() < limit) {
                            break;
                        }
                    }
                    assertThat(all).as("cap %d, %s, pages of %d", cap, needle, limit).isEqualTo(exact);
                }
            }
        }
    }

    @Test
    void aPageShowingInputAndOutputCarriesEachTracesNewestVersion() {
        ClickHouseEventStore store = new ClickHouseEventStore(clickHouse);
        for (String needle : List.of("tion", "sentence", "gold", "量子")) {
            TextSearch search = new TextSearch(needle, TextSearch.Type.SUBSTRING);
            List<String> exact = scanned(search);
            for (int page = 1; (page - 1) * 3 <= exact.size(); page++) {
                Page<TraceSummary> result = queries.listTraces(ALPHA, new TraceListRequest(new PageRequest(page, 3), TimeRange.ALL,
                        List.of(), search, new Sort("timestamp", true), EnumSet.allOf(TraceFieldGroup.class)));
                assertThat(ids(result)).as("%s page %d", needle, page)
                        .isEqualTo(exact.subList((page - 1) * 3, Math.min(page * 3, exact.size())));
                for (TraceSummary summary : result.items()) {
                    // a14's newest version is the one that gained "attention".
                    assertThat(summary.trace()).isEqualTo(store.findTrace(ALPHA, summary.trace().id()).orElseThrow());
                    assertThat(summary.trace().input()).isNotNull();
                }
            }
        }
    }

    @Test
    void withoutAnIndexSearchScansInsteadOfLosingMatches() {
        clickHouse.execute(Sql.plain("ALTER TABLE traces DROP INDEX idx_output_text"));
        queries = new ClickHouseEventQueries(clickHouse); // checks the indexes afresh
        for (String needle : List.of("tion", "assist", "квазар", "tation o")) { // the last only in an output
            TextSearch search = new TextSearch(needle, TextSearch.Type.SUBSTRING);
            assertThat(allPages(search, 3)).as(needle).isEqualTo(scanned(search)).isNotEmpty();
        }
        // What the check prevents: the index function on a column without its index.
        long withoutIndex = clickHouse.query(ProjectScopedSql.forProject(ALPHA, "SELECT count() AS n FROM traces WHERE "
                + ProjectScopedSql.PROJECT_FILTER + " AND hasAllTokens(output, 'otion')").build()).scalar().asLong();
        assertThat(withoutIndex).isZero();
    }

    // V017 on a database whose traces carry V002's n-gram bloom filters (as every database migrated
    // before it does): the filters go, the text indexes stay, no mutation is left unfinished (which
    // would send searches down the scan path), and search answers as before.
    @Test
    void theNgramFilterMigrationLeavesOnlyTheTextIndexes() {
        // As V002 built them.
        Map<String, String> filters = Map.of("input", "ifNull(input, '')", "output", "ifNull(output, '')",
                "metadata", "arrayStringConcat(mapValues(metadata), ' ')");
        filters.forEach((name, value) -> {
            clickHouse.execute(Sql.plain("ALTER TABLE traces ADD INDEX idx_" + name + "_ngrams lowerUTF8(" + value
                    + ") TYPE ngrambf_v1(3, 32768, 2, 0) GRANULARITY 1"));
            clickHouse.execute(Sql.plain("ALTER TABLE traces MATERIALIZE INDEX idx_" + name + "_ngrams SETTINGS mutations_sync = 2"));
        });
        clickHouse.execute(Sql.plain("ALTER TABLE " + ClickHouseSchema.HISTORY_TABLE + " DELETE WHERE version = 17 SETTINGS mutations_sync = 2"));
        assertThat(traceIndexes()).contains("idx_input_ngrams", "idx_output_ngrams", "idx_metadata_ngrams");

        assertThat(new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate()).containsExactly(17);

        assertThat(traceIndexes()).containsExactly("idx_id", "idx_input_text", "idx_metadata_text", "idx_output_text");
        assertThat(clickHouse.query(Sql.plain("SELECT count() AS n FROM system.mutations WHERE database = currentDatabase()"
                + " AND table = 'traces' AND NOT is_done")).scalar().asLong()).isZero();
        queries = new ClickHouseEventQueries(clickHouse); // checks the indexes afresh
        for (String needle : List.of("tion", "assist", "квазар", "gold")) {
            TextSearch search = new TextSearch(needle, TextSearch.Type.SUBSTRING);
            assertThat(allPages(search, 3)).as(needle).isEqualTo(scanned(search)).isNotEmpty();
        }
    }

    private List<String> traceIndexes() {
        return clickHouse.query(Sql.plain("SELECT name FROM system.data_skipping_indices WHERE database = currentDatabase()"
                + " AND table = 'traces' ORDER BY name")).rows().stream().map(row -> row.get("name").asText()).toList();
    }

    @Test
    void anotherProjectsRowsAreNeverCandidates() {
        Page<TraceSummary> beta = queries.listTraces(BETA, request(new TextSearch("привет", TextSearch.Type.SUBSTRING), 1, 3, List.of()));
        assertThat(beta.totalItems()).isEqualTo(INPUTS.size());
        assertThat(ids(beta)).containsExactly("a19", "a18", "a17");
        assertThat(searched("beta")).isEmpty();
    }

    @Test
    void theIndexStepIsUsedOnlyForNeedlesItAnswersExactly() {
        assertThat(TextSearchSql.traceIndexCandidates(new TextSearch("tion", TextSearch.Type.SUBSTRING), "k")).isPresent();
        assertThat(TextSearchSql.traceIndexCandidates(new TextSearch("コンピ", TextSearch.Type.SUBSTRING), "k")).isPresent();
        assertThat(TextSearchSql.traceIndexCandidates(new TextSearch("量子", TextSearch.Type.SUBSTRING), "k")).isEmpty();
        assertThat(TextSearchSql.traceIndexCandidates(new TextSearch("ΟΔΟΣ", TextSearch.Type.SUBSTRING), "k")).isEmpty();
    }

    private List<String> searched(String text) {
        return allPages(new TextSearch(text, TextSearch.Type.SUBSTRING), 3);
    }

    private List<String> allPages(TextSearch search, int limit) {
        List<String> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            List<String> ids = ids(page(search, page, limit, List.of()));
            all.addAll(ids);
            if (ids.size() < limit) {
                return all;
            }
        }
    }

    private Page<TraceSummary> page(TextSearch search, int page, int limit, List<FilterCondition> filters) {
        return queries.listTraces(ALPHA, request(search, page, limit, filters));
    }

    private static TraceListRequest request(TextSearch search, int page, int limit, List<FilterCondition> filters) {
        return new TraceListRequest(new PageRequest(page, limit), TimeRange.ALL, filters, search, new Sort("timestamp", true),
                EnumSet.noneOf(TraceFieldGroup.class));
    }

    // The exact predicate on every trace's newest live version, no index involved.
    private List<String> scanned(TextSearch search) {
        WhereClause exact = TextSearchSql.matching(search, TraceSearchQuery.SEARCHED_COLUMNS, List.of("metadata"), "s");
        assertThat(exact.text()).doesNotContain("hasAllTokens");
        Sql.Builder sql = ProjectScopedSql.forProject(ALPHA, "SELECT id FROM traces FINAL WHERE " + ProjectScopedSql.PROJECT_FILTER
                + " AND " + exact.text() + " ORDER BY timestamp DESC, id DESC");
        return clickHouse.query(exact.bindTo(sql).build()).rows().stream().map(row -> row.get("id").asText()).toList();
    }

    private static List<String> ids(Page<TraceSummary> page) {
        return page.items().stream().map(s -> s.trace().id()).toList();
    }

    private static TraceRow trace(ProjectId project, String id, int minute, String input, String output, Map<String, String> metadata,
            long version, boolean deleted) {
        return new TraceRow(project, id, T0.plusSeconds(60L * minute), "order_" + id, minute % 2 == 0 ? "user-even" : "user-odd",
                "session-1", "production", null, null, "\"" + input + "\"", output, metadata, List.of(), false, false, version, deleted);
    }
}
