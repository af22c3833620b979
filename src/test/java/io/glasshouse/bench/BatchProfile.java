package io.glasshouse.bench;

import io.glasshouse.ingest.EventWriter;
import io.glasshouse.ingest.RowMerger;
import io.glasshouse.ingest.ScoreConfigCheck;
import io.glasshouse.ingest.langfuse.BatchResult;
import io.glasshouse.ingest.langfuse.LangfuseBatchIngestion;
import io.glasshouse.ingest.pricing.ModelPrices;
import io.glasshouse.ingest.pricing.ModelPricing;
import io.glasshouse.ingest.pricing.ProjectModelPrices;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.StoredRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;

/**
 * The server's Langfuse batch ingest code alone, on one thread, round after round over the
 * benchmark's batch requests: {@link LangfuseBatchIngestion#ingest} (UTF-8 check, JSON parse,
 * event parsing, merging, pricing) into a writer whose store drops the rows, so no engine runs.
 * Prints CPU and allocation per event per round; a profiler (JFR) attached to this process sees
 * only that code (the writer's flusher thread aside).
 *   java -cp ... io.glasshouse.bench.BatchProfile [spans] [rounds]
 */
final class BatchProfile {
    private BatchProfile() {}

    public static void main(String[] args) {
        int spans = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Workload workload = Workload.build(Workload.Protocol.BATCH, 42, spans, 200);
        List<byte[]> bodies = workload.bodies;
        long bodyBytes = bodies.stream().mapToLong(b -> b.length).sum();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Drops every insert; prepare and insertPrepared keep the interface's own defaults. The
        // writer reads nothing, so a read reaching this store is a fault of the tool and fails.
        EventStore dropping = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(),
                new Class<?>[] {EventStore.class}, (proxy, method, methodArgs) -> switch (method.getName()) {
                    case "insert" -> null;
                    case "isHealthy" -> true;
                    default -> {
                        if (method.isDefault()) {
                            yield InvocationHandler.invokeDefault(proxy, method, methodArgs);
                        }
                        throw new IllegalStateException("the writer read from the store: " + method.getName());
                    }
                });
        ProjectId project = new ProjectId("profile");
        try (EventWriter writer = new EventWriter(dropping,
                new EventWriter.Settings(Duration.ZERO, 1_000_000, 10_000_000, Duration.ofSeconds(60)), new SimpleMeterRegistry())) {
            for (int round = 1; round <= rounds; round++) {
                // Fresh per round, as every measured request of bench/ingest carries new ids.
                RowMerger merger = new RowMerger(new ModelPricing(ModelPrices.withShippedPrices(ProjectModelPrices.none())),
                        StoredRows.none(), RowMerger.Settings.defaults());
                LangfuseBatchIngestion ingestion = new LangfuseBatchIngestion(merger, writer, ScoreConfigCheck.acceptAll(),
                        LangfuseBatchIngestion.Settings.defaults());
                long events = 0;
                long allocated = threads.getCurrentThreadAllocatedBytes();
                long t0 = threads.getCurrentThreadCpuTime();
                for (byte[] body : bodies) {
                    BatchResult result = ingestion.ingest(project, body);
                    if (!result.errors().isEmpty()) {
                        throw new IllegalStateException("rejected: " + result.errors().getFirst());
                    }
                    events += result.successes().size();
                }
                long cpu = threads.getCurrentThreadCpuTime() - t0;
                long bytes = threads.getCurrentThreadAllocatedBytes() - allocated;
                System.out.printf("round %d: %d events (%d spans), %.1f µs CPU per event, %.1f µs per span; "
                                + "%.1f KB allocated per event (body %.1f KB per event)%n",
                        round, events, workload.totalSpans(), cpu / 1e3 / events, cpu / 1e3 / workload.totalSpans(),
                        bytes / 1024.0 / events, bodyBytes / 1024.0 / events);
            }
        }
    }
}
