package io.glasshouse.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glasshouse.bench.SessionTraffic.Trace;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.util.List;

/**
 * The raw engine ceiling of bench/compare: the session workload's spans, mapped to rows by the
 * server's own code, inserted straight into a fresh embedded engine by {@link RawEngineRun} (once
 * as the server does, JSONEachRow through the event store, once as RowBinary streaming inserts),
 * after one warm-up round with another seed. No HTTP, no acknowledgement, no queue.
 */
final class RawCeiling {
    private static final long ENGINE_MEMORY = 2L << 30;

    private RawCeiling() {}

    static ObjectNode run(long seed, int spans, int perRequest, Path dataDir) throws Exception {
        List<List<Trace>> requests = SessionWorkload.traces(seed, spans, perRequest);
        List<ExportTraceServiceRequest> otlp = requests.stream().map(SessionOtlp::request).toList();
        long protobufBytes = otlp.stream().mapToLong(ExportTraceServiceRequest::getSerializedSize).sum();
        int perInsert = Math.max(1_000, Math.min(5_000, spans / 10));
        List<ExportTraceServiceRequest> warmupRequests = SessionWorkload.traces(seed + 1, Math.max(1_000, spans / 5), perRequest)
                .stream().map(SessionOtlp::request).toList();
        RawEngineRun.Mapped warmup = RawEngineRun.rowsAsServerStores(warmupRequests, perInsert);
        RawEngineRun.Mapped measured = RawEngineRun.rowsAsServerStores(otlp, perInsert);
        ObjectNode json = CompareTarget.JSON.createObjectNode().put("target", "raw").put("spans", measured.spans())
                .put("bytes", protobufBytes).put("failures", 0);
        ArrayNode methods = json.putArray("methods");
        try (RawEngineRun raw = RawEngineRun.start(dataDir, warmup.inserts(), List.of(), measured.inserts(), new Cpu(), ENGINE_MEMORY)) {
            for (RawEngineRun.Result result : raw.measure()) {
                double seconds = result.wallNanos() / 1e9;
                methods.addObject().put("method", result.method().label)
                        .put("spans", result.spans()).put("seconds", seconds)
                        .put("spansPerSecond", result.spans() / seconds)
                        .put("megabytesPerSecond", protobufBytes / 1e6 / seconds)
                        .put("cpuCores", result.cpu().self() / (double) result.cpu().wallNanos());
            }
        }
        return json;
    }
}
