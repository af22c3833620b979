package io.glasshouse.storage.clickhouse;

import io.glasshouse.error.GlasshouseException;
import java.util.regex.Pattern;

/**
 * Fills the two placeholders of the migration files. One node: plain MergeTree engines. A
 * cluster: every DDL runs {@code ON CLUSTER} and the engines become their Replicated variants,
 * using the server's default replica path and name ({@code default_replica_path},
 * {@code default_replica_name}), so the files stay the same text for both.
 */
public record SchemaDialect(String cluster) {
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    public SchemaDialect {
        if (cluster != null && !CLUSTER_NAME.matcher(cluster).matches()) {
            throw GlasshouseException.configuration(
                    "ClickHouse cluster name '" + cluster + "' must be letters, digits, '_', '.', '-'");
        }
    }

    public static SchemaDialect singleNode() {
        return new SchemaDialect(null);
    }

    public static SchemaDialect cluster(String name) {
        return new SchemaDialect(name);
    }

    public boolean clustered() {
        return cluster != null;
    }

    String render(String template) {
        return template
                .replace("${ON_CLUSTER}", clustered() ? "ON CLUSTER '" + cluster + "'" : "")
                .replace("${REPLICATED}", clustered() ? "Replicated" : "");
    }
}
