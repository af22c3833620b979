package io.glasshouse.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.GlasshouseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The clustered variant of the schema. No ClickHouse cluster (with Keeper) can run here, so this
 * checks the rendered statements; the single-node rendering runs for real in the store suites.
 */
class TestSchemaDialect {
    @Test
    void singleNodeStatementsHaveNoPlaceholdersLeft() {
        for (var migration : ClickHouseSchema.migrations()) {
            assertThat(ClickHouseSchema.render(migration, SchemaDialect.singleNode())).allSatisfy(statement -> assertThat(statement)
                    .doesNotContain("${", "ON CLUSTER", "Replicated"));
        }
    }

    @Test
    void clusteredStatementsRunOnClusterWithReplicatedEngines() {
        var statements = ClickHouseSchema.render(
                ClickHouseSchema.migrations().getFirst(), SchemaDialect.cluster("glasshouse_cluster"));
        assertThat(statements).hasSize(3).allSatisfy(statement -> assertThat(statement)
                .contains("ON CLUSTER 'glasshouse_cluster'")
                .contains("ENGINE = ReplicatedReplacingMergeTree(event_version, is_deleted)")
                .doesNotContain("${"));
    }

    @Test
    void smallCompressBlocksAreSetAndPartsRewrittenOnEveryClusterNode() {
        var statements = onCluster(7);
        assertThat(statements).hasSize(6).allSatisfy(statement -> assertThat(statement)
                .contains("ON CLUSTER 'glasshouse_cluster'")
                .doesNotContain("${"));
        assertThat(statements).filteredOn(statement -> statement.contains("REWRITE PARTS"))
                .hasSize(3)
                .allSatisfy(statement -> assertThat(statement).endsWith("SETTINGS mutations_sync = 2"));
    }

    // The key table and its view exist on every node; the backfill runs once, on the node that
    // migrates, and the Replicated table copies its rows.
    @Test
    void scoreKeysAreReplicatedAndBackfilledOnce() {
        var statements = onCluster(9);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).contains("CREATE TABLE IF NOT EXISTS score_trace_keys ON CLUSTER 'glasshouse_cluster'")
                .contains("ENGINE = ReplicatedReplacingMergeTree");
        assertThat(statements.get(1)).contains("CREATE MATERIALIZED VIEW IF NOT EXISTS score_trace_keys_feed ON CLUSTER 'glasshouse_cluster'");
        assertThat(statements.get(2)).startsWith("INSERT INTO score_trace_keys").doesNotContain("ON CLUSTER");
    }

    @Test
    void keyTablesAreReplicatedOnEveryClusterNodeAndBackfilledOnce() {
        var statements = onCluster(10);
        assertThat(statements).hasSize(6);
        assertThat(statements).filteredOn(statement -> statement.startsWith("CREATE"))
                .hasSize(4)
                .allSatisfy(statement -> assertThat(statement).contains("ON CLUSTER 'glasshouse_cluster'"));
        assertThat(statements).filteredOn(statement -> statement.startsWith("CREATE TABLE"))
                .allSatisfy(statement -> assertThat(statement).contains("ENGINE = ReplicatedReplacingMergeTree"));
        // An INSERT has no ON CLUSTER: it runs on one replica and replicates like any insert.
        assertThat(statements).filteredOn(statement -> statement.startsWith("INSERT"))
                .hasSize(2)
                .allSatisfy(statement -> assertThat(statement).doesNotContain("ON CLUSTER", "${"));
    }

    @Test
    void traceVersionsAreReplicatedOnEveryClusterNodeAndBackfilledOnce() {
        var statements = onCluster(14);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).contains("CREATE TABLE IF NOT EXISTS trace_versions ON CLUSTER 'glasshouse_cluster'")
                .contains("ENGINE = ReplicatedReplacingMergeTree(event_version, is_deleted)");
        assertThat(statements.get(1)).contains("CREATE MATERIALIZED VIEW IF NOT EXISTS trace_versions_feed ON CLUSTER 'glasshouse_cluster'");
        assertThat(statements.get(2)).startsWith("INSERT INTO trace_versions").doesNotContain("ON CLUSTER", "${");
    }

    @Test
    void observationVersionsAreReplicatedOnEveryClusterNodeAndBackfilledOnce() {
        var statements = onCluster(16);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).contains("CREATE TABLE IF NOT EXISTS observation_versions ON CLUSTER 'glasshouse_cluster'")
                .contains("ENGINE = ReplicatedReplacingMergeTree(event_version, is_deleted)");
        assertThat(statements.get(1)).contains("CREATE MATERIALIZED VIEW IF NOT EXISTS observation_versions_feed ON CLUSTER 'glasshouse_cluster'");
        assertThat(statements.get(2)).startsWith("INSERT INTO observation_versions").doesNotContain("ON CLUSTER", "${");
    }

    @Test
    void clusterNamesCannotInjectSql() {
        assertThatThrownBy(() -> SchemaDialect.cluster("x' DROP"))
                .isInstanceOf(GlasshouseException.class);
    }

    // One migration's statements as rendered for a cluster named glasshouse_cluster.
    private static List<String> onCluster(int version) {
        var migration = ClickHouseSchema.migrations().stream().filter(m -> m.version() == version).findFirst().orElseThrow();
        return ClickHouseSchema.render(migration, SchemaDialect.cluster("glasshouse_cluster"));
    }
}
