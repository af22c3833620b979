package io.glasshouse.bench;

import io.glasshouse.bench.GenAiTraffic.Run;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests of one phase, encoded before the clock starts so the timed part only sends bytes.
 * Each request holds whole runs (a trace never spans two requests) and at least
 * {@code spansPerRequest} spans. Public for the cost programs that live beside package-private
 * server code ({@code io.glasshouse.ingest.otel.JsonScanCost}).
 */
public final class Workload {
    enum Protocol {
        OTLP_HTTP("OTLP/HTTP protobuf", "otlp-http"),
        OTLP_GRPC("OTLP/gRPC", "otlp-grpc"),
        BATCH("Langfuse batch JSON", "batch");

        final String label;
        final String option;

        Protocol(String label, String option) {
            this.label = label;
            this.option = option;
        }

        static Protocol of(String option) {
            for (Protocol protocol : values()) {
                if (protocol.option.equals(option)) {
                    return protocol;
                }
            }
            throw new IllegalArgumentException("unknown protocol '" + option + "'; one of otlp-http, otlp-grpc, batch");
        }
    }

    /** A trace to look up after the phase, and how many observations it must show. */
    record Sample(String traceId, int spans) {}

    final Protocol protocol;
    /**
     * Request bodies, encoded before the clock starts: OTLP protobuf for OTLP/HTTP and for gRPC
     * (whose message is the same protobuf), batch JSON for the batch API.
     */
    final List<byte[]> bodies;
    final int[] spans;
    final int[] traces;
    final long[] bytes;
    final List<Sample> samples;

    private Workload(Protocol protocol, List<byte[]> bodies, int[] spans, int[] traces, long[] bytes, List<Sample> samples) {
        this.protocol = protocol;
        this.bodies = bodies;
        this.spans = spans;
        this.traces = traces;
        this.bytes = bytes;
        this.samples = samples;
    }

    static Workload build(Protocol protocol, long seed, int totalSpans, int spansPerRequest) {
        List<List<Run>> requests = requests(seed, totalSpans, spansPerRequest);
        List<byte[]> bodies = new ArrayList<>();
        int n = requests.size();
        int[] spans = new int[n];
        int[] traces = new int[n];
        long[] bytes = new long[n];
        for (int i = 0; i < n; i++) {
            List<Run> runs = requests.get(i);
            spans[i] = runs.stream().mapToInt(run -> run.spans().size()).sum();
            traces[i] = runs.size();
            switch (protocol) {
                case OTLP_HTTP, OTLP_GRPC -> {
                    byte[] body = OtlpEncoding.request(runs).toByteArray();
                    bodies.add(body);
                    bytes[i] = body.length;
                }
                case BATCH -> {
                    byte[] body = LangfuseBatchEncoding.body(runs);
                    bodies.add(body);
                    bytes[i] = body.length;
                }
            }
        }
        return new Workload(protocol, bodies, spans, traces, bytes, samples(requests));
    }

    /** The same runs as OTLP requests, for mapping into the rows the server would store. */
    public static List<ExportTraceServiceRequest> otlpRequests(long seed, int totalSpans, int spansPerRequest) {
        return requests(seed, totalSpans, spansPerRequest).stream().map(OtlpEncoding::request).toList();
    }

    private static List<List<Run>> requests(long seed, int totalSpans, int spansPerRequest) {
        GenAiTraffic traffic = new GenAiTraffic(seed);
        List<List<Run>> requests = new ArrayList<>();
        int total = 0;
        while (total < totalSpans) {
            List<Run> runs = traffic.runs(Math.min(spansPerRequest, totalSpans - total));
            requests.add(runs);
            total += runs.stream().mapToInt(run -> run.spans().size()).sum();
        }
        return requests;
    }

    // About 20 traces spread over the phase; the first is the very last one sent.
    private static List<Sample> samples(List<List<Run>> requests) {
        List<Sample> samples = new ArrayList<>();
        int step = Math.max(1, requests.size() / 20);
        for (int i = requests.size() - 1; i >= 0; i -= step) {
            Run run = requests.get(i).getLast();
            samples.add(new Sample(run.traceId(), run.spans().size()));
        }
        return List.copyOf(samples);
    }

    int requests() {
        return spans.length;
    }

    long totalSpans() {
        long total = 0;
        for (int s : spans) {
            total += s;
        }
        return total;
    }

    long totalTraces() {
        long total = 0;
        for (int t : traces) {
            total += t;
        }
        return total;
    }

    long totalBytes() {
        long total = 0;
        for (long b : bytes) {
            total += b;
        }
        return total;
    }
}
