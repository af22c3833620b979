package io.glasshouse.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;
import io.glasshouse.model.ScoreSource;
import io.glasshouse.storage.meta.MetadataStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores against their configs, as Langfuse's ingestion checks them; the configs live in a real
 * SQLite metadata store and are created through the API's JSON, as clients create them.
 */
class TestScoreConfigValidation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dataDir;

    private MetadataStore metadata;
    private ScoreConfigs configs;
    private ScoreConfigValidation validation;
    private ProjectId project;
    private ProjectId otherProject;

    @BeforeEach
    void open() {
        metadata = MetadataStore.open(null, dataDir);
        var organization = metadata.projects().createOrganization("Acme");
        project = new ProjectId(metadata.projects().createProject(organization.id(), "chatbot").id());
        otherProject = new ProjectId(metadata.projects().createProject(organization.id(), "other").id());
        configs = new ScoreConfigs(metadata.scoreConfigs());
        validation = new ScoreConfigValidation(metadata.scoreConfigs());
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void aNumericScoreWithinBoundsIsStoredUnderTheConfigsName() {
        ScoreConfig accuracy = config("{\"name\": \"accuracy\", \"dataType\": \"NUMERIC\", \"minValue\": 0, \"maxValue\": 1}");

        ScoreRow stored = validation.check(numeric("whatever-the-client-called-it", 0.5, accuracy.id()), null);

        assertThat(stored.name()).isEqualTo("accuracy");
        assertThat(stored.value()).isEqualTo(0.5);
        assertThat(stored.dataType()).isEqualTo(ScoreDataType.NUMERIC);
        assertThat(validation.check(numeric("accuracy", 1, accuracy.id()), ScoreDataType.NUMERIC).value()).isEqualTo(1);
        assertThat(validation.check(numeric("accuracy", 0, accuracy.id()), null).value()).isZero();
    }

    @Test
    void aNumericScoreOutsideTheBoundsOrNotANumberIsRefused() {
        ScoreConfig accuracy = config("{\"name\": \"accuracy\", \"dataType\": \"NUMERIC\", \"minValue\": 0, \"maxValue\": 1}");

        assertThat(refused(() -> validation.check(numeric("accuracy", 1.5, accuracy.id()), null)))
                .isEqualTo("body.value 1.5 exceeds the maximum 1 of score config 'accuracy' (" + accuracy.id() + ")");
        assertThat(refused(() -> validation.check(numeric("accuracy", -2, accuracy.id()), null)))
                .startsWith("body.value -2 is below the minimum 0 of score config 'accuracy'");
        assertThat(refused(() -> validation.check(categorical("accuracy", "high", accuracy.id()), null)))
                .startsWith("body.value must be a number for the NUMERIC score config 'accuracy'");
    }

    @Test
    void aCategoricalLabelIsStoredWithItsValue() {
        ScoreConfig tone = config("{\"name\": \"tone\", \"dataType\": \"CATEGORICAL\", \"categories\": "
                + "[{\"label\": \"calm\", \"value\": 1}, {\"label\": \"rude\", \"value\": -1}]}");

        ScoreRow stored = validation.check(categorical("tone", "rude", tone.id()), ScoreDataType.CATEGORICAL);

        assertThat(stored.stringValue()).isEqualTo("rude");
        assertThat(stored.value()).isEqualTo(-1);
        assertThat(stored.dataType()).isEqualTo(ScoreDataType.CATEGORICAL);
        assertThat(refused(() -> validation.check(categorical("tone", "angry", tone.id()), null)))
                .isEqualTo("body.value 'angry' is not a category of score config 'tone' (" + tone.id() + "); use one of ['calm', 'rude']");
        assertThat(refused(() -> validation.check(numeric("tone", 1, tone.id()), null)))
                .startsWith("body.value must be one of the category labels (a string)");
    }

    @Test
    void aNumberForABooleanConfigBecomesABooleanScore() {
        ScoreConfig helpful = config("{\"name\": \"helpful\", \"dataType\": \"BOOLEAN\"}");

        ScoreRow inferred = validation.check(numeric("helpful", 1, helpful.id()), null);
        ScoreRow named = validation.check(bool("helpful", 0, helpful.id()), ScoreDataType.BOOLEAN);

        assertThat(inferred.dataType()).isEqualTo(ScoreDataType.BOOLEAN);
        assertThat(inferred.stringValue()).isEqualTo("True");
        assertThat(named.stringValue()).isEqualTo("False");
        assertThat(refused(() -> validation.check(numeric("helpful", 2, helpful.id()), null)))
                .startsWith("body.value must be 0 or 1 for the BOOLEAN score config 'helpful'");
        assertThat(refused(() -> validation.check(categorical("helpful", "True", helpful.id()), null)))
                .startsWith("body.value must be 0 or 1 (a number)");
    }

    @Test
    void aDataTypeTheClientNamedMustBeTheConfigs() {
        ScoreConfig helpful = config("{\"name\": \"helpful\", \"dataType\": \"BOOLEAN\"}");

        assertThat(refused(() -> validation.check(numeric("helpful", 1, helpful.id()), ScoreDataType.NUMERIC)))
                .startsWith("body.dataType NUMERIC does not match the data type BOOLEAN of score config 'helpful'");
    }

    @Test
    void anArchivedConfigTakesNoNewScores() {
        ScoreConfig accuracy = config("{\"name\": \"accuracy\", \"dataType\": \"NUMERIC\"}");
        configs.update(project, accuracy.id(), json("{\"isArchived\": true}"));

        assertThat(refused(() -> validation.check(numeric("accuracy", 1, accuracy.id()), null)))
                .contains("is archived and cannot be used for new scores");
    }

    @Test
    void aConfigOfAnotherProjectIsNotFound() {
        ScoreConfig accuracy = config("{\"name\": \"accuracy\", \"dataType\": \"NUMERIC\"}");
        ScoreRow elsewhere = new ScoreRow(otherProject, "s", T0, "t", null, null, null, "accuracy", 1, null,
                ScoreDataType.NUMERIC, ScoreSource.API, null, null, accuracy.id(), null, "default", Map.of(), 0, false);

        GlasshouseException failure = catchThrowableOfType(GlasshouseException.class, () -> validation.check(elsewhere, null));

        assertThat(failure.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure.getMessage()).isEqualTo("body.configId " + accuracy.id() + " does not match a score config in this project");
    }

    @Test
    void configBodiesAreReadAsLangfuseSendsThem() {
        assertThat(refusedConfig("{\"dataType\": \"NUMERIC\"}")).startsWith("name is required");
        assertThat(refusedConfig("{\"name\": \"x\"}")).startsWith("dataType is required");
        assertThat(refusedConfig("{\"name\": \"x\", \"dataType\": \"TEXT\"}")).startsWith("dataType TEXT is not supported");
        assertThat(refusedConfig("{\"name\": \"x\", \"dataType\": \"NUMERIC\", \"minValue\": \"0\"}"))
                .isEqualTo("minValue must be a finite number");
        assertThat(refusedConfig("{\"name\": \"x\", \"dataType\": \"CATEGORICAL\", \"categories\": [{\"label\": \"a\"}]}"))
                .startsWith("categories[0] must be");
        assertThat(catchThrowableOfType(GlasshouseException.class,
                        () -> configs.update(project, "no-such-config", json("{\"name\": \"y\"}"))).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    private ScoreConfig config(String body) {
        return configs.create(project, json(body));
    }

    private String refusedConfig(String body) {
        return refused(() -> configs.create(project, json(body)));
    }

    private ScoreRow numeric(String name, double value, String configId) {
        return score(name, value, null, ScoreDataType.NUMERIC, configId);
    }

    private ScoreRow bool(String name, double value, String configId) {
        return score(name, value, value == 1 ? "True" : "False", ScoreDataType.BOOLEAN, configId);
    }

    private ScoreRow categorical(String name, String label, String configId) {
        return score(name, 0, label, ScoreDataType.CATEGORICAL, configId);
    }

    private ScoreRow score(String name, double value, String stringValue, ScoreDataType type, String configId) {
        return new ScoreRow(project, "score-1", T0, "trace-1", null, null, null, name, value, stringValue, type,
                ScoreSource.API, null, null, configId, null, "default", Map.of(), 0, false);
    }

    private static String refused(ThrowingCallable call) {
        GlasshouseException failure = catchThrowableOfType(GlasshouseException.class, call);
        assertThat(failure).as("expected a refusal").isNotNull();
        assertThat(failure.code()).as(failure.getMessage()).isEqualTo(ErrorCode.INVALID_REQUEST);
        return failure.getMessage();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
