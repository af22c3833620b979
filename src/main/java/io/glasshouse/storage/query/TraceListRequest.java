package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * A page of traces: conditions (request parameters such as {@code userId} arrive here as
 * conditions too), an optional time range on the trace timestamp, an optional text search, the
 * sort (ties broken by id) and the field groups to fill in.
 */
public record TraceListRequest(
        PageRequest page, TimeRange range, List<FilterCondition> filters, TextSearch search, Sort sort,
        Set<TraceFieldGroup> fields) {
    public TraceListRequest {
        requireNonNull(page, "page is null");
        requireNonNull(range, "range is null");
        filters = List.copyOf(filters);
        requireNonNull(sort, "sort is null");
        fields = Set.copyOf(fields);
    }
}
