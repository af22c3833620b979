package io.glasshouse.scores;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.ScoreConfigCheck;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.storage.meta.ScoreConfigStore;
import java.util.Optional;

/**
 * Checks scores against the score config they name, as Langfuse's ingestion does
 * ({@code validateAndInflateScore}): the config must exist in the score's project (404 otherwise)
 * and not be archived; a data type the client named must be the config's; the score takes the
 * config's name; NUMERIC values must lie within the config's bounds, BOOLEAN values be 0 or 1,
 * and CATEGORICAL values be one of the config's labels, stored with that label's number.
 */
public final class ScoreConfigValidation implements ScoreConfigCheck {
    private final ScoreConfigStore configs;

    public ScoreConfigValidation(ScoreConfigStore configs) {
        this.configs = requireNonNull(configs, "configs is null");
    }

    @Override
    public ScoreRow check(ScoreRow score, ScoreDataType sentDataType) {
        ScoreConfig config = configs.find(score.projectId(), score.configId())
                .orElseThrow(() -> GlasshouseException.notFound("body.configId " + score.configId()
                        + " does not match a score config in this project"));
        String which = "score config '" + config.name() + "' (" + config.id() + ")";
        if (sentDataType != null && sentDataType != config.dataType()) {
            throw GlasshouseException.invalid("body.dataType " + sentDataType + " does not match the data type "
                    + config.dataType() + " of " + which + "; send " + config.dataType() + " or leave dataType out");
        }
        if (config.archived()) {
            throw GlasshouseException.invalid("body.configId: " + which
                    + " is archived and cannot be used for new scores; restore it first");
        }
        return switch (config.dataType()) {
            case NUMERIC -> numeric(score, config, which);
            case BOOLEAN -> bool(score, config, which);
            case CATEGORICAL -> categorical(score, config, which);
        };
    }

    private static ScoreRow numeric(ScoreRow score, ScoreConfig config, String which) {
        if (score.dataType() != ScoreDataType.NUMERIC) {
            throw GlasshouseException.invalid("body.value must be a number for the NUMERIC " + which);
        }
        double value = score.value();
        if (config.minValue() != null && value < config.minValue()) {
            throw GlasshouseException.invalid("body.value " + number(value) + " is below the minimum "
                    + number(config.minValue()) + " of " + which);
        }
        if (config.maxValue() != null && value > config.maxValue()) {
            throw GlasshouseException.invalid("body.value " + number(value) + " exceeds the maximum "
                    + number(config.maxValue()) + " of " + which);
        }
        return stored(score, config, value, null, ScoreDataType.NUMERIC);
    }

    private static ScoreRow bool(ScoreRow score, ScoreConfig config, String which) {
        if (score.dataType() == ScoreDataType.CATEGORICAL) {
            throw GlasshouseException.invalid("body.value must be 0 or 1 (a number) for the BOOLEAN " + which);
        }
        double value = score.value();
        if (value != 0 && value != 1) {
            throw GlasshouseException.invalid("body.value must be 0 or 1 for the BOOLEAN " + which + ", got " + number(value));
        }
        return stored(score, config, value, value == 1 ? "True" : "False", ScoreDataType.BOOLEAN);
    }

    private static ScoreRow categorical(ScoreRow score, ScoreConfig config, String which) {
        if (score.dataType() != ScoreDataType.CATEGORICAL) {
            throw GlasshouseException.invalid("body.value must be one of the category labels (a string) of the CATEGORICAL "
                    + which + ": " + labels(config));
        }
        Optional<ScoreConfig.Category> category = config.categories().stream()
                .filter(c -> c.label().equals(score.stringValue()))
                .findFirst();
        if (category.isEmpty()) {
            throw GlasshouseException.invalid("body.value '" + score.stringValue() + "' is not a category of " + which
                    + "; use one of " + labels(config));
        }
        return stored(score, config, category.get().value(), category.get().label(), ScoreDataType.CATEGORICAL);
    }

    // The config's name replaces the sent one, as in Langfuse.
    private static ScoreRow stored(ScoreRow s, ScoreConfig config, double value, String stringValue, ScoreDataType dataType) {
        return new ScoreRow(s.projectId(), s.id(), s.timestamp(), s.traceId(), s.observationId(), s.sessionId(),
                s.datasetRunId(), config.name(), value, stringValue, dataType, s.source(),
                s.comment(), s.authorUserId(), s.configId(), s.queueId(), s.environment(), s.metadata(), s.eventVersion(),
                s.deleted());
    }

    private static String labels(ScoreConfig config) {
        return config.categories().stream().map(c -> "'" + c.label() + "'").toList().toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
