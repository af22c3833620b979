package io.glasshouse.bench;

import java.time.Instant;
import java.util.List;

/** The bench dataset's range and needles, for scratch tools in other packages (QueryProbe). */
public final class QueryDatasetAccess {
    private QueryDatasetAccess() {}

    public static final Instant START = QueryDataset.START;
    public static final Instant END = QueryDataset.END;

    public static List<String> needles() {
        return QueryDataset.NEEDLES.stream().map(QueryDataset.Needle::word).toList();
    }
}
