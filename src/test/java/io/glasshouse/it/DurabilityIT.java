package io.glasshouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged data is never lost: across a restart, and when SIGTERM arrives in the middle of
 * a burst of writes (DESIGN.md §2: the engine must be closed the orderly way, or the JVM dies at
 * exit and the exit code says so).
 */
class DurabilityIT {
    @TempDir
    Path temp;

    @Test
    void dataSurvivesARestart() throws Exception {
        List<String> flags = List.of("--data-dir", temp.resolve("data").toString());
        try (TestingServerProcess server = TestingServerProcess.start(flags, TestingIngestClient.INIT)) {
            server.awaitReady(Duration.ofSeconds(60));
            HttpResponse<String> sent = new TestingIngestClient(server.uri("/")).sendTraces("kept-1", "kept-2");
            assertThat(TestingIngestClient.allSucceeded(sent)).as(sent.body()).isTrue();
            assertThat(server.terminate(Duration.ofSeconds(60))).isZero();
        }
        try (TestingServerProcess server = TestingServerProcess.start(flags, TestingIngestClient.INIT)) {
            server.awaitReady(Duration.ofSeconds(60));
            TestingIngestClient client = new TestingIngestClient(server.uri("/"));
            for (String id : List.of("kept-1", "kept-2")) {
                HttpResponse<String> trace = client.getTrace(id);
                assertThat(trace.statusCode()).as(trace.body()).isEqualTo(200);
                assertThat(trace.body()).contains("\"question " + id + "\"");
            }
            assertThat(server.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void sigtermDuringABurstExitsZeroAndKeepsEveryAcknowledgedEvent() throws Exception {
        List<String> flags = List.of("--data-dir", temp.resolve("data").toString(), "--flush-interval-ms", "50");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int exitCode;
        try (TestingServerProcess server = TestingServerProcess.start(flags, TestingIngestClient.INIT)) {
            server.awaitReady(Duration.ofSeconds(60));
            TestingIngestClient client = new TestingIngestClient(server.uri("/"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sequence = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            for (int w = 0; w < 8; w++) {
                writers.submit(() -> {
                    while (!stop.get()) {
                        String[] ids = new String[10];
                        for (int i = 0; i < ids.length; i++) {
                            ids[i] = "burst-" + sequence.incrementAndGet();
                        }
                        try {
                            if (TestingIngestClient.allSucceeded(client.sendTraces(ids))) {
                                acknowledged.addAll(List.of(ids));
                            }
                        } catch (Exception refusedOrCutOff) {
                            // the server is going away: unacknowledged, so not counted
                        }
                    }
                    return null;
                });
            }
            while (acknowledged.size() < 2000) {
                Thread.sleep(20);
            }
            exitCode = server.terminate(Duration.ofSeconds(60));
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(exitCode).as("exit code after SIGTERM; stderr: %s", server.stderr()).isZero();
        }
        try (TestingServerProcess server = TestingServerProcess.start(flags, TestingIngestClient.INIT)) {
            server.awaitReady(Duration.ofSeconds(60));
            TestingIngestClient client = new TestingIngestClient(server.uri("/"));
            List<String> missing = new ArrayList<>();
            for (String id : acknowledged) {
                if (client.getTrace(id).statusCode() != 200) {
                    missing.add(id);
                }
            }
            System.out.printf("acknowledged %d events before SIGTERM; missing after restart: %d%n",
                    acknowledged.size(), missing.size());
            assertThat(missing).isEmpty();
            assertThat(server.terminate(Duration.ofSeconds(60))).isZero();
        }
    }
}
