package io.glasshouse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.bench.Workload.Sample;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When acknowledged spans can be read back: polls {@code GET /api/public/traces/{id}} for the last
 * trace sent until it shows all its observations (the time reported), then checks the other
 * sample traces the same way. The server acknowledges only after commit, so the time should be
 * that of one read.
 */
final class Visibility {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param nanos from the last acknowledgement until the last trace sent was readable in full
     * @param missing sample traces still incomplete when the timeout passed
     */
    record Result(long nanos, int samples, List<String> missing) {
        boolean complete() {
            return missing.isEmpty();
        }
    }

    private Visibility() {}

    static Result await(ServerProcess server, List<Sample> samples, long lastAckNanos, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Sample last = samples.getFirst(); // Workload lists the last trace sent first
        while (!visible(server, last) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long nanos = System.nanoTime() - lastAckNanos;
        List<Sample> pending = new ArrayList<>(samples);
        while (true) {
            pending.removeIf(sample -> visible(server, sample));
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                return new Result(nanos, samples.size(), pending.stream().map(Sample::traceId).toList());
            }
            Thread.sleep(20);
        }
    }

    private static boolean visible(ServerProcess server, Sample sample) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(server.uri("/api/public/traces/" + sample.traceId()))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", LoadRun.basicAuthorization())
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200
                    && JSON.readTree(response.body()).path("observations").size() == sample.spans();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
