package io.glasshouse.ingest.langfuse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Validates one event of a batch against Langfuse's schema for its type and maps it. Every
 * failure is a {@link GlasshouseException} INVALID_REQUEST whose message names the field.
 */
final class EventParser {
    static final int MAX_TRACE_NAME_LENGTH = 1000;
    static final String UNKNOWN_ID = "unknown";

    private enum LegacyObservationType {
        GENERATION,
        SPAN,
        EVENT
    }

    private static final String KNOWN_TYPES = Arrays.stream(LangfuseEventType.values())
            .map(LangfuseEventType::wireName)
            .collect(Collectors.joining(", "));

    private final FieldText text;
    private final ScoreParser scores;

    EventParser(FieldText text) {
        this.text = requireNonNull(text, "text is null");
        this.scores = new ScoreParser();
    }

    /** The id to report an event's outcome under: its envelope id when that is a string. */
    static String reportedId(JsonNode event) {
        JsonNode id = event == null ? null : event.get("id");
        return id != null && id.isTextual() ? id.textValue() : UNKNOWN_ID;
    }

    /** The event's type for messages: its "type" when that is a string. */
    static String reportedType(JsonNode event) {
        JsonNode type = event == null ? null : event.get("type");
        return type != null && type.isTextual() ? type.textValue() : "events of unknown type";
    }

    /** The envelope id, which de-duplicates retries; fails unless it is a valid id. */
    static String envelopeId(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw GlasshouseException.invalid("each event must be an object, got " + BodyFields.typeOf(event));
        }
        JsonNode id = event.get("id");
        if (id == null || id.isNull()) {
            throw GlasshouseException.invalid("id is required: every event needs a unique id");
        }
        if (!id.isTextual()) {
            throw GlasshouseException.invalid("id must be a string, got " + BodyFields.typeOf(id));
        }
        return BodyFields.checkedId("id", FieldText.wellFormed(id.textValue()));
    }

    ParsedEvent parse(ProjectId project, String envelopeId, JsonNode event) {
        Instant timestamp = timestamp(event);
        LangfuseEventType type = type(event);
        BodyFields body = BodyFields.of(event.get("body"), "body", text);
        return switch (type.kind()) {
            case TRACE -> new ParsedEvent.Trace(envelopeId, trace(project, timestamp, body));
            case OBSERVATION -> new ParsedEvent.Observation(envelopeId, observation(project, type, timestamp, body));
            case SCORE -> scores.score(project, envelopeId, timestamp, body);
            case SDK_LOG -> {
                if (!body.has("log")) {
                    throw GlasshouseException.invalid("body.log is required for sdk-log events");
                }
                yield new ParsedEvent.SdkLog(envelopeId);
            }
        };
    }

    /** A score-create body on its own (Langfuse's POST /api/public/scores), timed {@code timestamp}. */
    ParsedEvent.Score score(ProjectId project, String envelopeId, Instant timestamp, JsonNode body) {
        return scores.score(project, envelopeId, timestamp, BodyFields.of(body, "body", text));
    }

    private static Instant timestamp(JsonNode event) {
        JsonNode timestamp = event.get("timestamp");
        if (timestamp == null || timestamp.isNull()) {
            throw GlasshouseException.invalid("timestamp is required: when the event happened, e.g. 2026-01-31T12:00:00.000Z");
        }
        return BodyFields.instant("timestamp", timestamp);
    }

    private static LangfuseEventType type(JsonNode event) {
        JsonNode type = event.get("type");
        if (type == null || type.isNull()) {
            throw GlasshouseException.invalid("type is required; one of " + KNOWN_TYPES);
        }
        if (!type.isTextual()) {
            throw GlasshouseException.invalid("type must be a string, got " + BodyFields.typeOf(type));
        }
        LangfuseEventType known = LangfuseEventType.byWireName(type.textValue());
        if (known != null) {
            return known;
        }
        if (type.textValue().equals("dataset-run-item-create")) {
            throw GlasshouseException.invalid("dataset-run-item-create is accepted from Langfuse itself only; "
                    + "create dataset run items with POST /api/public/dataset-run-items");
        }
        String name = type.textValue().length() <= 40 ? type.textValue() : type.textValue().substring(0, 40) + "…";
        throw GlasshouseException.invalid("type \"" + name + "\" is not an ingestion event type; one of " + KNOWN_TYPES);
    }

    private TracePatch trace(ProjectId project, Instant timestamp, BodyFields body) {
        String name = body.string("name");
        if (name != null && name.length() > MAX_TRACE_NAME_LENGTH) {
            throw GlasshouseException.invalid("body.name must be at most " + MAX_TRACE_NAME_LENGTH
                    + " characters, got " + name.length());
        }
        Instant traceTimestamp = body.instant("timestamp");
        TracePatch patch = new TracePatch(
                project,
                body.id("id", true),
                timestamp,
                traceTimestamp,
                name,
                body.text("userId"),
                body.text("sessionId"),
                body.environment("environment"),
                body.text("release"),
                body.text("version"),
                body.json("input"),
                body.json("output"),
                body.metadata("metadata"),
                body.strings("tags"),
                body.bool("public"));
        // The SDKs' trace.update() sends trace-create with the changed fields only, and no timestamp.
        return traceTimestamp == null ? patch.asUpdate() : patch;
    }

    private ObservationPatch observation(ProjectId project, LangfuseEventType type, Instant timestamp, BodyFields body) {
        ObservationType observationType = type.observationType();
        if (observationType == null) {
            LegacyObservationType legacy = body.oneOf("type", LegacyObservationType.class);
            if (legacy == null) {
                throw GlasshouseException.invalid("body.type is required for " + type.wireName()
                        + " events; one of " + Arrays.toString(LegacyObservationType.values()));
            }
            observationType = ObservationType.valueOf(legacy.name());
        }
        String id = body.id("id", true);
        String traceId = body.id("traceId", false);
        String environment = type.body() == LangfuseEventType.Body.LEGACY_OBSERVATION ? null : body.environment("environment");
        Instant endTime = type.hasEndTime() ? body.instant("endTime") : null;
        Instant completionStartTime = null;
        String model = null;
        String modelParameters = null;
        UsageFields.Sent usage = new UsageFields.Sent(null, null);
        String promptName = null;
        Integer promptVersion = null;
        if (type.hasGenerationFields()) {
            completionStartTime = body.instant("completionStartTime");
            model = body.text("model");
            BodyFields parameters = body.object("modelParameters");
            modelParameters = parameters == null ? null : body.json("modelParameters");
            usage = UsageFields.read(body);
        }
        if (type.body() == LangfuseEventType.Body.GENERATION) {
            promptName = body.text("promptName");
            promptVersion = body.integer("promptVersion");
            if ((promptName == null || promptName.isEmpty()) != (promptVersion == null || promptVersion == 0)) {
                throw GlasshouseException.invalid("body.promptName and body.promptVersion must be sent together");
            }
            if (promptVersion != null && promptVersion < 0) {
                throw GlasshouseException.invalid("body.promptVersion must not be negative");
            }
            if (promptName == null || promptName.isEmpty()) {
                promptName = null;
                promptVersion = null;
            }
        }
        return new ObservationPatch(
                project,
                id,
                traceId,
                type.update(),
                timestamp,
                observationType,
                body.string("parentObservationId"),
                body.text("name"),
                environment,
                body.instant("startTime"),
                endTime,
                completionStartTime,
                body.oneOf("level", ObservationLevel.class),
                body.text("statusMessage"),
                body.text("version"),
                body.json("input"),
                body.json("output"),
                body.metadata("metadata"),
                model,
                modelParameters,
                usage.usage(),
                usage.cost(),
                promptName,
                promptVersion,
                null,
                null);
    }
}
