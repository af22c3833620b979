package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Observations newest start first (ties by id), filtered by conditions over observation columns
 * and over their trace's columns ({@code userId}, {@code sessionId}, {@code traceName},
 * {@code traceTags}), an optional start-time range and text search. Either page-based
 * ({@code page}) or after a cursor ({@code after}); {@code withIo} says whether input, output and
 * metadata are read.
 */
public record ObservationListRequest(
        PageRequest page, ObservationCursor after, int limit, TimeRange range, List<FilterCondition> filters,
        TextSearch search, boolean withIo) {
    public ObservationListRequest {
        requireNonNull(range, "range is null");
        filters = List.copyOf(filters);
        if (page != null && after != null) {
            throw new IllegalArgumentException("page and cursor exclude each other");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit starts at 1");
        }
    }
}
