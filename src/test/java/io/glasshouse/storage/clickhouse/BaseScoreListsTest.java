package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingMetricsRows.ALPHA;
import static io.glasshouse.storage.clickhouse.TestingMetricsRows.BETA;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.storage.ScoreFilter;
import io.glasshouse.storage.ScoreLists;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Score lists (v2 filters and paging, v3 cursor) on real rows; every transport. */
abstract class BaseScoreListsTest {
    private ClickHouse clickHouse;
    private ClickHouseScoreLists lists;

    protected abstract ClickHouse newClickHouse(String databasePrefix);

    @BeforeEach
    void load() {
        clickHouse = newClickHouse("scorelists");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        ClickHouseEventStore events = new ClickHouseEventStore(clickHouse);
        events.insert(TestingMetricsRows.alpha());
        events.insert(TestingMetricsRows.beta());
        // sc2 is updated (a new version with another value); only the newest may be listed.
        events.insert(new EventBatch(List.of(), List.of(), List.of(TestingMetricsRows.alpha().scores().get(1)
                .versioned(5, false))));
        lists = new ClickHouseScoreLists(clickHouse);
    }

    @AfterEach
    void close() {
        clickHouse.close();
    }

    @Test
    void newestFirstWithTraceProperties() {
        ScoreLists.Page page = lists.list(ALPHA, ScoreFilter.none(), 0, 50);

        assertThat(page.totalItems()).isEqualTo(3);
        assertThat(page.scores()).extracting(listed -> listed.score().id()).containsExactly("sc3", "sc2", "sc1");
        ScoreLists.TraceSummary trace = page.scores().get(2).trace();
        assertThat(trace.userId()).isEqualTo("u1");
        assertThat(trace.tags()).containsExactly("a", "b");
        assertThat(trace.environment()).isEqualTo("production");
    }

    @Test
    void filtersByScoreAndTraceProperties() {
        assertThat(ids(filter(f -> f.name = "quality"))).containsExactly("sc2", "sc1");
        assertThat(ids(filter(f -> f.userId = "u2"))).containsExactly("sc3", "sc2");
        assertThat(ids(filter(f -> f.traceTags = List.of("a")))).containsExactly("sc1");
        assertThat(ids(filter(f -> f.dataType = ScoreDataType.CATEGORICAL))).containsExactly("sc3");
        assertThat(ids(filter(f -> {
            f.operator = ">=";
            f.value = 0.75;
        }))).containsExactly("sc2");
        assertThat(ids(filter(f -> f.observationIds = List.of("g1", "g3")))).containsExactly("sc3", "sc1");
        assertThat(ids(filter(f -> f.scoreIds = List.of("sc1", "nope")))).containsExactly("sc1");
        assertThat(ids(filter(f -> f.from = TestingMetricsRows.DAY2))).containsExactly("sc3", "sc2");
    }

    @Test
    void pagesAndCursorsWalkEveryScoreOnce() {
        assertThat(lists.list(ALPHA, ScoreFilter.none(), 2, 2).scores()).extracting(l -> l.score().id()).containsExactly("sc1");
        List<String> seen = new ArrayList<>();
        Optional<ScoreLists.Position> after = Optional.empty();
        for (int i = 0; i < 5; i++) {
            List<ScoreLists.Listed> page = lists.listAfter(ALPHA, after, 2);
            page.forEach(listed -> seen.add(listed.score().id()));
            if (page.size() < 2) {
                break;
            }
            var last = page.getLast().score();
            after = Optional.of(new ScoreLists.Position(last.timestamp(), last.id()));
        }
        assertThat(seen).containsExactly("sc3", "sc2", "sc1");
    }

    @Test
    void anotherProjectSeesOnlyItsOwnScoreUnderTheSameId() {
        ScoreLists.Page beta = lists.list(BETA, ScoreFilter.none(), 0, 50);
        assertThat(beta.scores()).extracting(l -> l.score().value()).containsExactly(99.0);
        assertThat(lists.list(ALPHA, ScoreFilter.none(), 0, 50).scores()).extracting(l -> l.score().value())
                .doesNotContain(99.0);
    }

    private List<String> ids(ScoreFilter filter) {
        return lists.list(ALPHA, filter, 0, 50).scores().stream().map(listed -> listed.score().id()).toList();
    }

    /** Mutable stand-in for the record's many fields, so each line above names only what it sets. */
    private static final class Fields {
        String userId;
        String name;
        java.time.Instant from;
        String operator;
        Double value;
        List<String> scoreIds = List.of();
        ScoreDataType dataType;
        List<String> traceTags = List.of();
        List<String> observationIds = List.of();
    }

    private static ScoreFilter filter(java.util.function.Consumer<Fields> set) {
        Fields f = new Fields();
        set.accept(f);
        return new ScoreFilter(f.userId, f.name, f.from, null, List.of(), null, f.operator, f.value, f.scoreIds, null, null,
                f.dataType, f.traceTags, null, null, f.observationIds, null);
    }
}
