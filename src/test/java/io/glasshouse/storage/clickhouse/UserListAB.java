package io.glasshouse.storage.clickhouse;

import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.query.FilterCondition;
import io.glasshouse.storage.query.FilterOperator;
import io.glasshouse.storage.query.FilterType;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.Sort;
import io.glasshouse.storage.query.TimeRange;
import io.glasshouse.storage.query.TraceFieldGroup;
import io.glasshouse.storage.query.TraceListRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * Scratch tool: a userId trace list (page 1 of 50, every field group, as bench/query's "user" kind)
 * through TraceListQuery with the trace_versions path (A) and without it (B: the key-table paths
 * over traces beside the FINAL total), interleaved A, B, A, B over users drawn from the data, each
 * request with an empty totals cache. Prints wall p50/p90 and the process CPU per request (the
 * engine runs in process, so this includes its threads).
 * With "session" as the fourth argument, the same for sessionId lists (trace_session_keys).
 *   UserListAB DATA_DIR USERS [SEED [session]]
 */
final class UserListAB {
    private UserListAB() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int users = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        boolean sessions = args.length > 3 && args[3].equals("session");
        String table = sessions ? "trace_session_keys" : "trace_user_keys";
        String column = sessions ? "session_id" : "user_id";
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LibchdbLocator.Library library = LibchdbLocator.pinned().locate(null, System.getenv());
        ChdbEngine engine = ChdbEngine.start(library, dataDir.resolve("clickhouse"), List.of("max_server_memory_usage=" + (4L << 30)));
        try (EmbeddedClickHouse ch = new EmbeddedClickHouse(engine, "glasshouse", 4, Duration.ofMinutes(30))) {
            new ClickHouseSchema(ch, SchemaDialect.singleNode()).migrate();
            ProjectId project = new ProjectId("p-bench");
            List<String> ids = ch.query(Sql.of("SELECT DISTINCT " + column + " AS u FROM " + table + " WHERE project_id = 'p-bench'"
                    + " ORDER BY cityHash64(" + column + ", {seed:UInt64}) LIMIT {n:UInt32}").bind("seed", seed).bind("n", users + 3).build())
                    .rows().stream().map(row -> row.get("u").asText()).toList();
            String[] names = {"A trace_versions", "B traces + FINAL"};
            List<List<Long>> walls = List.of(new ArrayList<>(), new ArrayList<>());
            long[] cpu = new long[2];
            for (int i = 0; i < ids.size(); i++) {
                for (int variant = 0; variant < 2; variant++) {
                    int v = (i % 2 == 0) ? variant : 1 - variant;
                    CandidateKeys keys = new CandidateKeys(ch, CandidateKeys.ONE_STATEMENT, CandidateKeys.MAX_CANDIDATES, v == 0);
                    TraceListQuery list = new TraceListQuery(ch, new TraceTotals(), keys);
                    TraceListRequest request = new TraceListRequest(new PageRequest(1, 50), TimeRange.ALL,
                            List.of(FilterCondition.of(sessions ? "sessionId" : "userId", FilterType.STRING, FilterOperator.EQUALS, ids.get(i))), null,
                            new Sort("timestamp", true), EnumSet.allOf(TraceFieldGroup.class));
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    var page = list.list(project, request);
                    long wall = System.nanoTime() - t0;
                    long used = os.getProcessCpuTime() - c0;
                    if (i < 3) {
                        System.out.printf("warm-up %s %s: %d items, total %d%n", names[v], ids.get(i), page.items().size(), page.totalItems());
                        continue;
                    }
                    walls.get(v).add(wall / 1_000_000);
                    cpu[v] += used;
                }
            }
            for (int v = 0; v < 2; v++) {
                List<Long> w = walls.get(v);
                Collections.sort(w);
                System.out.printf("%s: %d requests, wall p50 %d ms, p90 %d ms, CPU per request %.1f ms%n", names[v], w.size(),
                        w.get(w.size() / 2), w.get(w.size() * 9 / 10), cpu[v] / 1e6 / w.size());
            }
        }
    }
}
