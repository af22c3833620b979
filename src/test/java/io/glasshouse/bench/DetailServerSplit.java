package io.glasshouse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scratch tool: what a trace detail costs in the server beyond its statements. Starts a server jar
 * on a bench/query data dir (trace ids drawn at random before), prints the first 35 details after start (JIT), then after 200 warm
 * requests times interleaved rounds of: a detail, a missing trace (the same three statements,
 * nothing found), {@code GET /api/public/projects} (authentication and metadata only) and
 * {@code GET /api/public/health} (no authentication).
 *   DetailServerSplit JAR DATA_DIR ROUNDS [server option...]
 */
final class DetailServerSplit {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(
            (ServerProcess.PUBLIC_KEY + ":" + ServerProcess.SECRET_KEY).getBytes(StandardCharsets.UTF_8));

    private DetailServerSplit() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[2]);
        List<String> serverOptions = new ArrayList<>(List.of("--clickhouse-max-memory", "4GiB"));
        serverOptions.addAll(List.of(args).subList(3, args.length));
        // Trace ids drawn at random over the 30 days, as bench/query's detail kind does (the newest
        // traces are cheaper: they lie in small compact parts); read before the server opens the dir.
        List<String> ids = new ArrayList<>();
        try (QueryDataStore.Engine engine = QueryDataStore.Engine.open(Path.of(args[1]), 4L << 30)) {
            for (var row : engine.clickHouse().query(io.glasshouse.storage.clickhouse.Sql.plain("SELECT id FROM traces"
                    + " WHERE project_id = 'p-bench' AND cityHash64(id) % 500 = 17 ORDER BY cityHash64(id, 4) LIMIT 1000")).rows()) {
                ids.add(row.get("id").asText());
            }
        }
        try (ServerProcess server = ServerProcess.start(Path.of(args[0]), List.of(), Path.of(args[1]), serverOptions)) {
            server.awaitReady(Duration.ofMinutes(2));
            URI base = server.uri("/");
            int next = 0;
            List<Long> cold = new ArrayList<>();
            for (int i = 0; i < 35; i++) {
                cold.add(nanos(base, "/api/public/traces/" + ids.get(next++)) / 1_000_000);
            }
            System.out.println("first 35 details after start (ms): " + cold);
            for (int i = 0; i < 200; i++) {
                nanos(base, "/api/public/traces/" + ids.get(next++));
            }
            Map<String, List<Long>> times = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                times.computeIfAbsent("detail", k -> new ArrayList<>())
                        .add(nanos(base, "/api/public/traces/" + ids.get(next++ % ids.size())));
                times.computeIfAbsent("missing trace (404, same 3 statements)", k -> new ArrayList<>())
                        .add(nanos(base, "/api/public/traces/no-such-" + round));
                times.computeIfAbsent("projects (authentication, metadata)", k -> new ArrayList<>())
                        .add(nanos(base, "/api/public/projects"));
                times.computeIfAbsent("health (no authentication)", k -> new ArrayList<>())
                        .add(nanos(base, "/api/public/health"));
            }
            times.forEach((name, values) -> {
                Collections.sort(values);
                System.out.printf("%-45s p50 %5.1f p90 %5.1f p95 %5.1f ms%n", name, values.get(values.size() / 2) / 1e6,
                        values.get(values.size() * 9 / 10) / 1e6, values.get(values.size() * 95 / 100) / 1e6);
            });
            server.stop(Duration.ofSeconds(60));
        }
    }

    /** Nanoseconds from sending the request to having parsed the whole response. */
    private static long nanos(URI base, String path) throws Exception {
        long start = System.nanoTime();
        JSON.readTree(get(base, path).body());
        return System.nanoTime() - start;
    }

    private static HttpResponse<byte[]> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", AUTH).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
