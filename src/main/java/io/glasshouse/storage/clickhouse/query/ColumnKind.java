package io.glasshouse.storage.clickhouse.query;

import io.glasshouse.storage.query.FilterType;
import java.util.EnumSet;
import java.util.Set;

/** What a catalogue column holds in ClickHouse, which decides the filter types it takes. */
public enum ColumnKind {
    STRING(EnumSet.of(FilterType.STRING, FilterType.STRING_OPTIONS, FilterType.CATEGORY_OPTIONS, FilterType.NULL)),
    NUMBER(EnumSet.of(FilterType.NUMBER, FilterType.NULL)),
    DATETIME(EnumSet.of(FilterType.DATETIME, FilterType.NULL)),
    BOOLEAN(EnumSet.of(FilterType.BOOLEAN)),
    STRING_ARRAY(EnumSet.of(FilterType.ARRAY_OPTIONS, FilterType.NULL)),
    /** {@code Map(String, String)}: metadata; numberObject reads the value as a number. */
    STRING_MAP(EnumSet.of(FilterType.STRING_OBJECT, FilterType.NUMBER_OBJECT, FilterType.NULL)),
    /** {@code Map(String, number)}: usage and cost details. */
    NUMBER_MAP(EnumSet.of(FilterType.NUMBER_OBJECT, FilterType.NULL));

    private final Set<FilterType> filterTypes;

    ColumnKind(Set<FilterType> filterTypes) {
        this.filterTypes = Set.copyOf(filterTypes);
    }

    public Set<FilterType> filterTypes() {
        return filterTypes;
    }
}
