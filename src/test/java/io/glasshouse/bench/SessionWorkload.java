package io.glasshouse.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.glasshouse.bench.SessionTraffic.Trace;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests of one bench/compare phase, encoded before the clock starts: whole traces of
 * {@link SessionTraffic}, at least {@code spansPerRequest} spans per request, as OTLP protobuf
 * (HTTP bodies or gRPC messages) or as Langfuse batch JSON. Also the size of the same spans as
 * compact OTLP/JSON, the "raw JSON" that storage sizes are compared with.
 */
final class SessionWorkload {
    final String protocol;
    final List<List<Trace>> requests;
    final List<byte[]> bodies = new ArrayList<>();
    final List<ExportTraceServiceRequest> messages = new ArrayList<>();
    final long[] bytes;
    final long rawJsonBytes;

    private SessionWorkload(String protocol, List<List<Trace>> requests, long rawJsonBytes) {
        this.protocol = protocol;
        this.requests = requests;
        this.bytes = new long[requests.size()];
        this.rawJsonBytes = rawJsonBytes;
    }

    static List<List<Trace>> traces(long seed, int totalSpans, int spansPerRequest) {
        SessionTraffic traffic = new SessionTraffic(seed);
        List<List<Trace>> requests = new ArrayList<>();
        int total = 0;
        while (total < totalSpans) {
            List<Trace> traces = traffic.traces(Math.min(spansPerRequest, totalSpans - total));
            requests.add(traces);
            total += spans(traces);
        }
        return requests;
    }

    /** @param protocol otlp-http, otlp-grpc or batch */
    static SessionWorkload build(String protocol, long seed, int totalSpans, int spansPerRequest) {
        List<List<Trace>> requests = traces(seed, totalSpans, spansPerRequest);
        long rawJson = 0;
        List<ExportTraceServiceRequest> otlp = requests.stream().map(SessionOtlp::request).toList();
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        for (ExportTraceServiceRequest request : otlp) {
            try {
                rawJson += printer.print(request).getBytes(StandardCharsets.UTF_8).length;
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        SessionWorkload workload = new SessionWorkload(protocol, requests, rawJson);
        for (int i = 0; i < requests.size(); i++) {
            switch (protocol) {
                case "otlp-http" -> {
                    byte[] body = otlp.get(i).toByteArray();
                    workload.bodies.add(body);
                    workload.bytes[i] = body.length;
                }
                case "otlp-grpc" -> {
                    workload.messages.add(otlp.get(i));
                    workload.bytes[i] = otlp.get(i).getSerializedSize();
                }
                case "batch" -> {
                    byte[] body = SessionBatch.body(requests.get(i));
                    workload.bodies.add(body);
                    workload.bytes[i] = body.length;
                }
                default -> throw new IllegalArgumentException("unknown protocol '" + protocol + "'; one of otlp-http, otlp-grpc, batch");
            }
        }
        return workload;
    }

    static int spans(List<Trace> traces) {
        return traces.stream().mapToInt(trace -> trace.steps().size()).sum();
    }

    int size() {
        return requests.size();
    }

    long totalSpans() {
        return requests.stream().mapToLong(SessionWorkload::spans).sum();
    }

    long totalTraces() {
        return requests.stream().mapToLong(List::size).sum();
    }

    long totalBytes() {
        long total = 0;
        for (long b : bytes) {
            total += b;
        }
        return total;
    }
}
