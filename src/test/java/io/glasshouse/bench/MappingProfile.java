package io.glasshouse.bench;

import io.glasshouse.ingest.RowMerger;
import io.glasshouse.ingest.otel.OtelMapping;
import io.glasshouse.ingest.otel.OtelSpanMapper;
import io.glasshouse.ingest.otel.OtlpDecoding;
import io.glasshouse.ingest.pricing.ModelPrices;
import io.glasshouse.ingest.pricing.ModelPricing;
import io.glasshouse.ingest.pricing.ProjectModelPrices;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.StoredRows;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;

/**
 * The server's OTLP ingest code alone, on one thread, round after round over the benchmark's
 * traffic: decode, map, merge and price, no HTTP and no engine. Prints CPU and allocation per
 * span per round, so a profiler (JFR) attached to this process sees only that code.
 *   java -cp ... io.glasshouse.bench.MappingProfile [spans] [rounds]
 */
final class MappingProfile {
    private MappingProfile() {}

    public static void main(String[] args) {
        int spans = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<byte[]> bodies = Workload.otlpRequests(42, spans, 200).stream().map(ExportTraceServiceRequest::toByteArray).toList();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        OtlpDecoding decoding = new OtlpDecoding(OtlpDecoding.DEFAULT_MAX_DECODED_BYTES);
        OtelSpanMapper mapper = new OtelSpanMapper(Clock.systemUTC());
        RowMerger merger = new RowMerger(new ModelPricing(ModelPrices.withShippedPrices(ProjectModelPrices.none())),
                StoredRows.none(), RowMerger.Settings.defaults());
        ProjectId project = new ProjectId("profile");
        for (int round = 1; round <= rounds; round++) {
            long decode = 0;
            long map = 0;
            long merge = 0;
            long allocated = threads.getCurrentThreadAllocatedBytes();
            long mapped = 0;
            for (byte[] body : bodies) {
                long t0 = threads.getCurrentThreadCpuTime();
                ExportTraceServiceRequest request = decoding.decode(body, "application/x-protobuf", null);
                long t1 = threads.getCurrentThreadCpuTime();
                OtelMapping mapping = mapper.map(project, request);
                long t2 = threads.getCurrentThreadCpuTime();
                mapped += merger.merge(mapping.traces(), mapping.observations()).observations().size();
                long t3 = threads.getCurrentThreadCpuTime();
                decode += t1 - t0;
                map += t2 - t1;
                merge += t3 - t2;
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - allocated;
            System.out.printf("round %d: %d spans, decode %.1f µs, map %.1f µs, merge %.1f µs CPU per span; %.1f KB allocated per span%n",
                    round, mapped, decode / 1e3 / mapped, map / 1e3 / mapped, merge / 1e3 / mapped, bytes / 1024.0 / mapped);
        }
    }
}
