package io.glasshouse.storage.clickhouse;

import static io.glasshouse.storage.clickhouse.TestingRows.generation;
import static io.glasshouse.storage.clickhouse.TestingRows.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestEventStoreEmbedded extends BaseEventStoreTest {
    @Override
    protected ClickHouse newClickHouse(String databasePrefix) {
        return TestingClickHouse.newDatabase(databasePrefix);
    }

    // The engine's config (ChdbEngine) makes granules of at most 1 MiB, so a look-up of one trace's
    // rows decompresses little of the wide text around them: 3,000 rows of ~3 KB input (9 MB) need
    // at least 8 granules (a mark each), where the default 10 MiB would take 1.
    @Test
    void wideRowsAreStoredInGranulesOfAtMostOneMebibyte() {
        try (ClickHouse clickHouse = newClickHouse("granules")) {
            new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
            ProjectId project = new ProjectId("granules");
            String wide = "wide ".repeat(600);
            List<ObservationRow> observations = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                ObservationRow row = generation(project, "t", "o" + i, 1);
                observations.add(new ObservationRow(row.projectId(), row.traceId(), row.id(), row.type(),
                        row.parentObservationId(), row.name(), row.environment(), row.startTime(), row.endTime(),
                        row.completionStartTime(), row.level(), row.statusMessage(), row.version(), "\"" + wide + i + "\"", row.output(),
                        row.metadata(), row.providedModelName(), row.internalModelId(), row.modelParameters(),
                        row.providedUsageDetails(), row.usageDetails(), row.providedCostDetails(), row.costDetails(),
                        row.totalCost(), row.promptId(), row.promptName(), row.promptVersion(), row.resourceAttributes(),
                        row.scopeName(), row.eventVersion(), row.deleted()));
            }
            new ClickHouseEventStore(clickHouse).insert(new EventBatch(List.of(trace(project, "t", "n", 1)), observations, List.of()));
            long marks = clickHouse.query(Sql.of("SELECT sum(marks) AS n FROM system.parts WHERE active AND database = {db:String}"
                            + " AND table = 'observations'").bind("db", clickHouse.database()).build())
                    .scalar().asLong();
            assertThat(marks).isGreaterThanOrEqualTo(8);
        }
    }
}
