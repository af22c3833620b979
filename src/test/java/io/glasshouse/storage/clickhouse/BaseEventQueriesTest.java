package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingRows.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.glasshouse.model.TraceRow;
import io.glasshouse.query.FilterJson;
import io.glasshouse.storage.clickhouse.query.EventCatalogues;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.ObservationCursor;
import io.glasshouse.storage.query.ObservationListRequest;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.Sort;
import io.glasshouse.storage.query.TextSearch;
import io.glasshouse.storage.query.TimeRange;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceListRequest;
import io.glasshouse.storage.query.TraceSummary;
import io.glasshouse.storage.query.UserSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list queries on a real engine, with two projects whose trace and observation ids collide:
 * every answer for ALPHA must be built from ALPHA's rows only.
 */
abstract class BaseEventQueriesTest {
    private static final ProjectId ALPHA = new ProjectId("alpha");
    private static final ProjectId BETA = new ProjectId("beta");

    private ClickHouse clickHouse;
    private ClickHouseEventStore store;
    private ClickHouseEventQueries queries;

    protected abstract ClickHouse newClickHouse(String databasePrefix);

    @BeforeEach
    void createSchema() {
        clickHouse = newClickHouse("queries");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        store = new ClickHouseEventStore(clickHouse);
        queries = new ClickHouseEventQueries(clickHouse);
        // ALPHA: t1..t5, a minute apart; t5 newest. BETA: same ids, other users and texts.
        List<TraceRow> traces = new ArrayList<>();
        List<ObservationRow> observations = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            traces.add(trace(ALPHA, "t" + i, i, i % 2 == 0 ? "user-even" : "user-odd", "session-" + (i <= 3 ? "a" : "b"),
                    i == 2 ? "{\"q\":\"Привет, МИР\"}" : "{\"q\":\"hello world " + i + "\"}", List.of("chat", i == 4 ? "beta" : "ga"),
                    Map.of("customer", i == 3 ? "\"acme\"" : "\"globex\"", "tier", Integer.toString(i))));
            observations.add(observation(ALPHA, "t" + i, "o" + i + "a", i, 0, new BigDecimal("0.5")));
            observations.add(observation(ALPHA, "t" + i, "o" + i + "b", i, 2, new BigDecimal("0.25")));
            traces.add(trace(BETA, "t" + i, i, "user-beta", "session-a", "{\"q\":\"beta secret " + i + "\"}", List.of("chat"),
                    Map.of("customer", "acme")));
            observations.add(observation(BETA, "t" + i, "o" + i + "a", i, 0, new BigDecimal("9")));
        }
        store.insert(new EventBatch(traces, observations, List.of(TestingRows.score(ALPHA, "s1", "t1", 1))));
    }

    @AfterEach
    void close() {
        clickHouse.close();
    }

    // A score sent again with another trace id belongs to the new trace only: the list page's score
    // ids follow the newest version, as the trace detail does (BaseTraceDetailTest), also when the
    // new trace is not on the page.
    @Test
    void aScoreMovedToAnotherTraceIsListedOnlyOnItsNewTrace() {
        store.insert(new EventBatch(List.of(), List.of(), List.of(TestingRows.score(ALPHA, "s1", "t2", 2))));
        Map<String, List<String>> scoreIds = traces(new PageRequest(1, 50), List.of(), null, new Sort("timestamp", true))
                .items().stream().collect(Collectors.toMap(s -> s.trace().id(), TraceSummary::scoreIds));
        assertThat(scoreIds.get("t1")).isEmpty();
        assertThat(scoreIds.get("t2")).containsExactly("s1");

        store.insert(new EventBatch(List.of(), List.of(), List.of(TestingRows.score(ALPHA, "s1", "t-not-listed", 3))));
        List<TraceSummary> pageOfTwo = traces(new PageRequest(3, 2), List.of(), null, new Sort("timestamp", true)).items();
        assertThat(pageOfTwo).extracting(s -> s.trace().id()).containsExactly("t1");
        assertThat(pageOfTwo.getFirst().scoreIds()).isEmpty();

        store.insert(new EventBatch(List.of(), List.of(), List.of(TestingRows.score(ALPHA, "s1", "t1", 4))));
        scoreIds = traces(new PageRequest(1, 50), List.of(), null, new Sort("timestamp", true))
                .items().stream().collect(Collectors.toMap(s -> s.trace().id(), TraceSummary::scoreIds));
        assertThat(scoreIds.get("t1")).containsExactly("s1");
        assertThat(scoreIds.get("t2")).isEmpty();
    }

    @Test
    void listsTracesNewestFirstWithTheirAggregates() {
        Page<TraceSummary> page = traces(new PageRequest(1, 2), List.of(), null, new Sort("timestamp", true));
        assertThat(page.totalItems()).isEqualTo(5);
        assertThat(page.items()).extracting(s -> s.trace().id()).containsExactly("t5", "t4");

        TraceSummary oldest = traces(new PageRequest(3, 2), List.of(), null, new Sort("timestamp", true)).items().getFirst();
        assertThat(oldest.trace().id()).isEqualTo("t1");
        assertThat(oldest.trace().userId()).isEqualTo("user-odd");
        assertThat(oldest.observationIds()).containsExactly("o1a", "o1b");
        assertThat(oldest.scoreIds()).containsExactly("s1");
        assertThat(oldest.totalCost()).isEqualByComparingTo("0.75");
        // First start (minute 1 + 0 s) to the last end (start + 2 s, + 1 s duration).
        assertThat(oldest.latencySeconds()).isEqualTo(3.0);
        assertThat(oldest.trace().input()).contains("hello world 1");
    }

    /**
     * The list's latency, cost and observation ids come from observation_versions (V016). After an
     * update, a deletion, an older version arriving late, an observation moved to another trace and
     * one moved to another month (each with the tombstone RowMerger writes under the old key), they
     * are what the newest observation versions in observations give, and BETA's observations with
     * the same trace and observation ids stay apart.
     */
    @Test
    void listAggregatesFollowTheNewestObservationVersions() {
        store.insert(new EventBatch(List.of(), List.of(
                observation(ALPHA, "t1", "o1a", 1, 0, new BigDecimal("2"), ObservationLevel.DEFAULT, "gpt-4o", 2),
                observation(ALPHA, "t2", "o2b", 2, 2, new BigDecimal("0.25")).versioned(2, true),
                observation(ALPHA, "t4", "o4b", 4, 2, new BigDecimal("0.25")).versioned(2, true),
                observation(ALPHA, "t5", "o4b", 4, 2, new BigDecimal("0.25"), ObservationLevel.DEFAULT, "gpt-4o", 3),
                observation(ALPHA, "t5", "o5b", 5, 2, new BigDecimal("0.25")).versioned(2, true),
                observation(ALPHA, "t5", "o5b", 5 + 40 * 1440, 0, new BigDecimal("0.25"), ObservationLevel.DEFAULT, "gpt-4o", 3),
                observation(BETA, "t1", "o1a", 1, 0, new BigDecimal("9")).versioned(2, true),
                observation(BETA, "t2", "o2a", 2, 0, new BigDecimal("7"), ObservationLevel.DEFAULT, "gpt-4o", 2)), List.of()));
        // An older version of o3a arriving after the newer one changes nothing.
        store.insert(new EventBatch(List.of(), List.of(
                observation(ALPHA, "t3", "o3a", 3, 0, new BigDecimal("100"), ObservationLevel.DEFAULT, "gpt-4o", 0)), List.of()));

        Map<String, TraceSummary> alpha = summaries(ALPHA);
        assertThat(alpha.get("t1").totalCost()).isEqualByComparingTo("2.25");
        assertThat(alpha.get("t2").observationIds()).containsExactly("o2a");
        assertThat(alpha.get("t2").latencySeconds()).isEqualTo(1.0);
        assertThat(alpha.get("t3").totalCost()).isEqualByComparingTo("0.75");
        assertThat(alpha.get("t4").observationIds()).containsExactly("o4a");
        assertThat(alpha.get("t4").totalCost()).isEqualByComparingTo("0.5");
        assertThat(alpha.get("t5").observationIds()).containsExactly("o4b", "o5a", "o5b");
        assertThat(alpha.get("t5").totalCost()).isEqualByComparingTo("1.0");
        // From o4b's start (minute 4 + 2 s) to o5b's end, 40 days after minute 5 (+ 1 s).
        assertThat(alpha.get("t5").latencySeconds()).isEqualTo(40 * 86_400.0 + 60 - 2 + 1);
        Map<String, TraceSummary> beta = summaries(BETA);
        assertThat(beta.get("t1").observationIds()).isEmpty();
        assertThat(beta.get("t1").totalCost()).isEqualByComparingTo("0");
        assertThat(beta.get("t2").totalCost()).isEqualByComparingTo("7");
        assertThat(beta.get("t3").totalCost()).isEqualByComparingTo("9");
        for (ProjectId project : List.of(ALPHA, BETA)) {
            assertThat(aggregatesFrom(project, "observation_versions"))
                    .as("%s: observation_versions and observations agree", project.value())
                    .isEqualTo(aggregatesFrom(project, "observations"))
                    .hasSize(project == ALPHA ? 5 : 4);
        }
    }

    // Every trace of the page of 50, by id.
    private Map<String, TraceSummary> summaries(ProjectId project) {
        return queries.listTraces(project, new TraceListRequest(new PageRequest(1, 50), TimeRange.ALL, List.of(), null,
                        new Sort("timestamp", true), EnumSet.allOf(TraceFieldGroup.class)))
                .items().stream().collect(Collectors.toMap(s -> s.trace().id(), s -> s));
    }

    // The list's aggregate statement over either table, newest version per key, deleted rows dropped.
    private List<String> aggregatesFrom(ProjectId project, String table) {
        return clickHouse.query(Sql.of("SELECT trace_id, " + EventCatalogues.TRACE_LATENCY_SECONDS + " AS latency, "
                        + EventCatalogues.TRACE_TOTAL_COST + " AS cost, arrayMap(x -> x.2, arraySort(groupArray((start_time, id)))) AS ids"
                        + " FROM (SELECT trace_id, id, start_time, end_time, total_cost, is_deleted FROM " + table
                        + " WHERE project_id = {project_id:String} ORDER BY event_version DESC LIMIT 1 BY trace_id, id)"
                        + " WHERE is_deleted = 0 GROUP BY trace_id ORDER BY trace_id")
                        .bind("project_id", project.value()).build())
                .rows().stream().map(Object::toString).toList();
    }

    @Test
    void sortsByAnyCatalogueColumnWithIdBreakingTies() {
        Page<TraceSummary> page = traces(new PageRequest(1, 5), List.of(), null, new Sort("userId", false));
        assertThat(page.items()).extracting(s -> s.trace().id()).containsExactly("t2", "t4", "t1", "t3", "t5");
        assertThatThrownBy(() -> traces(new PageRequest(1, 5), List.of(), null, new Sort("colour", false)))
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining("orderBy: unknown column 'colour'");
    }

    @Test
    void filtersTracesByEveryKindOfCondition() {
        assertThat(ids(List.of(FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-even"))))
                .containsExactly("t4", "t2");
        assertThat(ids(List.of(FilterCondition.of("tags", FilterType.ARRAY_OPTIONS, FilterOperator.ALL_OF, List.of("chat", "beta")))))
                .containsExactly("t4");
        assertThat(ids(List.of(FilterCondition.of("tags", FilterType.ARRAY_OPTIONS, FilterOperator.NONE_OF, List.of("beta")))))
                .containsExactly("t5", "t3", "t2", "t1");
        assertThat(ids(List.of(new FilterCondition("metadata", FilterType.STRING_OBJECT, FilterOperator.EQUALS, "acme", "customer"))))
                .containsExactly("t3");
        assertThat(ids(List.of(new FilterCondition("metadata", FilterType.NUMBER_OBJECT, FilterOperator.GREATER, 3.0, "tier"))))
                .containsExactly("t5", "t4");
        assertThat(ids(List.of(FilterCondition.of("sessionId", FilterType.STRING_OPTIONS, FilterOperator.ANY_OF, List.of("session-b")))))
                .containsExactly("t5", "t4");
        assertThat(ids(List.of(FilterCondition.of("timestamp", FilterType.DATETIME, FilterOperator.GREATER_OR_EQUAL,
                T0.plusSeconds(4 * 60)))))
                .containsExactly("t5", "t4");
        assertThat(ids(List.of(FilterCondition.of("name", FilterType.STRING, FilterOperator.CONTAINS, "ORDER_%")))).isEmpty();
        assertThat(ids(List.of(FilterCondition.of("name", FilterType.STRING, FilterOperator.STARTS_WITH, "ORDER")))).hasSize(5);
        assertThat(ids(List.of(FilterCondition.of("release", FilterType.NULL, FilterOperator.IS_NULL, null)))).hasSize(5);
        assertThat(ids(FilterJson.parse("[{\"type\":\"string\",\"column\":\"User ID\",\"operator\":\"=\",\"value\":\"user-odd\"},"
                + "{\"type\":\"boolean\",\"column\":\"bookmarked\",\"operator\":\"=\",\"value\":false}]", "filter")))
                .containsExactly("t5", "t3", "t1");
    }

    /**
     * On top of the common rows: t2 gets an ERROR claude call ending 11 s after its first start
     * (cost 1.75 in all), t4 a WARNING gpt-4o-mini call ending at 6 s; o3a was ERROR in an older
     * version only; BETA's t1 has an ERROR and a high score, which ALPHA must never see.
     */
    private void addObservationsAndScores() {
        store.insert(new EventBatch(List.of(), List.of(
                observation(ALPHA, "t2", "o2c", 2, 10, BigDecimal.ONE, ObservationLevel.ERROR, "claude-3-haiku", 1),
                observation(ALPHA, "t4", "o4c", 4, 5, BigDecimal.ZERO, ObservationLevel.WARNING, "gpt-4o-mini", 1),
                observation(ALPHA, "t3", "o3a", 3, 0, new BigDecimal("0.5"), ObservationLevel.ERROR, "claude-3-opus", 0),
                observation(BETA, "t1", "o1c", 1, 30, BigDecimal.ONE, ObservationLevel.ERROR, "claude-3-haiku", 1)), List.of(
                score(ALPHA, "q3", "t3", 0.9), score(ALPHA, "q5", "t5", 0.2), score(BETA, "q1", "t1", 0.95))));
    }

    @Test
    void filtersTracesByTheirObservationsAndScores() {
        addObservationsAndScores();
        assertThat(ids(List.of(FilterCondition.of("level", FilterType.STRING_OPTIONS, FilterOperator.ANY_OF, List.of("ERROR")))))
                .containsExactly("t2");
        assertThat(ids(List.of(FilterCondition.of("level", FilterType.STRING_OPTIONS, FilterOperator.ANY_OF,
                List.of("WARNING", "ERROR"))))).containsExactly("t4", "t2");
        // "none of" means no observation has the level, not "some observation has another one".
        assertThat(ids(List.of(FilterCondition.of("level", FilterType.STRING_OPTIONS, FilterOperator.NONE_OF, List.of("ERROR")))))
                .containsExactly("t5", "t4", "t3", "t1");
        assertThat(ids(List.of(FilterCondition.of("model", FilterType.STRING, FilterOperator.CONTAINS, "CLAUDE"))))
                .containsExactly("t2");
        assertThat(ids(List.of(FilterCondition.of("model", FilterType.STRING, FilterOperator.STARTS_WITH, "gpt-4o-"))))
                .containsExactly("t4");
        assertThat(ids(List.of(FilterCondition.of("model", FilterType.STRING, FilterOperator.EQUALS, "gpt-4o")))).hasSize(5);
        assertThat(ids(List.of(FilterCondition.of("model", FilterType.STRING, FilterOperator.DOES_NOT_CONTAIN, "mini"))))
                .containsExactly("t5", "t3", "t2", "t1");
        assertThat(ids(List.of(FilterCondition.of("totalCost", FilterType.NUMBER, FilterOperator.GREATER, 1.0))))
                .containsExactly("t2");
        assertThat(ids(List.of(FilterCondition.of("totalCost", FilterType.NUMBER, FilterOperator.EQUALS, 0.75))))
                .containsExactly("t5", "t4", "t3", "t1");
        assertThat(ids(List.of(FilterCondition.of("totalCost", FilterType.NUMBER, FilterOperator.GREATER, 5.0)))).isEmpty();
        assertThat(ids(List.of(FilterCondition.of("latency", FilterType.NUMBER, FilterOperator.GREATER, 5.0))))
                .containsExactly("t4", "t2");
        assertThat(ids(List.of(FilterCondition.of("latency", FilterType.NUMBER, FilterOperator.GREATER_OR_EQUAL, 11.0))))
                .containsExactly("t2");
        assertThat(ids(List.of(new FilterCondition("scores", FilterType.NUMBER_OBJECT, FilterOperator.GREATER, 0.5, "quality"))))
                .containsExactly("t3");
        assertThat(ids(List.of(new FilterCondition("scores", FilterType.NUMBER_OBJECT, FilterOperator.LESS, 0.5, "quality"))))
                .containsExactly("t5");
        assertThat(ids(List.of(new FilterCondition("scores", FilterType.NUMBER_OBJECT, FilterOperator.EQUALS, 0.75, "helpfulness"))))
                .containsExactly("t1");
        // Together with each other and with trace columns, in the UI's JSON with its display names.
        assertThat(ids(FilterJson.parse("[{\"type\":\"stringOptions\",\"column\":\"level\",\"operator\":\"any of\","
                + "\"value\":[\"WARNING\",\"ERROR\"]},{\"type\":\"number\",\"column\":\"Latency (s)\",\"operator\":\"<\","
                + "\"value\":10}]", "filter"))).containsExactly("t4");
        assertThat(ids(FilterJson.parse("[{\"type\":\"string\",\"column\":\"userId\",\"operator\":\"=\",\"value\":\"user-odd\"},"
                + "{\"type\":\"numberObject\",\"column\":\"Scores (numeric)\",\"key\":\"quality\",\"operator\":\">=\","
                + "\"value\":0}]", "filter"))).containsExactly("t5", "t3");
        assertThat(traces(new PageRequest(1, 1), List.of(FilterCondition.of("totalCost", FilterType.NUMBER,
                FilterOperator.LESS, 1.0)), null, new Sort("timestamp", true)).totalItems()).isEqualTo(4);
    }

    @Test
    void refusesSortingByObservationAggregates() {
        assertThatThrownBy(() -> traces(new PageRequest(1, 5), List.of(), null, new Sort("latency", true)))
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining("orderBy: cannot sort traces by 'latency'");
    }

    @Test
    void searchesTraceAndObservationIdsAndNames() {
        assertThat(searched("ORDER_T3", TextSearch.Type.SUBSTRING)).containsExactly("t3");
        assertThat(searched("t4", TextSearch.Type.WORD)).containsExactly("t4");
        addObservationsAndScores();
        Page<ObservationRow> byId = queries.listObservations(ALPHA, new ObservationListRequest(new PageRequest(1, 50), null, 50,
                TimeRange.ALL, List.of(), new TextSearch("O2C", TextSearch.Type.SUBSTRING), false));
        assertThat(byId.items()).extracting(ObservationRow::id).containsExactly("o2c");
        Page<ObservationRow> byName = queries.listObservations(ALPHA, new ObservationListRequest(new PageRequest(1, 50), null, 50,
                TimeRange.ALL, List.of(), new TextSearch("LLM", TextSearch.Type.WORD), false));
        assertThat(byName.totalItems()).isEqualTo(12);
    }

    @Test
    void refusesFiltersTheCatalogueDoesNotOffer() {
        assertThatThrownBy(() -> ids(List.of(FilterCondition.of("colour", FilterType.STRING, FilterOperator.EQUALS, "x"))))
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining("filter: unknown column 'colour' for traces");
        assertThatThrownBy(() -> ids(List.of(FilterCondition.of("tags", FilterType.STRING, FilterOperator.EQUALS, "x"))))
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining("column 'tags' does not take filter type 'string'");
    }

    @Test
    void searchesInputOutputAndMetadataIgnoringCaseInAnyScript() {
        assertThat(searched("привет", TextSearch.Type.SUBSTRING)).containsExactly("t2");
        assertThat(searched("мир", TextSearch.Type.WORD)).containsExactly("t2");
        assertThat(searched("ми", TextSearch.Type.WORD)).isEmpty();
        assertThat(searched("HELLO WORLD", TextSearch.Type.SUBSTRING)).containsExactly("t5", "t4", "t3", "t1");
        assertThat(searched("wor", TextSearch.Type.SUBSTRING)).containsExactly("t5", "t4", "t3", "t1");
        assertThat(searched("wor", TextSearch.Type.WORD)).isEmpty();
        assertThat(searched("ACME", TextSearch.Type.WORD)).containsExactly("t3");
        assertThat(searched("secret", TextSearch.Type.SUBSTRING)).isEmpty();
    }

    @Test
    void aCountedTotalIsReusedBrieflyAndOnlyForItsOwnProject() {
        AtomicLong clock = new AtomicLong();
        TraceListQuery list = new TraceListQuery(clickHouse, new TraceTotals(clock::get));
        assertThat(list.list(ALPHA, newestFirst(1, 2)).totalItems()).isEqualTo(5);
        // BETA has the same ids and the same condition, but a total of its own.
        store.insert(new EventBatch(List.of(trace(BETA, "t6", 6, "user-beta", "session-a", "{}", List.of(), Map.of())),
                List.of(), List.of()));
        assertThat(list.list(BETA, newestFirst(1, 2)).totalItems()).isEqualTo(6);

        store.insert(new EventBatch(List.of(trace(ALPHA, "t6", 6, "user-even", "session-b", "{}", List.of(), Map.of())),
                List.of(), List.of()));
        clock.set(TraceTotals.TTL.toNanos() - 1);
        Page<TraceSummary> stale = list.list(ALPHA, newestFirst(1, 2));
        assertThat(stale.items()).extracting(s -> s.trace().id()).containsExactly("t6", "t5");
        assertThat(stale.totalItems()).as("counted less than the TTL ago").isEqualTo(5);
        // A page that is not full is the last one: its total is exact without counting.
        assertThat(list.list(ALPHA, newestFirst(1, 50)).totalItems()).isEqualTo(6);
        clock.set(TraceTotals.TTL.toNanos());
        assertThat(list.list(ALPHA, newestFirst(1, 2)).totalItems()).as("counted again after the TTL").isEqualTo(6);

        store.insert(new EventBatch(List.of(trace(ALPHA, "t7", 7, "user-odd", "session-b", "{}", List.of(), Map.of())),
                List.of(), List.of()));
        assertThat(list.list(ALPHA, newestFirst(2, 3)).totalItems()).as("within the TTL").isEqualTo(6);
        // A full page reaching past the remembered total shows it is stale: counted again.
        assertThat(list.list(ALPHA, newestFirst(1, 7)).totalItems()).isEqualTo(7);
        assertThat(list.list(ALPHA, newestFirst(1, 2)).totalItems()).isEqualTo(7);
    }

    @Test
    void aSelectiveFilterPicksNewestVersionsAmongMatchingKeysOnlyAndStaysExact() {
        // 40 more traces of another user make user-even (t2, t4) 2 in 45: selective (NewestDays).
        List<TraceRow> others = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            others.add(trace(ALPHA, "x" + i, 10 + i, "user-other", "session-c", "{}", List.of(), Map.of()));
        }
        // t4 moved to another user: its older version still matches user-even, its newest does not.
        TraceRow t4 = store.findTrace(ALPHA, "t4").orElseThrow();
        others.add(new TraceRow(ALPHA, "t4", t4.timestamp(), t4.name(), "user-moved", t4.sessionId(), t4.environment(),
                t4.release(), t4.version(), t4.input(), t4.output(), t4.metadata(), t4.tags(), t4.isPublic(), t4.bookmarked(),
                t4.eventVersion() + 1, false));
        store.insert(new EventBatch(others, List.of(), List.of()));
        FilterCondition userEven = FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-even");
        assertThat(ids(List.of(userEven))).containsExactly("t2");
        assertThat(ids(List.of(FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-moved"))))
                .containsExactly("t4");
        Page<TraceSummary> page = traces(new PageRequest(1, 1), List.of(userEven), null, new Sort("timestamp", true));
        assertThat(page.items()).extracting(s -> s.trace().id()).containsExactly("t2");
        assertThat(page.totalItems()).isEqualTo(1);
    }

    /**
     * Newest-first pages of filtered lists over many days (the window of newest days, its fallback
     * to all days, the total counted beside the page query) stay exact: a trace moved to another
     * user, one moved to an older day (tombstone of its old key), one deleted, one moved to another
     * environment, and BETA holding the same ids and user on newer days.
     */
    @Test
    void filteredPagesOverManyDaysStayExactUnderVersionsMovesAndDeletions() {
        List<TraceRow> rows = new ArrayList<>();
        List<TraceRow> days = twelveDaysOfOneUser(rows);
        store.insert(new EventBatch(rows, List.of(), List.of()));
        TraceRow d11 = days.get(11);
        TraceRow d10 = days.get(10);
        TraceRow d8 = days.get(8);
        store.insert(new EventBatch(List.of(
                withUserEnvironmentTime(d11, "user-other", d11.environment(), d11.timestamp(), 2),
                TestingRows.deleted(d10, 2),
                withUserEnvironmentTime(d10, d10.userId(), d10.environment(), T0.plusSeconds(3600), 2),
                TestingRows.deleted(days.get(9), 2),
                withUserEnvironmentTime(d8, d8.userId(), "staging", d8.timestamp(), 2)), List.of(), List.of()));

        FilterCondition user = FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-days");
        assertThat(pagedIds(List.of(user), 2)).containsExactly("d8", "d7", "d6", "d5", "d4", "d3", "d2", "d1", "d0", "d10");
        FilterCondition production = FilterCondition.of("environment", FilterType.STRING, FilterOperator.EQUALS, "production");
        assertThat(pagedIds(List.of(production), 3))
                .containsExactly("d11", "d7", "d6", "d5", "d4", "d3", "d2", "d1", "d0", "d10", "t5", "t4", "t3", "t2", "t1");
        FilterCondition staging = FilterCondition.of("environment", FilterType.STRING, FilterOperator.EQUALS, "staging");
        assertThat(pagedIds(List.of(staging), 1)).containsExactly("d8");
    }

    /**
     * A userId (sessionId) list reads the keys that ever had the user (session) from trace_user_keys
     * (trace_session_keys, V010), which keep a row for every version written: after moves between
     * users, a move to another day, deletions and a trace moved away and back, every path (one statement with the total, the newest days'
     * candidates beside the FINAL total, the general path above the bound) gives the same exact
     * pages, in both orders and within a time range, and BETA's same ids and user stay apart.
     */
    @Test
    void userAndSessionListsFromCandidateKeysStayExactOnEveryPath() {
        List<TraceRow> rows = new ArrayList<>();
        List<TraceRow> days = twelveDaysOfOneUser(rows);
        TraceRow joined = trace(ALPHA, "joined", 1440 * 5 + 30, "user-other", "session-d", "{}", List.of(), Map.of());
        TraceRow back = trace(ALPHA, "back", 1440 * 7 + 30, "user-days", "session-d", "{}", List.of(), Map.of());
        rows.add(joined);
        rows.add(back);
        store.insert(new EventBatch(rows, List.of(), List.of()));
        TraceRow d10 = days.get(10);
        store.insert(new EventBatch(List.of(
                withUserEnvironmentTime(days.get(11), "user-other", "production", days.get(11).timestamp(), 2),
                TestingRows.deleted(d10, 2),
                withUserEnvironmentTime(d10, "user-days", "production", T0.plusSeconds(3600), 2),
                TestingRows.deleted(days.get(9), 2),
                withUserEnvironmentTime(joined, "user-days", "production", joined.timestamp(), 2),
                withUserEnvironmentTime(back, "user-other", "production", back.timestamp(), 2)), List.of(), List.of()));
        store.insert(new EventBatch(List.of(withUserEnvironmentTime(back, "user-days", "production", back.timestamp(), 3)),
                List.of(), List.of()));
        // An older version arriving after the newer ones (it names another user) changes nothing.
        store.insert(new EventBatch(List.of(withUserEnvironmentTime(days.get(4), "user-other", "production", days.get(4).timestamp(), 0)),
                List.of(), List.of()));
        assertThat(clickHouse.query(Sql.of("SELECT count() AS n FROM (SELECT DISTINCT day, id FROM trace_user_keys"
                + " WHERE project_id = 'alpha' AND user_id = 'user-days')").build()).scalar().asLong())
                .as("stale keys of d9, d10's old day and d11 stay in the key table").isEqualTo(15);

        FilterCondition user = FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-days");
        List<String> newestFirst = List.of("d8", "d7", "back", "d6", "d5", "joined", "d4", "d3", "d2", "d1", "d0", "d10");
        TimeRange middle = new TimeRange(T0.plusSeconds(60L * 1440 * 4), T0.plusSeconds(60L * 1440 * 8));
        // trace_versions (default), the one statement over traces, newest days beside FINAL, the general path.
        for (CandidateKeys keys : List.of(new CandidateKeys(clickHouse),
                new CandidateKeys(clickHouse, CandidateKeys.ONE_STATEMENT, CandidateKeys.MAX_CANDIDATES, false),
                new CandidateKeys(clickHouse, 0, 1_000, false), new CandidateKeys(clickHouse, 0, 0, false))) {
            TraceListQuery list = new TraceListQuery(clickHouse, new TraceTotals(), keys);
            for (int limit : List.of(2, 5, 50)) {
                assertThat(pagedIds(list, ALPHA, TimeRange.ALL, List.of(user), new Sort("timestamp", true), limit))
                        .isEqualTo(newestFirst);
            }
            assertThat(pagedIds(list, ALPHA, TimeRange.ALL, List.of(user), new Sort("timestamp", false), 3))
                    .isEqualTo(newestFirst.reversed());
            assertThat(pagedIds(list, ALPHA, middle, List.of(user), new Sort("timestamp", true), 2))
                    .containsExactly("back", "d6", "d5", "joined", "d4", "d3");
            FilterCondition since = FilterCondition.of("timestamp", FilterType.DATETIME, FilterOperator.GREATER_OR_EQUAL,
                    T0.plusSeconds(60L * 1440 * 6));
            assertThat(pagedIds(list, ALPHA, TimeRange.ALL, List.of(user, since), new Sort("timestamp", true), 2))
                    .containsExactly("d8", "d7", "back", "d6", "d5");
            assertThat(pagedIds(list, ALPHA, TimeRange.ALL, List.of(user), new Sort("id", false), 5))
                    .isEqualTo(newestFirst.stream().sorted().toList());
            // name is not in trace_versions: the other paths answer, the same.
            assertThat(pagedIds(list, ALPHA, TimeRange.ALL, List.of(user), new Sort("name", true), 4))
                    .isEqualTo(newestFirst.stream().sorted(java.util.Comparator.reverseOrder()).toList());
            assertThat(pagedIds(list, BETA, TimeRange.ALL, List.of(user), new Sort("timestamp", true), 5))
                    .containsExactly("d11", "d10", "d9", "d8", "d7", "d6", "d5", "d4", "d3", "d2", "d1", "d0");
            FilterCondition session = FilterCondition.of("sessionId", FilterType.STRING, FilterOperator.EQUALS, "session-d");
            assertThat(pagedIds(list, ALPHA, TimeRange.ALL, List.of(session), new Sort("timestamp", true), 4)).containsExactly(
                    "d11", "d8", "d7", "back", "d6", "d5", "joined", "d4", "d3", "d2", "d1", "d0", "d10");
            FilterCondition staging = FilterCondition.of("environment", FilterType.STRING, FilterOperator.EQUALS, "staging");
            assertThat(pagedIds(list, ALPHA, TimeRange.ALL, List.of(user, staging), new Sort("timestamp", true), 2)).isEmpty();
            assertThat(pagedIds(list, ALPHA, TimeRange.ALL,
                    List.of(FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "nobody")),
                    new Sort("timestamp", true), 2)).isEmpty();
        }
    }

    // V014 on a database that already holds traces: its INSERT ... SELECT fills trace_versions with
    // every stored version (tombstones too), so userId lists served from it stay exact for traces
    // written before it; traces written after arrive through the view.
    @Test
    void theTraceVersionsMigrationBackfillsExistingTraces() {
        clickHouse.execute(Sql.plain("DROP VIEW trace_versions_feed"));
        clickHouse.execute(Sql.plain("DROP TABLE trace_versions"));
        clickHouse.execute(Sql.plain("ALTER TABLE " + ClickHouseSchema.HISTORY_TABLE + " DELETE WHERE version = 14 SETTINGS mutations_sync = 2"));
        TraceRow t1 = store.findTrace(ALPHA, "t1").orElseThrow();
        store.insert(new EventBatch(List.of(withUserEnvironmentTime(t1, "user-even", t1.environment(), t1.timestamp(), 2),
                TestingRows.deleted(store.findTrace(ALPHA, "t5").orElseThrow(), 2)), List.of(), List.of()));

        assertThat(new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate()).containsExactly(14);

        FilterCondition odd = FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-odd");
        FilterCondition even = FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-even");
        assertThat(pagedIds(List.of(odd), 2)).containsExactly("t3");
        assertThat(pagedIds(List.of(even), 2)).containsExactly("t4", "t2", "t1");
        store.insert(new EventBatch(List.of(trace(ALPHA, "t6", 6, "user-odd", "session-b", "{}", List.of(), Map.of())),
                List.of(), List.of()));
        assertThat(pagedIds(List.of(odd), 2)).containsExactly("t6", "t3");
    }

    // V016 on a database that already holds observations: its INSERT ... SELECT fills
    // observation_versions with every stored version (tombstones too), so list aggregates stay
    // exact for observations written before it; those written after arrive through the view.
    @Test
    void theObservationVersionsMigrationBackfillsExistingObservations() {
        clickHouse.execute(Sql.plain("DROP VIEW observation_versions_feed"));
        clickHouse.execute(Sql.plain("DROP TABLE observation_versions"));
        clickHouse.execute(Sql.plain("ALTER TABLE " + ClickHouseSchema.HISTORY_TABLE + " DELETE WHERE version = 16 SETTINGS mutations_sync = 2"));
        store.insert(new EventBatch(List.of(), List.of(
                observation(ALPHA, "t1", "o1a", 1, 0, new BigDecimal("2"), ObservationLevel.DEFAULT, "gpt-4o", 2),
                observation(ALPHA, "t2", "o2b", 2, 2, new BigDecimal("0.25")).versioned(2, true)), List.of()));

        assertThat(new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate()).containsExactly(16);

        Map<String, TraceSummary> alpha = summaries(ALPHA);
        assertThat(alpha.get("t1").totalCost()).isEqualByComparingTo("2.25");
        assertThat(alpha.get("t2").observationIds()).containsExactly("o2a");
        assertThat(alpha.get("t3").observationIds()).containsExactly("o3a", "o3b");
        assertThat(summaries(BETA).get("t1").totalCost()).isEqualByComparingTo("9");
        store.insert(new EventBatch(List.of(), List.of(observation(ALPHA, "t3", "o3c", 3, 5, BigDecimal.ONE)), List.of()));
        assertThat(summaries(ALPHA).get("t3").observationIds()).containsExactly("o3a", "o3b", "o3c");
        assertThat(aggregatesFrom(ALPHA, "observation_versions")).isEqualTo(aggregatesFrom(ALPHA, "observations"));
    }

    // ALPHA's traces d0..d11 of "user-days", one a day, returned and added to rows together with
    // BETA's traces of the same ids and user on the twelve days after.
    private static List<TraceRow> twelveDaysOfOneUser(List<TraceRow> rows) {
        List<TraceRow> days = new ArrayList<>();
        for (int day = 0; day < 12; day++) {
            TraceRow row = trace(ALPHA, "d" + day, 1440 * (day + 1), "user-days", "session-d", "{}", List.of(), Map.of());
            days.add(row);
            rows.add(row);
            rows.add(trace(BETA, "d" + day, 1440 * (day + 13), "user-days", "session-d", "{}", List.of(), Map.of()));
        }
        return days;
    }

    // Every page of a newest-first list, each checked to report the same total as the pages hold.
    private List<String> pagedIds(List<FilterCondition> filters, int limit) {
        return pagedIds(new TraceListQuery(clickHouse), ALPHA, TimeRange.ALL, filters, new Sort("timestamp", true), limit);
    }

    // Every page of a list, each checked to report the same total as the pages hold.
    private static List<String> pagedIds(TraceListQuery list, ProjectId project, TimeRange range, List<FilterCondition> filters,
            Sort sort, int limit) {
        List<String> seen = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<TraceSummary> result = list.list(project, new TraceListRequest(new PageRequest(page, limit), range, filters, null, sort,
                    EnumSet.of(TraceFieldGroup.CORE)));
            totals.add(result.totalItems());
            result.items().forEach(s -> seen.add(s.trace().id()));
            if (result.items().size() < limit) {
                break;
            }
        }
        assertThat(totals).as("total on every page").containsOnly((long) seen.size());
        return seen;
    }

    private static TraceRow withUserEnvironmentTime(TraceRow row, String user, String environment, Instant timestamp, long version) {
        return new TraceRow(row.projectId(), row.id(), timestamp, row.name(), user, row.sessionId(), environment, row.release(),
                row.version(), row.input(), row.output(), row.metadata(), row.tags(), row.isPublic(), row.bookmarked(), version, false);
    }

    private static TraceListRequest newestFirst(int page, int limit) {
        return new TraceListRequest(new PageRequest(page, limit), TimeRange.ALL, List.of(), null, new Sort("timestamp", true),
                EnumSet.of(TraceFieldGroup.CORE));
    }

    @Test
    void deletedTracesLeaveTheListAtOnce() {
        TraceRow t3 = store.findTrace(ALPHA, "t3").orElseThrow();
        store.insert(new EventBatch(List.of(TestingRows.deleted(t3, 99)), List.of(), List.of()));
        assertThat(ids(List.of())).containsExactly("t5", "t4", "t2", "t1");
        assertThat(queries.findUser(ALPHA, "user-odd", TimeRange.ALL).orElseThrow().traceCount()).isEqualTo(2);
    }

    @Test
    void pagesObservationsWithACursorWithoutDuplicatesOrGaps() {
        List<String> seen = new ArrayList<>();
        ObservationCursor cursor = null;
        for (int pageCount = 0; pageCount < 10; pageCount++) {
            Page<ObservationRow> page = queries.listObservations(ALPHA,
                    new ObservationListRequest(null, cursor, 3, TimeRange.ALL, List.of(), null, false));
            if (page.items().isEmpty()) {
                break;
            }
            page.items().forEach(o -> seen.add(o.id()));
            ObservationRow last = page.items().getLast();
            cursor = new ObservationCursor(last.startTime(), last.id());
            if (pageCount == 0) {
                // A newer observation arriving meanwhile sorts before the cursor: no duplicate, no gap.
                store.insert(new EventBatch(List.of(), List.of(observation(ALPHA, "t5", "late", 9, 0, BigDecimal.ONE)), List.of()));
            }
        }
        assertThat(seen).containsExactly("o5b", "o5a", "o4b", "o4a", "o3b", "o3a", "o2b", "o2a", "o1b", "o1a");
    }

    @Test
    void filtersObservationsByTheirOwnAndTheirTracesColumns() {
        Page<ObservationRow> page = queries.listObservations(ALPHA, new ObservationListRequest(new PageRequest(1, 50), null, 50,
                TimeRange.ALL, List.of(FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, "user-even"),
                        FilterCondition.of("totalCost", FilterType.NUMBER, FilterOperator.GREATER, 0.3)), null, true));
        assertThat(page.totalItems()).isEqualTo(2);
        assertThat(page.items()).extracting(ObservationRow::id).containsExactly("o4a", "o2a");
        assertThat(page.items().getFirst().input()).isNotNull();

        Page<ObservationRow> searched = queries.listObservations(ALPHA, new ObservationListRequest(new PageRequest(1, 50), null, 50,
                TimeRange.ALL, List.of(), new TextSearch("ONE", TextSearch.Type.WORD), false));
        assertThat(searched.totalItems()).isEqualTo(10);
        assertThat(searched.items().getFirst().input()).isNull();
    }

    @Test
    void sessionsAndUsersComeFromLiveTraces() {
        var sessions = queries.listSessions(ALPHA, new PageRequest(1, 10), TimeRange.ALL, List.of());
        assertThat(sessions.items()).extracting(s -> s.id()).containsExactly("session-b", "session-a");
        assertThat(sessions.items().getLast().createdAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(queries.listSessions(ALPHA, new PageRequest(1, 10), new TimeRange(T0.plusSeconds(240), null), List.of()).items())
                .extracting(s -> s.id()).containsExactly("session-b");
        assertThat(queries.listSessions(ALPHA, new PageRequest(1, 10), TimeRange.ALL, List.of("production")).totalItems()).isEqualTo(2);
        assertThat(queries.listSessions(ALPHA, new PageRequest(1, 10), TimeRange.ALL, List.of("dev")).items()).isEmpty();
        assertThat(queries.sessionTraces(ALPHA, "session-a")).extracting(TraceRow::id).containsExactly("t1", "t2", "t3");
        assertThat(queries.findSession(ALPHA, "session-zzz")).isEmpty();

        Page<UserSummary> users = queries.listUsers(ALPHA, new PageRequest(1, 10), TimeRange.ALL);
        assertThat(users.totalItems()).isEqualTo(2);
        UserSummary odd = users.items().getFirst();
        assertThat(odd.userId()).isEqualTo("user-odd");
        assertThat(odd.traceCount()).isEqualTo(3);
        assertThat(odd.observationCount()).isEqualTo(6);
        assertThat(odd.inputTokens()).isEqualTo(60);
        assertThat(odd.totalTokens()).isEqualTo(90);
        assertThat(odd.totalCost()).isEqualByComparingTo("2.25");
        assertThat(odd.firstSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(odd.lastSeen()).isEqualTo(T0.plusSeconds(300));
        assertThat(queries.findUser(ALPHA, "user-beta", TimeRange.ALL)).isEmpty();
    }

    private Page<TraceSummary> traces(PageRequest page, List<FilterCondition> filters, TextSearch search, Sort sort) {
        return queries.listTraces(ALPHA, new TraceListRequest(page, TimeRange.ALL, filters, search, sort,
                EnumSet.allOf(TraceFieldGroup.class)));
    }

    private List<String> ids(List<FilterCondition> filters) {
        return traces(new PageRequest(1, 50), filters, null, new Sort("timestamp", true)).items().stream()
                .map(s -> s.trace().id()).toList();
    }

    private List<String> searched(String text, TextSearch.Type type) {
        return traces(new PageRequest(1, 50), List.of(), new TextSearch(text, type), new Sort("timestamp", true)).items().stream()
                .map(s -> s.trace().id()).toList();
    }

    private static TraceRow trace(ProjectId project, String id, int minute, String user, String session, String input,
            List<String> tags, Map<String, String> metadata) {
        return new TraceRow(project, id, T0.plusSeconds(60L * minute), "order_" + id, user, session, "production", null, null,
                input, "\"done\"", metadata, tags, false, false, 1, false);
    }

    private static ObservationRow observation(ProjectId project, String traceId, String id, int minute, int offsetSeconds,
            BigDecimal cost) {
        return observation(project, traceId, id, minute, offsetSeconds, cost, ObservationLevel.DEFAULT, "gpt-4o", 1);
    }

    private static ObservationRow observation(ProjectId project, String traceId, String id, int minute, int offsetSeconds,
            BigDecimal cost, ObservationLevel level, String model, long version) {
        Instant start = T0.plusSeconds(60L * minute + offsetSeconds);
        return new ObservationRow(project, traceId, id, ObservationType.GENERATION, null, "llm", "production", start,
                start.plusSeconds(1), null, level, null, null, "\"prompt\"", "\"answer\"", Map.of("step", "one"),
                model, null, null, Map.of(), Map.of("input", 10L, "output", 5L, "total", 15L), Map.of(),
                Map.of("total", cost), cost, null, null, null, Map.of(), null, version, false);
    }

    private static ScoreRow score(ProjectId project, String id, String traceId, double value) {
        return new ScoreRow(project, id, T0.plusSeconds(2), traceId, null, null, null, "quality", value, null,
                ScoreDataType.NUMERIC, ScoreSource.API, null, null, null, null, "production", Map.of(), 1, false);
    }
}
