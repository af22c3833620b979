package io.glasshouse.config;

import io.glasshouse.error.GlasshouseException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option values that were not given on the command line: first the environment
 * ({@code --flush-interval-ms} ↔ {@code GLASSHOUSE_FLUSH_INTERVAL_MS}), then the config file
 * ({@code flush-interval-ms = 200}, Java properties syntax). Picocli falls back to the option's
 * own default when both are silent.
 */
final class ConfigSources implements IDefaultValueProvider {
    static final String CONFIG_ENV = "GLASSHOUSE_CONFIG";

    private final Map<String, String> environment;
    private final Properties file;

    private ConfigSources(Map<String, String> environment, Properties file) {
        this.environment = environment;
        this.file = file;
    }

    /** Reads the config file named by {@code --config} in {@code args} or by GLASSHOUSE_CONFIG. */
    static ConfigSources load(String[] args, Map<String, String> environment, Set<String> knownKeys) {
        Path path = configPath(args, environment);
        Properties properties = new Properties();
        if (path != null) {
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            } catch (IOException e) {
                throw GlasshouseException.configuration("cannot read config file " + path + ": " + e.getMessage());
            }
            Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
            unknown.removeAll(knownKeys);
            if (!unknown.isEmpty()) {
                throw GlasshouseException.configuration(
                        "unknown setting(s) in " + path + ": " + String.join(", ", unknown) + " (see --help for names)");
            }
        }
        return new ConfigSources(environment, properties);
    }

    static String environmentName(String optionName) {
        return "GLASSHOUSE_" + key(optionName).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static String key(String optionName) {
        return optionName.replaceFirst("^--", "");
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String name = option.longestName();
        String fromEnvironment = environment.get(environmentName(name));
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        String fromFile = file.getProperty(key(name));
        return fromFile != null ? fromFile.strip() : option.defaultValue();
    }

    private static Path configPath(String[] args, Map<String, String> environment) {
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("--config") && i + 1 < list.size()) {
                return Path.of(list.get(i + 1));
            }
            if (arg.startsWith("--config=")) {
                return Path.of(arg.substring("--config=".length()));
            }
        }
        String fromEnvironment = environment.get(CONFIG_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
    }
}
