package io.glasshouse.ingest.otel;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment of a span: {@code langfuse.environment}, {@code deployment.environment.name},
 * {@code deployment.environment}, each looked up on the span, then on the resource. Normalised
 * like Langfuse: lower case, leading "langfuse" prefixes (reserved for Langfuse's own traces)
 * removed, cut to 40 characters, and "default" unless the rest is made of {@code [a-z0-9-_]}.
 */
final class Environments {
    static final String DEFAULT = "default";
    private static final String[] KEYS = {"langfuse.environment", "deployment.environment.name", "deployment.environment"};
    private static final Pattern RESERVED_PREFIX = Pattern.compile("^(?:langfuse[-_]?)+");
    private static final Pattern VALID = Pattern.compile("[a-z0-9_-]+");

    private Environments() {}

    static String of(SpanAttributes span, Map<String, String> resource) {
        for (String key : KEYS) {
            String value = span.text(key);
            if (value != null) {
                String environment = normalize(value);
                // An unusable value that fell back to the default stays in metadata, so it is not lost.
                if (!environment.equals(DEFAULT) || value.equals(DEFAULT)) {
                    span.consume(key);
                }
                return environment;
            }
            value = resource.get(key);
            if (value != null && !value.isEmpty()) {
                return normalize(value);
            }
        }
        return DEFAULT;
    }

    static String normalize(String value) {
        String stripped = RESERVED_PREFIX.matcher(value.toLowerCase(Locale.ROOT)).replaceFirst("");
        String cut = stripped.length() > 40 ? stripped.substring(0, 40) : stripped;
        return VALID.matcher(cut).matches() ? cut : DEFAULT;
    }
}
