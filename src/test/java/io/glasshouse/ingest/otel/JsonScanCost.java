package io.glasshouse.ingest.otel;

import io.glasshouse.bench.Workload;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * What checking the messages' JSON text costs per character, {@link JsonScan} against Jackson, on
 * the JSON-looking string attributes of bench/ingest's spans; round after round on one thread.
 * Here rather than under bench/ because both checks are package-private.
 *   java -cp ... io.glasshouse.ingest.otel.JsonScanCost [spans] [rounds]
 */
final class JsonScanCost {
    private JsonScanCost() {}

    public static void main(String[] args) {
        int spans = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<String> texts = new ArrayList<>();
        long chars = 0;
        for (ExportTraceServiceRequest request : Workload.otlpRequests(42, spans, 200)) {
            for (ResourceSpans resource : request.getResourceSpansList()) {
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        for (KeyValue attribute : span.getAttributesList()) {
                            String value = attribute.getValue().getStringValue();
                            if (value.startsWith("[") || value.startsWith("{")) {
                                texts.add(value);
                                chars += value.length();
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("%,d JSON texts, %,d characters%n", texts.size(), chars);
        int answers = 0; // printed, so the JIT cannot drop the calls
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            for (String text : texts) {
                answers += JsonScan.certainlyValid(text) ? 1 : 0;
            }
            long t1 = System.nanoTime();
            for (String text : texts) {
                answers += OtelValues.jacksonSaysValid(text) ? 1 : 0;
            }
            long t2 = System.nanoTime();
            for (String text : texts) {
                answers += JsonScan.messagesShape(text) != null ? 1 : 0;
            }
            long t3 = System.nanoTime();
            for (String text : texts) {
                answers += SystemInstructionsSplice.jacksonShape(text) != null ? 1 : 0;
            }
            long t4 = System.nanoTime();
            System.out.printf("round %d: valid? JsonScan %.2f ns per character, Jackson %.2f; roles: JsonScan %.2f, Jackson %.2f (%d)%n",
                    round, (t1 - t0) / (double) chars, (t2 - t1) / (double) chars, (t3 - t2) / (double) chars,
                    (t4 - t3) / (double) chars, answers);
        }
    }
}
