package io.glasshouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.GlasshouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TestGlasshouseCommand {
    @TempDir
    Path temp;

    private static GlasshouseConfig parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = GlasshouseCommand.commandLine(args, environment);
        commandLine.parseArgs(args);
        return ((GlasshouseCommand) commandLine.getCommand()).toConfig();
    }

    @Test
    void defaults() {
        GlasshouseConfig config = parse(Map.of());
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.grpcPort()).isEqualTo(4317);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.libchdb()).isNull();
        assertThat(config.clickHouseMaxMemoryBytes()).isPositive();
        assertThat(config.clickHousePoolSize()).isEqualTo(4);
        assertThat(config.clickHouseUrl()).isNull();
        assertThat(config.embedded()).isTrue();
        assertThat(config.clickHouseUser()).isEqualTo("default");
        assertThat(config.clickHousePassword()).isEmpty();
        assertThat(config.clickHouseDatabase()).isEqualTo("glasshouse");
        assertThat(config.clickHouseCluster()).isNull();
        assertThat(config.databaseUrl()).isNull();
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.maxBatchRows()).isEqualTo(20_000);
        assertThat(config.maxPendingRows()).isEqualTo(200_000);
        assertThat(config.maxRequestBytes()).isEqualTo(5L << 20);
        assertThat(config.clickHouseDataDir()).isEqualTo(Path.of("./data/clickhouse"));
    }

    @Test
    void helpRendersEveryDescriptionFormatted() {
        // An unescaped % in a description makes picocli print a warning and the raw text
        // ("%%", "%n") instead of the formatted help.
        String usage = GlasshouseCommand.commandLine(new String[] {"--help"}, Map.of()).getUsageMessage()
                .replaceAll("\\s+", " ");
        assertThat(usage).contains("bytes (8GiB) or % of RAM (default: 25%).");
        assertThat(usage).doesNotContain("%%").doesNotContain("%n");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
        Path file = Files.writeString(temp.resolve("glasshouse.properties"),
                "port = 3100\ngrpc-port = 4400\ndata-dir = /from/file\nflush-interval-ms = 50\n");
        Map<String, String> environment = Map.of(
                "GLASSHOUSE_CONFIG", file.toString(),
                "GLASSHOUSE_PORT", "3200",
                "GLASSHOUSE_DATA_DIR", "/from/env");
        GlasshouseConfig config = parse(environment, "--port", "3300");
        assertThat(config.port()).isEqualTo(3300);
        assertThat(config.dataDir()).isEqualTo(Path.of("/from/env"));
        assertThat(config.grpcPort()).isEqualTo(4400);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void theConfigFlagNamesTheFile() throws Exception {
        Path file = Files.writeString(temp.resolve("g.properties"), "max-request-bytes = 512k\n");
        assertThat(parse(Map.of(), "--config", file.toString()).maxRequestBytes()).isEqualTo(512L << 10);
        assertThat(parse(Map.of(), "--config=" + file).maxRequestBytes()).isEqualTo(512L << 10);
    }

    @Test
    void sizesAndShares() {
        assertThat(GlasshouseCommand.bytes("--x", "1048576")).isEqualTo(1 << 20);
        assertThat(GlasshouseCommand.bytes("--x", "8GiB")).isEqualTo(8L << 30);
        assertThat(GlasshouseCommand.bytes("--x", "3 m")).isEqualTo(3L << 20);
        assertThat(GlasshouseCommand.memory("10%")).isPositive();
        assertThatThrownBy(() -> GlasshouseCommand.bytes("--max-request-bytes", "lots"))
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining("--max-request-bytes 'lots'");
    }

    @Test
    void inconsistentSettingsAreRefused() {
        assertThatThrownBy(() -> parse(Map.of(), "--clickhouse-cluster", "c"))
                .hasMessageContaining("--clickhouse-cluster needs --clickhouse-url");
        assertThatThrownBy(() -> parse(Map.of(), "--max-batch-rows", "10", "--max-pending-rows", "5"))
                .hasMessageContaining("--max-pending-rows");
        assertThatThrownBy(() -> parse(Map.of(), "--port", "70000")).hasMessageContaining("not a port");
    }

    @Test
    void unknownConfigFileKeysAreRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("bad.properties"), "prot = 3000\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", file.toString()))
                .isInstanceOf(GlasshouseException.class)
                .hasMessageContaining("prot");
    }
}
