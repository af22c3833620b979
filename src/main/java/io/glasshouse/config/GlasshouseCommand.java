package io.glasshouse.config;

import io.glasshouse.error.GlasshouseException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code glasshouse} command line. Every option can also come from the environment or a file. */
@Command(
        name = "glasshouse",
        mixinStandardHelpOptions = true,
        versionProvider = GlasshouseCommand.Version.class,
        description = {
            "Observability and analytics for LLM applications, in one process.",
            "Every option may also be set as an environment variable (--data-dir -> GLASSHOUSE_DATA_DIR)"
                    + " or in a properties file given by --config / GLASSHOUSE_CONFIG (data-dir = /var/lib/glasshouse)."
        },
        sortOptions = false)
public final class GlasshouseCommand {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|k|m|g|kib|mib|gib|kb|mb|gb)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,2})%");

    @Option(names = "--config", description = "Properties file with settings (lowest precedence).")
    Path config;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "3000", description = "HTTP port: UI, APIs, OTLP/HTTP (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--grpc-port", defaultValue = "4317", description = "OTLP/gRPC port (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Where data lives (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--libchdb", description = "Path to libchdb.so (default: the build's per-user cache).")
    Path libchdb;

    @Option(names = "--clickhouse-max-memory", defaultValue = "25%",
            description = "Memory cap of the embedded engine: bytes (8GiB) or %% of RAM (default: ${DEFAULT-VALUE}).")
    String clickHouseMaxMemory;

    @Option(names = "--clickhouse-pool-size", defaultValue = "4",
            description = "Concurrent ClickHouse statements (default: ${DEFAULT-VALUE}).")
    int clickHousePoolSize;

    @Option(names = "--clickhouse-url", description = "Use a ClickHouse server over HTTP (http://host:8123) instead of the embedded engine.")
    String clickHouseUrl;

    @Option(names = "--clickhouse-user", defaultValue = "default", description = "ClickHouse server user (default: ${DEFAULT-VALUE}).")
    String clickHouseUser;

    @Option(names = "--clickhouse-password", defaultValue = "", description = "ClickHouse server password.")
    String clickHousePassword;

    @Option(names = "--clickhouse-database", defaultValue = "glasshouse", description = "ClickHouse database (default: ${DEFAULT-VALUE}).")
    String clickHouseDatabase;

    @Option(names = "--clickhouse-cluster", description = "Cluster name: DDL runs ON CLUSTER with Replicated engines.")
    String clickHouseCluster;

    @Option(names = "--database-url", description = "Metadata database: jdbc:postgresql://... (default: SQLite in the data dir).")
    String databaseUrl;

    @Option(names = "--flush-interval-ms", defaultValue = "200",
            description = "Longest time accepted events wait to be stored together (default: ${DEFAULT-VALUE}).")
    int flushIntervalMs;

    @Option(names = "--max-batch-rows", defaultValue = "20000", description = "Rows stored in one insert at most (default: ${DEFAULT-VALUE}).")
    int maxBatchRows;

    @Option(names = "--max-pending-rows", defaultValue = "200000",
            description = "Rows waiting to be stored before requests get 429 (default: ${DEFAULT-VALUE}).")
    int maxPendingRows;

    @Option(names = "--max-request-bytes", defaultValue = "5MiB", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    String maxRequestBytes;

    /** A command line whose defaults come from {@code environment} and the config file. */
    public static CommandLine commandLine(String[] args, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new GlasshouseCommand());
        Set<String> keys = commandLine.getCommandSpec().options().stream()
                .map(option -> ConfigSources.key(option.longestName()))
                .collect(Collectors.toSet());
        commandLine.setDefaultValueProvider(ConfigSources.load(args, environment, keys));
        return commandLine;
    }

    /** The parsed options as a validated configuration. */
    public GlasshouseConfig toConfig() {
        requirePort("--port", port);
        requirePort("--grpc-port", grpcPort);
        requirePositive("--clickhouse-pool-size", clickHousePoolSize);
        requirePositive("--flush-interval-ms", flushIntervalMs);
        requirePositive("--max-batch-rows", maxBatchRows);
        if (maxPendingRows < maxBatchRows) {
            throw GlasshouseException.configuration("--max-pending-rows must be at least --max-batch-rows");
        }
        if (clickHouseCluster != null && clickHouseUrl == null) {
            throw GlasshouseException.configuration("--clickhouse-cluster needs --clickhouse-url (the embedded engine is one node)");
        }
        return new GlasshouseConfig(
                host,
                port,
                grpcPort,
                dataDir,
                libchdb,
                memory(clickHouseMaxMemory),
                clickHousePoolSize,
                blankToNull(clickHouseUrl),
                clickHouseUser,
                clickHousePassword,
                clickHouseDatabase,
                blankToNull(clickHouseCluster),
                blankToNull(databaseUrl),
                Duration.ofMillis(flushIntervalMs),
                maxBatchRows,
                maxPendingRows,
                bytes("--max-request-bytes", maxRequestBytes));
    }

    static long memory(String value) {
        Matcher percent = PERCENT.matcher(value.strip());
        if (percent.matches()) {
            int share = Integer.parseInt(percent.group(1));
            if (share < 1) {
                throw GlasshouseException.configuration("--clickhouse-max-memory must be at least 1%");
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return os.getTotalMemorySize() / 100 * share;
        }
        return bytes("--clickhouse-max-memory", value);
    }

    static long bytes(String option, String value) {
        Matcher matcher = SIZE.matcher(value.strip());
        if (!matcher.matches()) {
            throw GlasshouseException.configuration(option + " '" + value + "' is not a size like 5MiB, 512k or 1048576");
        }
        long number = Long.parseLong(matcher.group(1));
        long unit = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k", "kib", "kb" -> 1L << 10;
            case "m", "mib", "mb" -> 1L << 20;
            case "g", "gib", "gb" -> 1L << 30;
            default -> 1;
        };
        return Math.multiplyExact(number, unit);
    }

    private static void requirePort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw GlasshouseException.configuration(option + " " + port + " is not a port (0-65535)");
        }
    }

    private static void requirePositive(String option, int value) {
        if (value < 1) {
            throw GlasshouseException.configuration(option + " must be at least 1");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"glasshouse " + BuildInfo.version()};
        }
    }
}
