package io.glasshouse.ingest;

import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.ProjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Readable builders for trace and observation patches; unset fields are "not said". */
final class TestingPatches {
    static final ProjectId PROJECT = new ProjectId("merge-tests");

    private TestingPatches() {}

    static Instant at(String time) {
        return Instant.parse("2026-03-01T" + time + "Z");
    }

    static Trace trace(String id, String eventTime) {
        return new Trace(id, at(eventTime));
    }

    static Observation create(String id, String eventTime) {
        return new Observation(id, false, at(eventTime));
    }

    static Observation update(String id, String eventTime) {
        return new Observation(id, true, at(eventTime));
    }

    static final class Trace {
        ProjectId project = PROJECT;
        final String id;
        final Instant eventTime;
        Instant timestamp;
        String name;
        String userId;
        String sessionId;
        String environment;
        String release;
        String version;
        String input;
        String output;
        Map<String, String> metadata;
        List<String> tags;
        Boolean isPublic;
        boolean update;

        Trace(String id, Instant eventTime) {
            this.id = id;
            this.eventTime = eventTime;
        }

        Trace project(ProjectId value) { project = value; return this; }
        Trace timestamp(Instant value) { timestamp = value; return this; }
        Trace name(String value) { name = value; return this; }
        Trace userId(String value) { userId = value; return this; }
        Trace sessionId(String value) { sessionId = value; return this; }
        Trace environment(String value) { environment = value; return this; }
        Trace release(String value) { release = value; return this; }
        Trace input(String value) { input = value; return this; }
        Trace output(String value) { output = value; return this; }
        Trace metadata(Map<String, String> value) { metadata = value; return this; }
        Trace tags(String... values) { tags = List.of(values); return this; }
        Trace isPublic(boolean value) { isPublic = value; return this; }
        Trace asUpdate() { update = true; return this; }

        TracePatch build() {
            return new TracePatch(project, id, eventTime, timestamp, name, userId, sessionId, environment, release,
                    version, input, output, metadata, tags, isPublic, update);
        }
    }

    static final class Observation {
        ProjectId project = PROJECT;
        final String id;
        final boolean update;
        final Instant eventTime;
        String traceId;
        ObservationType type;
        String parentObservationId;
        String name;
        String environment;
        Instant startTime;
        Instant endTime;
        Instant completionStartTime;
        ObservationLevel level;
        String statusMessage;
        String input;
        String output;
        Map<String, String> metadata;
        String model;
        String modelParameters;
        Map<String, Long> usage;
        Map<String, BigDecimal> cost;
        String promptName;
        Integer promptVersion;

        Observation(String id, boolean update, Instant eventTime) {
            this.id = id;
            this.update = update;
            this.eventTime = eventTime;
        }

        Observation project(ProjectId value) { project = value; return this; }
        Observation traceId(String value) { traceId = value; return this; }
        Observation type(ObservationType value) { type = value; return this; }
        Observation parent(String value) { parentObservationId = value; return this; }
        Observation name(String value) { name = value; return this; }
        Observation environment(String value) { environment = value; return this; }
        Observation startTime(Instant value) { startTime = value; return this; }
        Observation endTime(Instant value) { endTime = value; return this; }
        Observation level(ObservationLevel value) { level = value; return this; }
        Observation statusMessage(String value) { statusMessage = value; return this; }
        Observation input(String value) { input = value; return this; }
        Observation output(String value) { output = value; return this; }
        Observation metadata(Map<String, String> value) { metadata = value; return this; }
        Observation model(String value) { model = value; return this; }
        Observation usage(Map<String, Long> value) { usage = value; return this; }
        Observation cost(Map<String, BigDecimal> value) { cost = value; return this; }
        Observation prompt(String name, int version) { promptName = name; promptVersion = version; return this; }

        ObservationPatch build() {
            return new ObservationPatch(project, id, traceId, update, eventTime, type, parentObservationId, name,
                    environment, startTime, endTime, completionStartTime, level, statusMessage, null, input, output,
                    metadata, model, modelParameters, usage, cost, promptName, promptVersion, null, null);
        }
    }
}
