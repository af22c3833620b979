package io.glasshouse.ingest.langfuse;

import io.glasshouse.ingest.ObservationPatch;
import io.glasshouse.ingest.TracePatch;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.ScoreRow;

/** One valid ingestion event, turned into what it says. */
sealed interface ParsedEvent {
    String envelopeId();

    record Trace(String envelopeId, TracePatch patch) implements ParsedEvent {}

    record Observation(String envelopeId, ObservationPatch patch) implements ParsedEvent {}

    /**
     * A score row still without its event version.
     *
     * @param sentDataType the data type the client named; null when it was inferred from the value
     */
    record Score(String envelopeId, ScoreRow score, ScoreDataType sentDataType) implements ParsedEvent {}

    /** SDK diagnostics: accepted and stored nowhere. */
    record SdkLog(String envelopeId) implements ParsedEvent {}
}
