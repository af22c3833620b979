package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.Project;
import io.glasshouse.query.TraceDeletion;
import io.glasshouse.storage.EventQueries;
import java.util.Optional;
import java.util.function.Function;

/** What the read API's routes need beyond the event store: list queries, trace deletion, project look-up. */
public record ReadApi(EventQueries queries, TraceDeletion deletion, Function<String, Optional<Project>> projects) {
    public ReadApi {
        requireNonNull(queries, "queries is null");
        requireNonNull(deletion, "deletion is null");
        requireNonNull(projects, "projects is null");
    }
}
