package io.glasshouse.ingest;

import static io.glasshouse.storage.clickhouse.TestingRows.generation;
import static io.glasshouse.storage.clickhouse.TestingRows.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.EventStore;
import io.glasshouse.storage.clickhouse.ClickHouseEventStore;
import io.glasshouse.storage.clickhouse.ClickHouseSchema;
import io.glasshouse.storage.clickhouse.EmbeddedClickHouse;
import io.glasshouse.storage.clickhouse.SchemaDialect;
import io.glasshouse.storage.clickhouse.TestingClickHouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestEventWriter {
    private static final ProjectId PROJECT = new ProjectId("writer");
    // Graces and limits of a minute: a wait they end would outlast the test's 20 s.
    private static final EventWriter.Gathering PATIENT =
            new EventWriter.Gathering(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ZERO, 1, Duration.ofSeconds(60));

    private EmbeddedClickHouse clickHouse;
    private ClickHouseEventStore store;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        clickHouse = TestingClickHouse.newDatabase("writer");
        new ClickHouseSchema(clickHouse, SchemaDialect.singleNode()).migrate();
        store = new ClickHouseEventStore(clickHouse);
    }

    @AfterEach
    void close() {
        clickHouse.close();
    }

    private static EventBatch traces(int from, int count) {
        List<io.glasshouse.model.TraceRow> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(trace(PROJECT, "trace-" + i, "n", 1));
        }
        return new EventBatch(rows, List.of(), List.of());
    }

    @Test
    void aWriteReturnsOnceItsRowsAreReadable() {
        try (EventWriter writer = new EventWriter(store, settings(Duration.ofMillis(50), 1000, 10_000), meters)) {
            writer.write(traces(0, 3));
            assertThat(store.countTraces(PROJECT)).isEqualTo(3);
        }
    }

    @Test
    void concurrentWritersShareInserts() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try (EventWriter writer = new EventWriter(store, settings(Duration.ofMillis(100), 10_000, 100_000), meters)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int from = i * 5;
                done.add(clients.submit(() -> writer.write(traces(from, 5))));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdown();
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(1000);
        long flushes = meters.get("glasshouse_ingest_flush").timer().count();
        assertThat(flushes).as("inserts for 200 requests").isLessThan(200);
    }

    @Test
    void aBatchPastItsLingerWaitsForAnAnnouncedRequestAndTakesItsRowsAlong() throws Exception {
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (EventWriter writer = new EventWriter(store, graced(Duration.ofMillis(50), Duration.ofSeconds(60)), meters)) {
            // Announced before the rows are, so it is out when their linger ends however late this thread runs.
            EventWriter.Arrival arriving = writer.arriving();
            CompletableFuture<Void> first = writer.submit(traces(0, 2));
            Thread.sleep(500); // ten lingers: without the announcement the first rows would be stored by now

            assertThat(first).as("rows waiting for an announced request").isNotDone();
            assertThat(store.countTraces(PROJECT)).isZero();

            client.submit(() -> arriving.write(traces(2, 3))).get(30, TimeUnit.SECONDS);
            first.get(30, TimeUnit.SECONDS);
        } finally {
            client.shutdown();
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(5);
        assertThat(meters.get("glasshouse_ingest_flush").timer().count()).as("inserts").isEqualTo(1);
    }

    @Test
    void anAnnouncementClosedWithoutRowsReleasesTheBatchAndClosingTwiceCountsOnce() throws Exception {
        try (EventWriter writer = new EventWriter(store, graced(Duration.ofMillis(50), Duration.ofSeconds(60)), meters)) {
            EventWriter.Arrival failed = writer.arriving();
            EventWriter.Arrival other = writer.arriving();
            CompletableFuture<Void> rows = writer.submit(traces(0, 2));
            failed.close();
            failed.close(); // must not count for the other, still open, announcement
            Thread.sleep(300);
            assertThat(rows).as("still waiting for the other announcement").isNotDone();

            other.close();
            rows.get(30, TimeUnit.SECONDS); // well before the 60 s grace
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(2);
    }

    @Test
    void pastItsLingerABatchWaitsAsLongAsTheRequestsItWaitsForKeepArriving() throws Exception {
        // Each arrival comes 1.2 s after the one before, within the 2 s grace, and the last one
        // 3.5 s after the linger: a fixed grace of 2 s would have cut the batch before the second.
        EventWriter.Gathering gathering =
                new EventWriter.Gathering(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ZERO, 1, Duration.ofSeconds(60));
        try (EventWriter writer = new EventWriter(store, gathering(Duration.ofMillis(100), gathering), meters)) {
            List<EventWriter.Arrival> decoding = List.of(writer.arriving(), writer.arriving(), writer.arriving());
            CompletableFuture<Void> first = writer.submit(traces(0, 2));
            List<CompletableFuture<Void>> later = new ArrayList<>();
            for (int i = 0; i < decoding.size(); i++) {
                Thread.sleep(1200);
                assertThat(first).as("still gathering before arrival " + i).isNotDone();
                later.add(writer.submit(traces(10 + i, 1)));
                decoding.get(i).close();
            }
            first.get(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(5);
        assertThat(meters.get("glasshouse_ingest_flush").timer().count()).as("inserts").isEqualTo(1);
    }

    @Test
    void theLongestGraceBoundsTheWaitHoweverLongTheGraceBetweenArrivals() throws Exception {
        // A grace of a minute between arrivals; only the longest grace, 800 ms past the 100 ms
        // linger, lets the rows go within 20 s.
        Duration held = heldByAnAnnouncementThatNeverArrives(new EventWriter.Gathering(
                Duration.ofSeconds(60), Duration.ofMillis(800), Duration.ZERO, 1, Duration.ofSeconds(60)));
        assertThat(held).as("held for the announced request first").isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void pastItsLingerABatchWaitsOnlyForRequestsAnnouncedByThenNotForLaterOnes() throws Exception {
        try (EventWriter writer = new EventWriter(store, graced(Duration.ofMillis(100), Duration.ofSeconds(60)), meters)) {
            EventWriter.Arrival early = writer.arriving();
            CompletableFuture<Void> rows = writer.submit(traces(0, 2));
            Thread.sleep(1000); // well past the linger: the batch now waits for the early request only
            EventWriter.Arrival late = writer.arriving();
            assertThat(rows).isNotDone();

            early.close();
            rows.get(30, TimeUnit.SECONDS); // while the late one is still open, well before the 60 s grace
            late.close();
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(2);
    }

    @Test
    void theGraceBoundsTheWaitForAnAnnouncementThatNeverSubmits() throws Exception {
        try (EventWriter writer = new EventWriter(store, graced(Duration.ofMillis(50), Duration.ofMillis(200)), meters)) {
            EventWriter.Arrival stuck = writer.arriving();
            writer.submit(traces(0, 2)).get(30, TimeUnit.SECONDS);
            assertThat(store.countTraces(PROJECT)).isEqualTo(2);
            stuck.close();
        }
    }

    @Test
    void aBatchOverdueWhenAnInsertEndsWaitsForTheClientsThatInsertAnswered() throws Exception {
        // The first request's rows are in an insert that runs past the linger of the second's, the
        // split a GC pause makes; the first client comes back 50 ms after its answer, as a
        // closed-loop exporter does. Without waiting for it the second request would go alone, and
        // the two would alternate.
        FirstInsertHeld held = new FirstInsertHeld(false);
        ExecutorService client = Executors.newSingleThreadExecutor();
        // A 5 s grace: the client is back within 50 ms, but this thread may run late on a busy machine.
        try (EventWriter writer = new EventWriter(held.store(), graced(Duration.ofMillis(100), Duration.ofSeconds(5)), meters)) {
            Overdue overdue = overdueWhenTheHeldInsertEnds(writer, held, first -> {});
            overdue.first().get(30, TimeUnit.SECONDS);

            Thread.sleep(50);
            EventWriter.Arrival back = writer.arriving();
            Future<?> sent = client.submit(() -> back.write(traces(4, 2)));
            overdue.leftBehind().get(30, TimeUnit.SECONDS);
            sent.get(30, TimeUnit.SECONDS);
        } finally {
            client.shutdown();
        }
        assertTheReturningRequestJoinedTheLeftBehindRows();
    }

    @Test
    void aBatchOverdueWhenAnInsertEndsWaitsNoLongerThanTheGraceForClientsThatDoNotComeBack() throws Exception {
        // Nobody comes back: the stall rule (400 ms) ends the wait, not the minute-long limits.
        Duration held = heldAfterAnOverdueInsert(new EventWriter.Gathering(
                Duration.ofMillis(400), Duration.ofSeconds(60), Duration.ZERO, 1, Duration.ofSeconds(60)), false);
        assertThat(held).as("waited for the answered client first").isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void theLongestGraceBoundsTheWaitForAnAnsweredClientThatAnnouncesAndNeverSends() throws Exception {
        Duration held = heldAfterAnOverdueInsert(new EventWriter.Gathering(
                Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ZERO, 1, Duration.ofSeconds(60)), true);
        assertThat(held).as("waited for the announced request first").isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aClientBackBeforeTheWriterLooksCountsAsOneOfTheAnswered() throws Exception {
        // The answered client announces its next request from the answer itself, on the writer's
        // thread, before the writer looks at what is overdue. Counted as not back yet, the writer
        // would wait for one more request for the minute-long grace.
        FirstInsertHeld held = new FirstInsertHeld(false);
        AtomicReference<CompletableFuture<EventWriter.Arrival>> back = new AtomicReference<>();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (EventWriter writer = new EventWriter(held.store(), gathering(Duration.ofMillis(100), PATIENT), meters)) {
            Overdue overdue = overdueWhenTheHeldInsertEnds(writer, held,
                    first -> back.set(first.thenApply(answered -> writer.arriving())));

            EventWriter.Arrival arrival = back.get().get(30, TimeUnit.SECONDS);
            Future<?> sent = client.submit(() -> arrival.write(traces(4, 2)));
            overdue.leftBehind().get(20, TimeUnit.SECONDS);
            sent.get(20, TimeUnit.SECONDS);
        } finally {
            client.shutdown();
        }
        assertTheReturningRequestJoinedTheLeftBehindRows();
    }

    @Test
    void afterAFailedInsertAnOverdueBatchDoesNotWaitForTheClientsItTurnedAway() throws Exception {
        // Clients answered with an error come back after their Retry-After, if at all; a minute-long
        // grace would hold the overdue rows past the 20 s this test waits.
        FirstInsertHeld held = new FirstInsertHeld(true);
        try (EventWriter writer = new EventWriter(held.store(), gathering(Duration.ofMillis(100), PATIENT), meters)) {
            Overdue overdue = overdueWhenTheHeldInsertEnds(writer, held, first -> {});

            assertThat(overdue.first()).failsWithin(Duration.ofSeconds(30));
            overdue.leftBehind().get(20, TimeUnit.SECONDS);
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(2);
    }

    // A request whose rows become overdue while the insert before them runs (100 ms linger): how long
    // after that insert's answer they are stored, at most 20 s. With comesBackSilent, the answered
    // client announces its next request at once and never sends it.
    private Duration heldAfterAnOverdueInsert(EventWriter.Gathering gathering, boolean comesBackSilent) throws Exception {
        FirstInsertHeld held = new FirstInsertHeld(false);
        Duration waited;
        try (EventWriter writer = new EventWriter(held.store(), gathering(Duration.ofMillis(100), gathering), meters)) {
            Overdue overdue = overdueWhenTheHeldInsertEnds(writer, held, first -> {});
            overdue.first().get(30, TimeUnit.SECONDS);
            EventWriter.Arrival silent = comesBackSilent ? writer.arriving() : EventWriter.Arrival.none();
            overdue.leftBehind().get(20, TimeUnit.SECONDS);
            // From the release, which comes before the answer the grace counts from: however late
            // this thread wakes, the wait measured is never shorter than the writer's.
            waited = Duration.ofNanos(System.nanoTime() - overdue.releasedNanos());
            silent.close();
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(4);
        return waited;
    }

    private void assertTheReturningRequestJoinedTheLeftBehindRows() {
        assertThat(store.countTraces(PROJECT)).isEqualTo(6);
        assertThat(meters.get("glasshouse_ingest_flush").timer().count()).as("inserts: the first, then both others").isEqualTo(2);
    }

    private record Overdue(CompletableFuture<Void> first, CompletableFuture<Void> leftBehind, long releasedNanos) {}

    // Two rows go into an insert the test holds; two more are submitted meanwhile and left past
    // their linger (the writer's must be shorter than 300 ms); then the insert is let go. onFirst
    // sees the first request's future before its insert ends: what it chains runs on the writer's
    // thread when the answer goes out.
    private static Overdue overdueWhenTheHeldInsertEnds(EventWriter writer, FirstInsertHeld held,
            Consumer<CompletableFuture<Void>> onFirst) throws InterruptedException {
        CompletableFuture<Void> first = writer.submit(traces(0, 2));
        onFirst.accept(first);
        assertThat(held.inserting.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> leftBehind = writer.submit(traces(2, 2));
        Thread.sleep(300);
        long releasedNanos = System.nanoTime();
        held.release.countDown();
        return new Overdue(first, leftBehind, releasedNanos);
    }

    // The store, its first insert held (after counting down `inserting`) until `release`; with
    // fails, that insert then fails as storage that went away does.
    private final class FirstInsertHeld {
        final CountDownLatch inserting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final boolean fails;

        FirstInsertHeld(boolean fails) {
            this.fails = fails;
        }

        EventStore store() {
            AtomicBoolean first = new AtomicBoolean(true);
            return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("insertPrepared") && first.compareAndSet(true, false)) {
                            inserting.countDown();
                            release.await(30, TimeUnit.SECONDS);
                            if (fails) {
                                throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storage went away");
                            }
                        }
                        try {
                            return method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    void aLargeEnoughBatchGoesBeforeItsLingerOnceNothingArrivesAndASmallOneWaits() throws Exception {
        EventWriter.Gathering quiet =
                new EventWriter.Gathering(Duration.ZERO, Duration.ZERO, Duration.ofMillis(50), 3, Duration.ofSeconds(60));
        try (EventWriter writer = new EventWriter(store, gathering(Duration.ofSeconds(60), quiet), meters)) {
            CompletableFuture<Void> small = writer.submit(traces(0, 2));
            Thread.sleep(500); // ten quiet periods
            assertThat(small).as("two rows, below the three a quiet batch needs").isNotDone();

            CompletableFuture<Void> large = writer.submit(traces(2, 1));
            large.get(30, TimeUnit.SECONDS); // the linger is a minute
            assertThat(small).isCompleted();
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(3);
        assertThat(meters.get("glasshouse_ingest_flush").timer().count()).as("inserts").isEqualTo(1);
    }

    @Test
    void anAnnouncedRequestKeepsABatchFromCountingAsQuiet() throws Exception {
        EventWriter.Gathering quiet =
                new EventWriter.Gathering(Duration.ZERO, Duration.ZERO, Duration.ofMillis(50), 2, Duration.ofSeconds(60));
        try (EventWriter writer = new EventWriter(store, gathering(Duration.ofSeconds(60), quiet), meters)) {
            EventWriter.Arrival arriving = writer.arriving();
            CompletableFuture<Void> rows = writer.submit(traces(0, 2));
            Thread.sleep(500);
            assertThat(rows).as("an announced request may still join").isNotDone();

            arriving.close();
            rows.get(30, TimeUnit.SECONDS);
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(2);
    }

    @Test
    void anAnnouncementPastItsLimitNoLongerHoldsABatchPastItsLinger() throws Exception {
        // A grace of a minute: only the announcement's limit lets these rows go within 20 s.
        Duration held = heldByAnAnnouncementThatNeverArrives(new EventWriter.Gathering(
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ZERO, 1, Duration.ofMillis(300)));
        assertThat(held).as("held at least until the announcement expired").isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    // Two rows submitted while a request is announced that never arrives (a call opened that never
    // sends), with a 100 ms linger: how long until they are stored, at most 20 s.
    private Duration heldByAnAnnouncementThatNeverArrives(EventWriter.Gathering gathering) throws Exception {
        Duration held;
        try (EventWriter writer = new EventWriter(store, gathering(Duration.ofMillis(100), gathering), meters)) {
            EventWriter.Arrival silent = writer.arriving();
            long start = System.nanoTime();
            writer.submit(traces(0, 2)).get(20, TimeUnit.SECONDS);
            held = Duration.ofNanos(System.nanoTime() - start);
            silent.close();
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(2);
        return held;
    }

    @Test
    void anAnnouncementPastItsLimitNoLongerKeepsABatchFromCountingAsQuiet() throws Exception {
        EventWriter.Gathering limited =
                new EventWriter.Gathering(Duration.ZERO, Duration.ZERO, Duration.ofMillis(50), 2, Duration.ofSeconds(2));
        try (EventWriter writer = new EventWriter(store, gathering(Duration.ofSeconds(60), limited), meters)) {
            EventWriter.Arrival silent = writer.arriving();
            CompletableFuture<Void> rows = writer.submit(traces(0, 2));
            Thread.sleep(300);
            assertThat(rows).as("the announcement is still live").isNotDone();
            rows.get(20, TimeUnit.SECONDS); // the linger is a minute
            silent.close();
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(2);
    }

    @Test
    void aFullQueueRefusesWithTooManyRequestsAndCloseStoresWhatWasAccepted() {
        EventWriter writer = new EventWriter(store, settings(Duration.ofSeconds(30), 100, 100), meters);
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        // 90 rows wait (a full batch would be 100, so the flusher keeps lingering); 20 more do not fit.
        accepted.add(writer.submit(traces(0, 60)));
        accepted.add(writer.submit(traces(60, 30)));
        assertThatThrownBy(() -> writer.submit(traces(90, 20)))
                .isInstanceOfSatisfying(GlasshouseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS));

        writer.close();

        assertThat(accepted).allSatisfy(future -> assertThat(future).isCompleted().isNotCompletedExceptionally());
        assertThat(store.countTraces(PROJECT)).isEqualTo(90);
        assertThatThrownBy(() -> writer.submit(traces(200, 1)))
                .isInstanceOfSatisfying(GlasshouseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
    }

    @Test
    void aFailedInsertFailsItsWritersAndTheWriterKeepsWorking() {
        try (EventWriter writer = new EventWriter(store, settings(Duration.ofMillis(20), 1000, 10_000), meters)) {
            clickHouse.execute(io.glasshouse.storage.clickhouse.Sql.plain("RENAME TABLE traces TO traces_away"));
            assertThatThrownBy(() -> writer.write(traces(0, 2))).isInstanceOf(GlasshouseException.class);
            clickHouse.execute(io.glasshouse.storage.clickhouse.Sql.plain("RENAME TABLE traces_away TO traces"));
            writer.write(traces(2, 2));
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(2);
        assertThat(meters.get("glasshouse_ingest_flush_failures").counter().count()).isEqualTo(1);
    }

    @Test
    void everyBatchIsReleasedOnceBeforeItsAnswerWhetherStoredOrFailed() throws Exception {
        ReleaseCounting counting = new ReleaseCounting();
        try (EventWriter writer = new EventWriter(counting.store(), settings(Duration.ofMillis(20), 1000, 10_000), meters)) {
            CompletableFuture<Integer> stored = writer.submit(traces(0, 2)).thenApply(done -> counting.released.get());
            assertThat(stored).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(1);

            clickHouse.execute(io.glasshouse.storage.clickhouse.Sql.plain("RENAME TABLE traces TO traces_away"));
            CompletableFuture<Integer> failed = writer.submit(traces(2, 2)).handle((done, error) -> counting.released.get());
            assertThat(failed).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(2);
            clickHouse.execute(io.glasshouse.storage.clickhouse.Sql.plain("RENAME TABLE traces_away TO traces"));
        }
        assertThat(counting.prepared.get()).isEqualTo(2);
        assertThat(counting.released.get()).as("each once").isEqualTo(2);
    }

    @Test
    void anErrorThatStopsTheWriterStillAnswersAndReleasesWhatItTook() {
        ReleaseCounting counting = new ReleaseCounting(new OutOfMemoryError("simulated, by the test"));
        try (EventWriter writer = new EventWriter(counting.store(), settings(Duration.ofMillis(20), 1000, 10_000), meters)) {
            CompletableFuture<Integer> answered = writer.submit(traces(0, 2)).handle((done, error) -> {
                assertThat(error).isInstanceOfSatisfying(GlasshouseException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
                return counting.released.get();
            });
            assertThat(answered).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(1);

            // Nothing can be stored any more: said at once, not after each write's timeout.
            assertThat(writer.isWriting()).isFalse();
            assertThatThrownBy(() -> writer.submit(traces(5, 1)))
                    .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("the event writer stopped after an internal error");
                    });
        }
    }

    // The real store, its prepared batches counted as they are made and released; with an Error,
    // every insert throws it instead.
    private final class ReleaseCounting {
        final AtomicInteger prepared = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();
        private final Error insertError;

        ReleaseCounting() {
            this(null);
        }

        ReleaseCounting(Error insertError) {
            this.insertError = insertError;
        }

        private record Counted(EventStore.Prepared inner, AtomicInteger released) implements EventStore.Prepared {
            @Override
            public int rows() {
                return inner.rows();
            }

            @Override
            public void release() {
                released.incrementAndGet();
                inner.release();
            }
        }

        EventStore store() {
            return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                    (proxy, method, args) -> {
                        try {
                            return switch (method.getName()) {
                                case "prepare" -> {
                                    prepared.incrementAndGet();
                                    yield new Counted((EventStore.Prepared) method.invoke(store, args), released);
                                }
                                case "insertPrepared" -> {
                                    if (insertError != null) {
                                        throw insertError;
                                    }
                                    yield method.invoke(store, ((List<?>) args[0]).stream().map(p -> ((Counted) p).inner()).toList());
                                }
                                default -> method.invoke(store, args);
                            };
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    void aRowTheStoreRefusesFailsOnlyTheRequestThatSentIt() throws Exception {
        // A batch of 4 rows flushes once the two good requests are queued; the linger never ends it.
        try (EventWriter writer = new EventWriter(store, settings(Duration.ofSeconds(60), 4, 10_000), meters)) {
            CompletableFuture<Void> before = writer.submit(traces(0, 2));
            CompletableFuture<Void> poisoned = writer.submit(new EventBatch(traces(2, 1).traces(),
                    List.of(costing(generation(PROJECT, "trace-2", "too-expensive", 1), new BigDecimal("10000000"))),
                    List.of()));
            CompletableFuture<Void> after = writer.submit(traces(3, 2));

            // Refused while it was encoded, on the submitting thread, before any insert.
            assertThat(poisoned).isCompletedExceptionally();
            assertThatThrownBy(() -> poisoned.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(GlasshouseException.class);
            assertThat(before).succeedsWithin(Duration.ofSeconds(30));
            assertThat(after).succeedsWithin(Duration.ofSeconds(30));
        }
        assertThat(store.countTraces(PROJECT)).as("traces of the two good requests").isEqualTo(4);
        assertThat(store.countObservations(PROJECT)).isZero();
        assertThat(meters.get("glasshouse_ingest_flush_failures").counter().count()).isZero();
        assertThat(meters.get("glasshouse_ingest_flush").timer().count()).as("the good requests shared an insert").isEqualTo(1);
    }

    @Test
    void requestsEncodedApartAreStoredInOneInsertPerTable() throws Exception {
        // 4 requests of 4 rows fill one batch of 16 exactly; the linger never ends it.
        try (EventWriter writer = new EventWriter(store, settings(Duration.ofSeconds(60), 16, 10_000), meters)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                EventBatch traces = traces(i * 2, 2);
                List<ObservationRow> generations = List.of(
                        generation(PROJECT, "trace-" + (i * 2), "g-" + i + "-a", 1),
                        generation(PROJECT, "trace-" + (i * 2 + 1), "g-" + i + "-b", 1));
                done.add(writer.submit(new EventBatch(traces.traces(), generations, List.of())));
            }
            for (CompletableFuture<Void> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(store.countTraces(PROJECT)).isEqualTo(8);
        assertThat(store.countObservations(PROJECT)).isEqualTo(8);
        assertThat(store.findObservation(PROJECT, "g-3-b")).get()
                .satisfies(o -> assertThat(o.traceId()).isEqualTo("trace-7"));
        assertThat(meters.get("glasshouse_ingest_flush").timer().count()).isEqualTo(1);
    }

    @Test
    void aCommitCompletesOnceItsRowsAreReadable() throws Exception {
        try (EventWriter writer = new EventWriter(store, settings(Duration.ofMillis(50), 1000, 10_000), meters)) {
            CompletableFuture<Void> committed = writer.commit(traces(0, 3)).thenRun(() ->
                    assertThat(store.countTraces(PROJECT)).as("rows readable when the future completes").isEqualTo(3));

            committed.get(30, TimeUnit.SECONDS);
            assertThat(writer.commit(new EventBatch(List.of(), List.of(), List.of()))).isCompleted();
        }
    }

    @Test
    void aCommitFailsWithWhatWriteWouldThrow() {
        // Nothing flushes within the write timeout: the linger is a minute and no batch fills.
        EventWriter.Settings slow = new EventWriter.Settings(Duration.ofSeconds(60), 100, 100, Duration.ofMillis(200));
        try (EventWriter writer = new EventWriter(store, slow, meters)) {
            CompletableFuture<Void> late = writer.commit(traces(0, 90));
            CompletableFuture<Void> refused = writer.commit(traces(90, 20));

            assertThat(refused).failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingCause()
                    .isInstanceOfSatisfying(GlasshouseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS));
            assertThat(late).failsWithin(Duration.ofSeconds(30)).withThrowableThat().havingCause()
                    .isInstanceOfSatisfying(GlasshouseException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                        assertThat(e.getMessage()).startsWith("storing events took longer than");
                    });
        }
        try (EventWriter writer = new EventWriter(store, settings(Duration.ofMillis(20), 1000, 10_000), meters)) {
            clickHouse.execute(io.glasshouse.storage.clickhouse.Sql.plain("RENAME TABLE traces TO traces_away"));
            assertThat(writer.commit(traces(0, 2))).failsWithin(Duration.ofSeconds(30)).withThrowableThat().havingCause()
                    .isInstanceOf(GlasshouseException.class);
        }
    }

    // Decimal64(12) holds less than a million: ClickHouse refuses the whole insert.
    private static ObservationRow costing(ObservationRow o, BigDecimal total) {
        return new ObservationRow(o.projectId(), o.traceId(), o.id(), o.type(), o.parentObservationId(), o.name(),
                o.environment(), o.startTime(), o.endTime(), o.completionStartTime(), o.level(), o.statusMessage(),
                o.version(), o.input(), o.output(), o.metadata(), o.providedModelName(), o.internalModelId(),
                o.modelParameters(), o.providedUsageDetails(), o.usageDetails(), o.providedCostDetails(),
                Map.of("total", total), total, o.promptId(), o.promptName(), o.promptVersion(), o.resourceAttributes(),
                o.scopeName(), o.eventVersion(), o.deleted());
    }

    private static EventWriter.Settings graced(Duration linger, Duration arrivalGrace) {
        return gathering(linger, new EventWriter.Gathering(arrivalGrace, arrivalGrace, Duration.ZERO, 1, Duration.ofSeconds(60)));
    }

    private static EventWriter.Settings gathering(Duration linger, EventWriter.Gathering gathering) {
        return new EventWriter.Settings(linger, 10_000, 100_000, Duration.ofSeconds(60), gathering);
    }

    private static EventWriter.Settings settings(Duration linger, int maxBatchRows, int maxPendingRows) {
        return new EventWriter.Settings(linger, maxBatchRows, maxPendingRows, Duration.ofSeconds(60));
    }
}
