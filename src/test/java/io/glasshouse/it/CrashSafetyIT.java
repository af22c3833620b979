package io.glasshouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means stored, whatever happens next: two writers (the Langfuse batch API and
 * OTLP/HTTP) send numbered events while the server is killed with SIGKILL at random moments,
 * then restarted on the same data dir. After the last restart every acknowledged event must be
 * readable through the API exactly once. Events not acknowledged may or may not be there, but
 * never twice, and nothing that was never sent may appear.
 *
 * <p>Each batch event n is a trace {@code crash-b-n} (its presence is checked with GET) plus a
 * span {@code crash-b-n} in a ledger trace shared by 200 events, whose observation list counts
 * it. Each OTLP span n lands in a ledger trace the same way. Unacknowledged requests are retried
 * with the same ids after the restart, as SDKs do, so a request that was stored but whose answer
 * was lost shows whether retries can duplicate.
 *
 * <p>The seed is printed; rerun one schedule with {@code -Dcrash.seed=...}.
 */
class CrashSafetyIT {
    private static final int WRITING_CYCLES = 10;
    private static final int STARTUP_CYCLES = 2;
    private static final int MAX_KILL_DELAY_MS = 2500;
    private static final int LEDGER_SIZE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** What one writer sent and what was acknowledged; shared between cycles. */
    private static final class Ledger {
        final Set<Integer> sent = ConcurrentHashMap.newKeySet();
        final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        volatile List<Integer> pending = List.of(); // the last unacknowledged request, retried first
        int next;
        int requests;
        int retries;
    }

    private record KillPoint(int cycle, String phase, long afterMillis, int batchAcknowledged, int otlpAcknowledged) {}

    @Test
    void everyAcknowledgedEventSurvivesRandomKillsExactlyOnce() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.printf("CrashSafetyIT seed %d (rerun with -Dcrash.seed=%d)%n", seed, seed);
        Random random = new Random(seed);
        List<String> flags = List.of("--data-dir", temp.resolve("data").toString(), "--flush-interval-ms", "50");
        long started = System.nanoTime();

        List<Boolean> plan = new ArrayList<>(); // true: kill while writing; false: kill during start-up
        for (int i = 0; i < WRITING_CYCLES; i++) {
            plan.add(true);
        }
        for (int i = 0; i < STARTUP_CYCLES; i++) {
            plan.add(1 + random.nextInt(plan.size()), false);
        }

        Ledger batch = new Ledger();
        Ledger otlp = new Ledger();
        List<KillPoint> kills = new ArrayList<>();
        for (int cycle = 0; cycle < plan.size(); cycle++) {
            try (TestingServerProcess server = TestingServerProcess.start(flags, TestingIngestClient.INIT)) {
                if (!plan.get(cycle)) {
                    long delay = 300 + random.nextInt(1700);
                    Thread.sleep(delay);
                    server.kill();
                    kills.add(new KillPoint(cycle, "start-up", delay, batch.acknowledged.size(), otlp.acknowledged.size()));
                    continue;
                }
                server.awaitReady(Duration.ofSeconds(60));
                long delay = random.nextInt(MAX_KILL_DELAY_MS);
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService writers = Executors.newFixedThreadPool(2);
                Random batchRandom = new Random(random.nextLong());
                Random otlpRandom = new Random(random.nextLong());
                Future<?> batchWriter = writers.submit(() -> writeBatches(server.uri("/"), batch, batchRandom, stop));
                Future<?> otlpWriter = writers.submit(() -> writeSpans(server.uri("/"), otlp, otlpRandom, stop));
                Thread.sleep(delay);
                server.kill();
                kills.add(new KillPoint(cycle, "writing", delay, batch.acknowledged.size(), otlp.acknowledged.size()));
                stop.set(true);
                writers.shutdown();
                assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).as("writers stop once the server is gone").isTrue();
                batchWriter.get();
                otlpWriter.get();
            }
        }
        long writingMillis = (System.nanoTime() - started) / 1_000_000;

        try (TestingServerProcess server = TestingServerProcess.start(flags, TestingIngestClient.INIT)) {
            Duration ready = server.awaitReady(Duration.ofSeconds(60));
            long verifyStarted = System.nanoTime();
            Reader reader = new Reader(server.uri("/"));
            List<String> missingTraces = reader.missingBatchTraces(batch.acknowledged);
            LedgerCheck batchCheck = reader.checkLedgers(batch, CrashSafetyIT::batchLedgerTraceId, n -> "crash-b-" + n);
            LedgerCheck otlpCheck = reader.checkLedgers(otlp, CrashSafetyIT::otlpLedgerTraceId, CrashSafetyIT::spanId);
            long verifyMillis = (System.nanoTime() - verifyStarted) / 1_000_000;

            System.out.printf("cycles: %d (%d killed while writing, %d during start-up); kill points:%n",
                    plan.size(), WRITING_CYCLES, STARTUP_CYCLES);
            kills.forEach(k -> System.out.printf("  cycle %2d: SIGKILL %4d ms into %-8s (acknowledged so far: batch %d, otlp %d)%n",
                    k.cycle(), k.afterMillis(), k.phase(), k.batchAcknowledged(), k.otlpAcknowledged()));
            report("batch", batch, batchCheck);
            report("otlp", otlp, otlpCheck);
            System.out.printf("writing phase %d ms; final start %d ms; verification %d ms%n",
                    writingMillis, ready.toMillis(), verifyMillis);

            assertThat(batch.acknowledged.size()).as("batch events acknowledged").isGreaterThan(0);
            assertThat(otlp.acknowledged.size()).as("OTLP spans acknowledged").isGreaterThan(0);
            assertThat(batch.unexpected).as("answers no valid request should get").isEmpty();
            assertThat(otlp.unexpected).as("answers no valid request should get").isEmpty();
            assertThat(missingTraces).as("acknowledged batch traces missing after the last restart").isEmpty();
            for (LedgerCheck check : List.of(batchCheck, otlpCheck)) {
                assertThat(check.missing()).as("acknowledged events missing").isEmpty();
                assertThat(check.duplicated()).as("events present more than once").isEmpty();
                assertThat(check.neverSent()).as("events present that were never sent").isEmpty();
            }
            assertThat(server.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
        }
    }

    private static void report(String writer, Ledger ledger, LedgerCheck check) {
        System.out.printf("%s: %d requests (%d retries), %d events sent, %d acknowledged, %d present, "
                        + "%d unacknowledged but present; statuses %s%n",
                writer, ledger.requests, ledger.retries, ledger.sent.size(), ledger.acknowledged.size(), check.present(),
                check.presentUnacknowledged(), new TreeMap<>(ledger.statuses));
    }

    static String batchLedgerTraceId(int n) {
        return "crash-ledger-" + n / LEDGER_SIZE;
    }

    static String otlpLedgerTraceId(int n) {
        return String.format("c0ffee00000000000000%012x", n / LEDGER_SIZE + 1);
    }

    static String spanId(int n) {
        return String.format("%016x", n + 1);
    }

    // --- writers ---------------------------------------------------------------------------

    private static List<Integer> nextRequest(Ledger ledger, Random random) {
        if (!ledger.pending.isEmpty()) {
            ledger.retries++;
            return ledger.pending;
        }
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
            numbers.add(ledger.next++);
        }
        return numbers;
    }

    private static Void writeBatches(URI base, Ledger ledger, Random random, AtomicBoolean stop) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        while (!stop.get()) {
            List<Integer> numbers = nextRequest(ledger, random);
            ledger.sent.addAll(numbers);
            ledger.requests++;
            try {
                ObjectNode body = batchBody(numbers);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/public/ingestion"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", TestingIngestClient.authorization())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                ledger.statuses.merge(response.statusCode(), 1, Integer::sum);
                if (TestingIngestClient.allSucceeded(response)
                        && JSON.readTree(response.body()).path("successes").size() == body.path("batch").size()) {
                    ledger.acknowledged.addAll(numbers);
                    ledger.pending = List.of();
                    continue;
                }
                ledger.pending = numbers;
                if (response.statusCode() != 429 && response.statusCode() != 503) {
                    ledger.unexpected.add(response.statusCode() + " " + response.body());
                }
            } catch (Exception killed) {
                ledger.pending = numbers; // the server went away: not acknowledged
                pause();
            }
        }
        return null;
    }

    // Per event n: its trace, and its entry in the ledger trace (created too: a span alone makes no trace).
    private static ObjectNode batchBody(List<Integer> numbers) {
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode events = envelope.putArray("batch");
        String now = Instant.now().toString();
        numbers.stream().map(CrashSafetyIT::batchLedgerTraceId).distinct().forEach(ledgerId -> {
            ObjectNode ledger = events.addObject().put("id", "ev-" + ledgerId + "-" + numbers.getFirst())
                    .put("type", "trace-create").put("timestamp", now);
            ledger.putObject("body").put("id", ledgerId).put("name", "ledger");
        });
        for (int n : numbers) {
            ObjectNode trace = events.addObject().put("id", "ev-b-" + n + "-trace").put("type", "trace-create").put("timestamp", now);
            trace.putObject("body").put("id", "crash-b-" + n).put("name", "crash").put("input", "question " + n);
            ObjectNode span = events.addObject().put("id", "ev-b-" + n + "-span").put("type", "span-create").put("timestamp", now);
            span.putObject("body").put("id", "crash-b-" + n).put("traceId", batchLedgerTraceId(n)).put("name", "ledger entry")
                    .put("startTime", now);
        }
        return envelope;
    }

    private static Void writeSpans(URI base, Ledger ledger, Random random, AtomicBoolean stop) {
        TestingOtlpClient client = new TestingOtlpClient(base);
        TestingOtlpClient.Encoding[] encodings = TestingOtlpClient.Encoding.values();
        while (!stop.get()) {
            List<Integer> numbers = nextRequest(ledger, random);
            // One trace per request keeps the spans of a request in one ledger.
            List<Integer> sameLedger = numbers.stream()
                    .filter(n -> n / LEDGER_SIZE == numbers.getFirst() / LEDGER_SIZE).toList();
            if (sameLedger.size() < numbers.size()) {
                ledger.next = numbers.getFirst() + sameLedger.size();
            }
            ledger.sent.addAll(sameLedger);
            ledger.requests++;
            TestingOtlpClient.Encoding encoding = encodings[random.nextInt(encodings.length)];
            try {
                HttpResponse<byte[]> response = client.export(TestingOtlpClient.spans(
                        otlpLedgerTraceId(sameLedger.getFirst()), sameLedger.stream().map(CrashSafetyIT::spanId).toList()), encoding);
                ledger.statuses.merge(response.statusCode(), 1, Integer::sum);
                if (TestingOtlpClient.accepted(response, encoding)) {
                    ledger.acknowledged.addAll(sameLedger);
                    ledger.pending = List.of();
                    continue;
                }
                ledger.pending = sameLedger;
                if (response.statusCode() != 429 && response.statusCode() != 503) {
                    ledger.unexpected.add(response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
                }
            } catch (Exception killed) {
                ledger.pending = sameLedger;
                pause();
            }
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- verification ------------------------------------------------------------------------

    private record LedgerCheck(List<Integer> missing, Map<Integer, Integer> duplicated, List<String> neverSent,
            int present, int presentUnacknowledged) {}

    /** Reads through the public API only, as a user would. */
    private static final class Reader {
        private final TestingIngestClient client;

        Reader(URI base) {
            this.client = new TestingIngestClient(base);
        }

        List<String> missingBatchTraces(Set<Integer> acknowledged) throws Exception {
            List<String> missing = Collections.synchronizedList(new ArrayList<>());
            ExecutorService readers = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> reads = new ArrayList<>();
                for (int n : acknowledged) {
                    reads.add(readers.submit(() -> {
                        HttpResponse<String> trace = client.getTrace("crash-b-" + n);
                        if (trace.statusCode() != 200 || !trace.body().contains("\"question " + n + "\"")) {
                            missing.add("crash-b-" + n + " (" + trace.statusCode() + ")");
                        }
                        return null;
                    }));
                }
                for (Future<?> read : reads) {
                    read.get(60, TimeUnit.SECONDS);
                }
            } finally {
                readers.shutdown();
            }
            return missing;
        }

        /** Counts each observation id in every ledger trace that could hold a sent event. */
        LedgerCheck checkLedgers(Ledger ledger, IntFunction<String> ledgerTraceId,
                IntFunction<String> observationId) throws Exception {
            Map<String, Integer> byObservationId = new HashMap<>();
            for (int n : ledger.sent) {
                byObservationId.put(observationId.apply(n), n);
            }
            Map<String, Integer> counts = new HashMap<>();
            List<String> neverSent = new ArrayList<>();
            Set<String> ledgers = new TreeSet<>();
            ledger.sent.forEach(n -> ledgers.add(ledgerTraceId.apply(n)));
            for (String traceId : ledgers) {
                HttpResponse<String> trace = client.getTrace(traceId);
                if (trace.statusCode() == 404) {
                    continue; // nothing of this ledger was stored
                }
                assertThat(trace.statusCode()).as("GET ledger %s: %s", traceId, trace.body()).isEqualTo(200);
                for (JsonNode observation : JSON.readTree(trace.body()).path("observations")) {
                    String id = observation.path("id").asText();
                    counts.merge(id, 1, Integer::sum);
                    if (!byObservationId.containsKey(id)) {
                        neverSent.add(traceId + "/" + id);
                    }
                }
            }
            List<Integer> missing = new ArrayList<>();
            for (int n : ledger.acknowledged) {
                if (!counts.containsKey(observationId.apply(n))) {
                    missing.add(n);
                }
            }
            Map<Integer, Integer> duplicated = new TreeMap<>();
            int presentUnacknowledged = 0;
            for (var entry : counts.entrySet()) {
                Integer n = byObservationId.get(entry.getKey());
                if (entry.getValue() > 1) {
                    duplicated.put(n, entry.getValue());
                }
                if (n != null && !ledger.acknowledged.contains(n)) {
                    presentUnacknowledged++;
                }
            }
            Collections.sort(missing);
            return new LedgerCheck(missing, duplicated, neverSent, counts.size(), presentUnacknowledged);
        }
    }
}
