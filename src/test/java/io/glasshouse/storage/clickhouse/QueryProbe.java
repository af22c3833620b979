package io.glasshouse.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.bench.QueryDatasetAccess;

import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.Sort;
import io.glasshouse.storage.query.TextSearch;
import io.glasshouse.storage.query.TimeRange;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceListRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * Scratch tool: runs the server's trace reads in process on a data dir — a search (page 1 of 50,
 * newest first, over the bench's 30 days) for each needle, or "list", "user=ID", "env=NAME[@PAGE]",
 * "detail=TRACE_ID" — printing every statement sent with its time, engine time and rows read, so
 * one can see which step sets the latency. Without requests it searches for the bench's needles.
 *   QueryProbe DATA_DIR [repeat] [request...]
 */
final class QueryProbe {
    private static final java.util.concurrent.atomic.AtomicLong BYTES = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong ROWS = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong ENGINE_MS = new java.util.concurrent.atomic.AtomicLong();

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> needles = args.length > 2 ? List.of(args).subList(2, args.length)
                : QueryDatasetAccess.needles();
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        ChdbEngine engine = ChdbEngine.start(library, dataDir.resolve("clickhouse"), List.of("max_server_memory_usage=" + (4L << 30)));
        try (EmbeddedClickHouse ch = new EmbeddedClickHouse(engine, "glasshouse", 4, Duration.ofMinutes(30))) {
            new ClickHouseSchema(ch, SchemaDialect.singleNode()).migrate();
            Timed timed = new Timed(ch);
            ClickHouseEventQueries queries = new ClickHouseEventQueries(timed);
            ClickHouseEventStore store = new ClickHouseEventStore(timed);
            for (int i = 0; i < repeat; i++) {
                for (String needle : needles) {
                    BYTES.set(0);
                    ROWS.set(0);
                    ENGINE_MS.set(0);
                    long t0 = System.nanoTime();
                    String outcome;
                    if (needle.startsWith("detail=")) {
                        var detail = store.findTraceDetail(new ProjectId("p-bench"), needle.substring(7)).orElseThrow();
                        outcome = detail.observations().size() + " observations, " + detail.scores().size() + " scores";
                    } else {
                        var page = queries.listTraces(new ProjectId("p-bench"), request(needle));
                        outcome = page.items().size() + " items, total " + page.totalItems();
                    }
                    System.out.printf("== %s: %d ms, %s; engine %d ms, read %d rows, %.1f MiB%n", needle,
                            (System.nanoTime() - t0) / 1_000_000, outcome, ENGINE_MS.get(), ROWS.get(), BYTES.get() / 1048576.0);
                }
            }
        } finally {
            engine.close();
        }
    }

    // "list" (unfiltered, newest first, all time), "user=<id>", "env=<name>[@page]", else a search needle over the bench's 30 days.
    private static TraceListRequest request(String spec) {
        List<FilterCondition> filters = new java.util.ArrayList<>();
        int page = 1;
        TextSearch search = null;
        TimeRange range = new TimeRange(null, null);
        if (spec.startsWith("user=")) {
            filters.add(FilterCondition.of("userId", FilterType.STRING, FilterOperator.EQUALS, spec.substring(5)));
        } else if (spec.startsWith("env=")) {
            String[] parts = spec.substring(4).split("@");
            filters.add(FilterCondition.of("environment", FilterType.STRING_OPTIONS, FilterOperator.ANY_OF, List.of(parts[0])));
            page = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
        } else if (!spec.equals("list")) {
            search = new TextSearch(spec, TextSearch.Type.SUBSTRING);
            range = new TimeRange(QueryDatasetAccess.START, QueryDatasetAccess.END);
        }
        return new TraceListRequest(new PageRequest(page, 50), range, filters, search, new Sort("timestamp", true),
                EnumSet.allOf(TraceFieldGroup.class));
    }

    private record Timed(EmbeddedClickHouse inner) implements ForwardingClickHouse {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public QueryResult query(Sql sql) {
            long t0 = System.nanoTime();
            byte[] out = inner.query(sql, "JSON");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            QueryResult r = QueryResult.parse(out);
            JsonNode stats;
            try {
                stats = JSON.readTree(out).path("statistics");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            BYTES.addAndGet(stats.path("bytes_read").asLong());
            ROWS.addAndGet(stats.path("rows_read").asLong());
            ENGINE_MS.addAndGet((long) (stats.path("elapsed").asDouble() * 1000));
            String text = sql.text().replaceAll("\\s+", " ");
            System.out.printf("   %5d ms (engine %4.0f) %6d rows  read %9d rows %8.1f MiB  %s%n", ms,
                    stats.path("elapsed").asDouble() * 1000, r.rows().size(), stats.path("rows_read").asLong(),
                    stats.path("bytes_read").asLong() / 1048576.0,
                    System.getenv("PROBE_FULL") != null ? text + " " + sql.parameters() : text.substring(0, Math.min(140, text.length())));
            return r;
        }
    }
}
