package io.glasshouse.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server is configured with. Built by {@link GlasshouseCommand} from command-line
 * flags, then GLASSHOUSE_* environment variables, then the optional config file.
 */
public record GlasshouseConfig(
        String host,
        int port,
        int grpcPort,
        Path dataDir,
        Path libchdb,
        long clickHouseMaxMemoryBytes,
        int clickHousePoolSize,
        String clickHouseUrl,
        String clickHouseUser,
        String clickHousePassword,
        String clickHouseDatabase,
        String clickHouseCluster,
        String databaseUrl,
        Duration flushInterval,
        int maxBatchRows,
        int maxPendingRows,
        long maxRequestBytes) {
    public GlasshouseConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(clickHouseDatabase, "clickHouseDatabase is null");
        requireNonNull(flushInterval, "flushInterval is null");
    }

    /** True when events go to the embedded engine rather than a ClickHouse server. */
    public boolean embedded() {
        return clickHouseUrl == null;
    }

    public Path clickHouseDataDir() {
        return dataDir.resolve("clickhouse");
    }
}
