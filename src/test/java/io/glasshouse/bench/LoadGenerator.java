package io.glasshouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.bench.SessionTraffic.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * bench/compare's load generator, a process of its own: builds the seeded session workload for one
 * protocol, sends it to one system with N concurrent senders, and writes what it saw as JSON.
 * <ul>
 *   <li>Throughput: acknowledged spans and request bytes from the first send to the last ack.
 *   <li>Freshness: for up to 40 requests spread over the run (and the last), the time from their
 *       acknowledgement until the request's last trace reads back in full, polled every 50 ms by
 *       a thread of its own while the load goes on; at most four probes at a time.
 *   <li>The query-API issue's queries ({@link CompareQuery}: trace list, trace detail, a session's
 *       traces, metrics, search), each run {@code --queries} times one after another once the load is done.
 * </ul>
 * {@code --target raw} instead inserts the same spans, mapped by the server's code, straight into
 * an embedded engine in this process ({@link RawEngineRun}).
 */
public final class LoadGenerator {
    private static final int MAX_ATTEMPTS = 100;
    private static final int MAX_PROBES = 4;
    private static final Duration FRESHNESS_TIMEOUT = Duration.ofSeconds(600);

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String target = options.get("target");
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        int spans = Integer.parseInt(options.get("spans"));
        int perRequest = Integer.parseInt(options.getOrDefault("spans-per-request", "100"));
        Path out = Path.of(options.get("out"));
        ObjectNode result = target.equals("raw")
                ? RawCeiling.run(seed, spans, perRequest, Path.of(options.get("data-dir")))
                : send(target, options.get("protocol"), seed, spans, perRequest, Integer.parseInt(options.get("senders")),
                        Integer.parseInt(options.get("port")), Integer.parseInt(options.getOrDefault("grpc-port", "0")),
                        Integer.parseInt(options.getOrDefault("queries", "20")),
                        Integer.parseInt(options.getOrDefault("warmup-spans", "0")));
        Files.writeString(out, result.toPrettyString());
        System.exit(result.path("failures").asInt() == 0 ? 0 : 1);
    }

    private static ObjectNode send(String target, String protocol, long seed, int spans, int perRequest, int senders,
            int port, int grpcPort, int queries, int warmupSpans) throws Exception {
        SessionWorkload workload = SessionWorkload.build(protocol, seed, spans, perRequest);
        SessionWorkload warmup = warmupSpans == 0 ? null : SessionWorkload.build(protocol, seed + 1, warmupSpans, perRequest);
        int grpc = protocol.equals("otlp-grpc") ? grpcPort : 0;
        try (CompareTarget system = target.equals("phoenix") ? new CompareTarget.Phoenix(port, grpc, senders)
                : new CompareTarget.Glasshouse(port, grpc, senders)) {
            String warmupFailure = warmup == null ? null : warmUp(system, warmup, senders);
            int n = workload.size();
            int step = Math.max(1, n / 40);
            AtomicInteger next = new AtomicInteger();
            AtomicLong ackedSpans = new AtomicLong();
            AtomicLong ackedBytes = new AtomicLong();
            AtomicLong lastAck = new AtomicLong();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger activeProbes = new AtomicInteger();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            long[] latencies = new long[n];
            long[] freshness = new long[n];
            long[] ackedAt = new long[n];
            Arrays.fill(latencies, -1);
            Arrays.fill(freshness, -1);
            // A thread per probe: a probe queued behind another would count the wait as staleness.
            ExecutorService probes = Executors.newCachedThreadPool();
            System.out.println("sending"); // bench/compare marks the server's CPU here and at "acknowledged"
            System.out.flush();
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                threads.add(Thread.ofPlatform().name("sender-" + s).start(() -> {
                    int index;
                    while ((index = next.getAndIncrement()) < n) {
                        long sent = System.nanoTime();
                        String failure = sendWithRetries(system, workload, sender, index);
                        long acked = System.nanoTime();
                        if (failure != null) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, failure);
                            continue;
                        }
                        latencies[index] = acked - sent;
                        ackedAt[index] = acked;
                        ackedSpans.addAndGet(SessionWorkload.spans(workload.requests.get(index)));
                        ackedBytes.addAndGet(workload.bytes[index]);
                        lastAck.accumulateAndGet(acked, Math::max);
                        // At most MAX_PROBES readers at a time, so probing does not become load of its own (Phoenix
                        // serves reads and writes from one Python process); a sample due while they are busy is skipped.
                        boolean due = index % step == 0 || index == n - 1;
                        if (due && (activeProbes.incrementAndGet() <= MAX_PROBES || index == n - 1)) {
                            int probed = index;
                            probes.submit(() -> {
                                freshness[probed] = awaitVisible(system, workload.requests.get(probed).getLast(), acked);
                                activeProbes.decrementAndGet();
                            });
                        } else if (due) {
                            activeProbes.decrementAndGet();
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long end = lastAck.get() == 0 ? System.nanoTime() : lastAck.get();
            System.out.println("acknowledged");
            System.out.flush();
            probes.shutdown();
            probes.awaitTermination(FRESHNESS_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            long[] fresh = Arrays.stream(freshness).filter(f -> f >= 0).toArray();
            long invisible = Arrays.stream(freshness).filter(f -> f == Long.MAX_VALUE).count();
            // bench/compare waits here until the server is quiet, reads its CPU and disk, then lets the
            // queries run, so their work is not counted as the cost of storing the spans.
            System.out.println("written");
            System.out.flush();
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
            ObjectNode queryResults = timeQueries(system, workload, queries, seed);
            JsonNode listed = queryResults.path(CompareQuery.TRACE_LIST.name());
            double seconds = (end - start) / 1e9;
            // The last request is always probed: from the first send until it reads back in full is how long the
            // system took to make everything it acknowledged queryable (a system that acknowledges on receipt and
            // writes later shows it here, not in spansPerSecond).
            long lastReadable = freshness[n - 1] >= 0 && freshness[n - 1] != Long.MAX_VALUE ? ackedAt[n - 1] + freshness[n - 1] : -1;
            double readableSeconds = lastReadable < 0 ? -1 : (Math.max(end, lastReadable) - start) / 1e9;
            ObjectNode json = CompareTarget.JSON.createObjectNode()
                    .put("target", target).put("protocol", protocol).put("senders", senders)
                    .put("spans", ackedSpans.get()).put("traces", workload.totalTraces()).put("requests", n)
                    .put("bytes", ackedBytes.get()).put("rawJsonBytes", workload.rawJsonBytes)
                    .put("warmupSpans", warmup == null ? 0 : warmup.totalSpans())
                    .put("storedSpans", ackedSpans.get() + (warmup == null ? 0 : warmup.totalSpans()))
                    .put("storedRawJsonBytes", workload.rawJsonBytes + (warmup == null ? 0 : warmup.rawJsonBytes))
                    .put("seconds", seconds).put("spansPerSecond", ackedSpans.get() / seconds)
                    .put("megabytesPerSecond", ackedBytes.get() / 1e6 / seconds)
                    .put("readableSpansPerSecond", readableSeconds <= 0 ? -1 : ackedSpans.get() / readableSeconds)
                    .put("ackP50Millis", quantileMillis(latencies, 0.5)).put("ackP99Millis", quantileMillis(latencies, 0.99))
                    .put("freshnessSamples", fresh.length).put("freshnessTimeouts", invisible)
                    .put("freshnessP50Millis", quantileMillis(fresh, 0.5)).put("freshnessP99Millis", quantileMillis(fresh, 0.99))
                    .put("listStatus", listed.path("status").asInt())
                    .put("listP50Millis", listed.path("p50Millis").asDouble(-1))
                    .put("listP95Millis", listed.path("p95Millis").asDouble(-1))
                    .put("failures", failures.get() + (invisible > 0 ? 1 : 0) + (warmupFailure != null ? 1 : 0));
            if (warmupFailure != null) {
                json.put("firstFailure", "warm-up: " + warmupFailure);
            } else if (firstFailure.get() != null) {
                json.put("firstFailure", firstFailure.get());
            } else if (invisible > 0) {
                json.put("firstFailure", invisible + " probed traces never became readable in full");
            }
            json.set("queries", queryResults);
            ArrayNode samples = json.putArray("freshnessMillis");
            Arrays.stream(fresh).filter(f -> f != Long.MAX_VALUE).forEach(f -> samples.add(f / 1e6));
            return json;
        }
    }

    /**
     * Each {@link CompareQuery} the system supports, {@code n} times one after another (after one
     * unmeasured run), on traces drawn by a seeded random from the workload just sent: per query the
     * last HTTP status and p50/p95/p99. A status other than 200 is reported, not retried.
     */
    private static ObjectNode timeQueries(CompareTarget system, SessionWorkload workload, int n, long seed)
            throws IOException, InterruptedException {
        List<Trace> traces = workload.requests.stream().flatMap(List::stream).toList();
        ObjectNode results = CompareTarget.JSON.createObjectNode();
        for (CompareQuery query : CompareQuery.values()) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed + query.ordinal());
            int status = system.query(query, traces.get(random.nextInt(traces.size())));
            if (status == CompareTarget.UNSUPPORTED) {
                continue;
            }
            long[] nanos = new long[n];
            for (int q = 0; q < n && status == 200; q++) {
                Trace trace = traces.get(random.nextInt(traces.size()));
                long t0 = System.nanoTime();
                status = system.query(query, trace);
                nanos[q] = System.nanoTime() - t0;
            }
            results.putObject(query.name()).put("label", query.label).put("status", status)
                    .put("p50Millis", status == 200 ? quantileMillis(nanos, 0.5) : -1)
                    .put("p95Millis", status == 200 ? quantileMillis(nanos, 0.95) : -1)
                    .put("p99Millis", status == 200 ? quantileMillis(nanos, 0.99) : -1);
        }
        return results;
    }

    /**
     * Sends a warm-up workload (another seed) the same way, unmeasured, so a JIT-compiled server is
     * not timed while it compiles; every system gets it. Returns the first failure, or null.
     */
    private static String warmUp(CompareTarget system, SessionWorkload warmup, int senders) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofPlatform().start(() -> {
                int index;
                while ((index = next.getAndIncrement()) < warmup.size()) {
                    String outcome = sendWithRetries(system, warmup, sender, index);
                    if (outcome != null) {
                        failure.compareAndSet(null, outcome);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return failure.get();
    }

    private static String sendWithRetries(CompareTarget system, SessionWorkload workload, int sender, int index) {
        for (int attempt = 1; ; attempt++) {
            String outcome;
            try {
                outcome = system.send(workload, sender, index);
            } catch (IOException e) {
                outcome = "I/O: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            if (!CompareTarget.RETRY.equals(outcome) || attempt == MAX_ATTEMPTS) {
                return outcome;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }

    // Nanoseconds from the acknowledgement until the trace reads back in full; MAX_VALUE if it never did.
    private static long awaitVisible(CompareTarget system, Trace trace, long ackNanos) {
        long deadline = ackNanos + FRESHNESS_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (system.visible(trace)) {
                    return System.nanoTime() - ackNanos;
                }
                Thread.sleep(50);
            } catch (IOException notYet) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Long.MAX_VALUE;
    }

    static double quantileMillis(long[] nanos, double quantile) {
        long[] sorted = Arrays.stream(nanos).filter(v -> v >= 0 && v != Long.MAX_VALUE).sorted().toArray();
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
