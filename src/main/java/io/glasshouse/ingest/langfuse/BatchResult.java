package io.glasshouse.ingest.langfuse;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one batch, in Langfuse's HTTP 207 shape:
 * {@code {"successes": [{"id", "status": 201}], "errors": [{"id", "status", "message", "error"}]}}.
 * Serialise it as is (the record components are the JSON fields).
 */
public record BatchResult(List<Success> successes, List<Failure> errors) {
    public BatchResult {
        successes = List.copyOf(successes);
        errors = List.copyOf(errors);
    }

    /** An event that was stored (or was a repeat of one already stored). */
    public record Success(String id, int status) {
        public Success {
            requireNonNull(id, "id is null");
        }
    }

    /**
     * An event that was refused; the rest of the batch is unaffected.
     *
     * @param id the event's envelope id, or "unknown" when it had none
     * @param status 400 for an invalid event, 404 when it refers to something that does not exist
     * @param message what was wrong, naming the field
     * @param error the error code (INVALID_REQUEST, NOT_FOUND)
     */
    public record Failure(String id, int status, String message, String error) {
        public Failure {
            requireNonNull(id, "id is null");
            requireNonNull(message, "message is null");
            requireNonNull(error, "error is null");
        }
    }
}
