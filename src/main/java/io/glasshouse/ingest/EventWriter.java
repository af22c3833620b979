package io.glasshouse.ingest;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.EventBatch;
import io.glasshouse.storage.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: requests append their rows to one in-memory queue; a single flusher thread
 * stores everything queued as one insert per table once the oldest rows have waited
 * {@code linger} or {@code maxBatchRows} have gathered. A request is acknowledged only after its
 * rows are committed. The queue is bounded: when {@code maxPendingRows} are waiting, new writes
 * are refused with TOO_MANY_REQUESTS (HTTP 429) instead of growing memory.
 *
 * <p>Why linger instead of flushing whenever idle: every insert makes a new part per table, and
 * a steady trickle of tiny parts keeps ClickHouse's merges busy. One insert per table per linger
 * period bounds the part rate however many clients write. Under load the requests being decoded
 * announce themselves, so a large batch can go before its linger once nothing more is on the way,
 * and a batch past it can wait a moment for the ones about to join ({@link Gathering}).
 */
public final class EventWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

    /**
     * @param gathering when a batch counts as gathered before its linger has passed, or only some
     *     time after it; {@link Gathering#lingerOnly()} stores every batch at its linger
     */
    public record Settings(Duration linger, int maxBatchRows, int maxPendingRows, Duration writeTimeout, Gathering gathering) {
        public Settings {
            requireNonNull(linger, "linger is null");
            requireNonNull(writeTimeout, "writeTimeout is null");
            requireNonNull(gathering, "gathering is null");
            if (maxBatchRows < 1 || maxPendingRows < maxBatchRows) {
                throw new IllegalArgumentException("need 1 <= maxBatchRows <= maxPendingRows");
            }
        }

        /** A batch is stored once its linger has passed or it is full, nothing else. */
        public Settings(Duration linger, int maxBatchRows, int maxPendingRows, Duration writeTimeout) {
            this(linger, maxBatchRows, maxPendingRows, writeTimeout, Gathering.lingerOnly());
        }
    }

    /**
     * How the writer tells that a batch has gathered what it is going to get, with the requests
     * that announce themselves while they are decoded ({@link #arriving()}). Why: under sustained
     * load from clients that wait for their answer (SDK exporters do), the linger alone leaves the
     * engine idle once every client has sent, and splits batches when a few requests are still
     * being decoded at the deadline; both cost throughput (docs/RATIONALE.md, "Group commit
     * watches the requests being decoded").
     *
     * @param arrivalGrace once the linger has passed, a batch waits for the requests that were
     *     being decoded when it did (not for later ones, so a steady stream of requests does not
     *     hold it up) for as long as one of them arrives (is queued or fails) at least this often;
     *     a batch already past its linger when an insert ends also waits so for the requests of
     *     the clients that insert answered ({@code expectAnsweredClients}); zero: not at all
     * @param longestGrace however steadily they arrive, the batch waits no longer than this past
     *     its linger (or past the end of that insert)
     * @param quietPeriod a batch of at least {@code quietMinRows} is stored before its linger once
     *     no request is announced and none has been queued for this long; zero: never
     * @param quietMinRows the smallest batch stored early; small batches wait out the linger, so
     *     light traffic still makes at most one insert per linger
     * @param announcementLimit how long an announcement counts; an older one is ignored by both
     *     rules until it is closed. Requests may be announced when their first bytes arrive (OTLP/gRPC
     *     announces a call when its stream opens), and a client that opens a call and sends nothing
     *     must not hold every batch for the grace or keep it from counting as quiet.
     */
    public record Gathering(Duration arrivalGrace, Duration longestGrace, Duration quietPeriod, int quietMinRows,
            Duration announcementLimit) {
        public Gathering {
            requireNonNull(arrivalGrace, "arrivalGrace is null");
            requireNonNull(longestGrace, "longestGrace is null");
            requireNonNull(quietPeriod, "quietPeriod is null");
            requireNonNull(announcementLimit, "announcementLimit is null");
            if (arrivalGrace.isNegative() || longestGrace.isNegative() || quietPeriod.isNegative() || quietMinRows < 1
                    || !announcementLimit.isPositive()) {
                throw new IllegalArgumentException(
                        "need graces and a quiet period >= 0, quietMinRows >= 1 and a positive announcementLimit");
            }
        }

        public static Gathering lingerOnly() {
            return new Gathering(Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, Duration.ofSeconds(1));
        }

        /**
         * The server's: past its linger, a batch waits for the requests decoded by then as long as
         * one of them arrives every half linger (100 ms by default: longer than most young-GC
         * pauses under full load, which stop every arrival at once), for at most one more linger;
         * and a batch is stored after 10 ms without an arrival once it holds what 10,000 rows a
         * second bring in one linger (2,000 rows at the default 200 ms). Traffic slower than that
         * never gathers them, so it is stored at the linger as before, whatever linger the operator
         * chose to bound the insert rate. An insert costs the engine 50-100 ms of CPU however small
         * (docs/benchmarks.md, "Light, steady traffic"); from 2,000 rows on that is a small part of
         * the batch's own cost. An announcement counts for a second, or for the linger when that is
         * longer: under load a request waits up to a few hundred milliseconds for a thread to
         * decode it after it is announced.
         */
        public static Gathering forLinger(Duration linger) {
            long rows = Math.clamp(linger.toMillis() * 10, 1, Integer.MAX_VALUE);
            Duration limit = linger.compareTo(Duration.ofSeconds(1)) > 0 ? linger : Duration.ofSeconds(1);
            return new Gathering(linger.dividedBy(2), linger, Duration.ofMillis(10), (int) rows, limit);
        }
    }

    private record Pending(EventStore.Prepared batch, CompletableFuture<Void> done, long enqueuedNanos) {
        // The batch is done with for good: its rows are freed, then the request is answered.
        // Idempotent.
        void finish(RuntimeException failure) {
            try {
                batch.release();
            } catch (RuntimeException e) {
                LOG.error("freeing a stored batch's rows failed", e);
            }
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        }
    }

    private final EventStore store;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Thread flusher;
    private final Counter rowsWritten;
    private final Counter flushFailures;
    private final Counter rejected;
    private final Timer flushTimer;
    private int pendingRows;
    // The requests announced by arriving() and not yet queued or abandoned: ticket -> when announced
    // (System.nanoTime()). Tickets are handed out in time order under the lock, so the entry with
    // the highest ticket is also the youngest.
    private final TreeMap<Long, Long> announced = new TreeMap<>();
    private long lastTicket;
    // While a batch past its linger waits for the requests announced by then: the newest of those
    // tickets, and when one of them last arrived (or the wait began). -1: no batch is waiting.
    private long awaitedUpTo = -1;
    private long awaitedProgressNanos;
    // After an insert that ended with the next batch already past its linger: the highest ticket the
    // requests of the clients it answers can have (the last ticket before the answers plus the
    // requests answered), and when it ended. 0: nothing expected. See expectAnsweredClients().
    private long answeredUpTo;
    private long answeredAtNanos;
    private boolean closing;
    // Set, under the lock, when the flusher died of an Error: nothing can be stored any more.
    private volatile Error stoppedBy;

    private static final String STOPPED = "the event writer stopped after an internal error (the server log has it);"
            + " no event can be stored until the server is restarted";

    public EventWriter(EventStore store, Settings settings, MeterRegistry meters) {
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.rowsWritten = meters.counter("glasshouse_ingest_rows_written");
        this.flushFailures = meters.counter("glasshouse_ingest_flush_failures");
        this.rejected = meters.counter("glasshouse_ingest_rejected_rows");
        this.flushTimer = meters.timer("glasshouse_ingest_flush");
        Gauge.builder("glasshouse_ingest_pending_rows", this, EventWriter::pendingRows).register(meters);
        Gauge.builder("glasshouse_ingest_announced_requests", this, EventWriter::announcedRequests).register(meters);
        this.flusher = Thread.ofPlatform().name("event-writer").daemon(false).start(this::flushLoop);
    }

    /**
     * Queues the rows; the future completes when they are committed. The rows are prepared
     * (encoded) here, on the caller's thread: request threads run in parallel, the flusher is one
     * thread, and everything it does lengthens every request's wait (docs/RATIONALE.md, "The
     * writer only stores").
     */
    public CompletableFuture<Void> submit(EventBatch batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // Refused before the encoding too, so an overloaded server answers 429 without the work.
        lock.lock();
        try {
            refuseIfClosingOrFull(batch.size());
        } finally {
            lock.unlock();
        }
        EventStore.Prepared prepared;
        try {
            prepared = store.prepare(batch);
        } catch (RuntimeException e) {
            // A value no column can hold: this request fails alone, as storeEachAlone would make it.
            return CompletableFuture.failedFuture(e);
        }
        lock.lock();
        try {
            refuseIfClosingOrFull(prepared.rows());
            Pending pending = new Pending(prepared, new CompletableFuture<>(), System.nanoTime());
            queue.add(pending);
            pendingRows += prepared.rows();
            changed.signalAll();
            return pending.done();
        } catch (RuntimeException | Error refused) {
            prepared.release();
            throw refused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * False once the writer's thread has died of an Error (out of memory, most likely): every
     * write is refused from then on, and the health check says so, so that a supervisor restarts
     * the server instead of it answering 503 to every write while looking healthy.
     */
    public boolean isWriting() {
        return stoppedBy == null;
    }

    // Called with the lock held.
    private void refuseIfClosingOrFull(int rows) {
        if (stoppedBy != null) {
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, STOPPED);
        }
        if (closing) {
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "the server is shutting down; retry shortly");
        }
        if (pendingRows + rows > settings.maxPendingRows() && pendingRows > 0) {
            rejected.increment(rows);
            throw new GlasshouseException(ErrorCode.TOO_MANY_REQUESTS,
                    "ingestion queue is full (" + pendingRows + " rows waiting); retry after a second");
        }
    }

    /** Queues the rows and waits until they are committed. */
    public void write(EventBatch batch) {
        awaitCommit(submit(batch));
    }

    private void awaitCommit(CompletableFuture<Void> done) {
        try {
            done.get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "interrupted while storing events");
        }
    }

    /**
     * As {@link #write}, without a thread waiting: the future completes once the rows are
     * committed, and fails with the GlasshouseException {@link #write} would throw (a full queue,
     * a failed insert, or no commit within the write timeout). For callers that answer from a
     * callback (OTLP/gRPC). Callbacks chained without an executor run on the writer's one thread,
     * which every request waits for: keep them to a hand-off.
     */
    public CompletableFuture<Void> commit(EventBatch batch) {
        CompletableFuture<Void> done;
        try {
            done = submit(batch);
        } catch (GlasshouseException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        if (done.isDone() && !done.isCompletedExceptionally()) {
            return done;
        }
        return done.orTimeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(e)));
    }

    // What a request is told when its rows were not committed.
    private GlasshouseException failure(Throwable cause) {
        Throwable failure = cause instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : cause;
        if (failure instanceof GlasshouseException known) {
            return known;
        }
        if (failure instanceof TimeoutException) {
            return new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storing events took longer than "
                    + settings.writeTimeout().toSeconds() + " s; retry");
        }
        return new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storing events failed; retry", failure);
    }

    /**
     * Announces a request that is being decoded and will submit rows soon; close the result once
     * it has (or has failed). While any is outstanding, a batch does not count as quiet, and a batch
     * whose linger has passed waits for the requests that were announced by then while they keep
     * arriving, up to the {@link Gathering#longestGrace()} ({@link Gathering}).
     */
    public Arrival arriving() {
        lock.lock();
        try {
            long ticket = ++lastTicket;
            long now = System.nanoTime();
            announced.put(ticket, now);
            if (ticket <= answeredUpTo) {
                // Likely a client the last insert answered, coming back: the overdue batch waits for it.
                awaitedUpTo = ticket;
                awaitedProgressNanos = now;
                changed.signalAll();
            }
            return new Arrival(this, ticket);
        } finally {
            lock.unlock();
        }
    }

    /** A request announced by {@link #arriving()}; closing it (once, idempotent) ends the announcement. */
    public static final class Arrival implements AutoCloseable {
        private static final Arrival NONE = new Arrival(null, 0);
        private final EventWriter writer;
        private final long ticket;

        private Arrival(EventWriter writer, long ticket) {
            this.writer = writer;
            this.ticket = ticket;
        }

        /** An announcement of nothing, for callers without a writer to tell (tests, tools). */
        public static Arrival none() {
            return NONE;
        }

        /** As {@link EventWriter#write}, ending the announcement as soon as the rows are queued. */
        public void write(EventBatch batch) {
            if (writer == null) {
                throw new IllegalStateException("an announcement of nothing has no writer to write to");
            }
            CompletableFuture<Void> done;
            try {
                done = writer.submit(batch);
            } finally {
                close();
            }
            writer.awaitCommit(done);
        }

        @Override
        public void close() {
            if (writer == null) {
                return;
            }
            writer.lock.lock();
            try {
                // Tickets are unique, so only the first close finds its own.
                if (writer.announced.remove(ticket) != null) {
                    if (ticket <= writer.awaitedUpTo) {
                        writer.awaitedProgressNanos = System.nanoTime();
                    }
                    writer.changed.signalAll();
                }
            } finally {
                writer.lock.unlock();
            }
        }
    }

    public int pendingRows() {
        lock.lock();
        try {
            return pendingRows;
        } finally {
            lock.unlock();
        }
    }

    /** Requests announced ({@link #arriving()}) and not yet queued or abandoned, live or past their limit. */
    public int announcedRequests() {
        lock.lock();
        try {
            return announced.size();
        } finally {
            lock.unlock();
        }
    }

    private void flushLoop() {
        while (true) {
            List<Pending> taken = takeNextBatch();
            if (taken == null) {
                return;
            }
            flush(taken);
        }
    }

    /**
     * Heals a split. Clients that wait for their answer before sending again (SDK exporters,
     * bench/ingest's senders) form a closed loop: once a batch has been cut without some of their
     * requests (a GC pause held them past its deadline), those go in the next batch, which is
     * overdue by the time this insert ends, and would be cut at once, without the requests of the
     * clients this insert just answered, which come back within milliseconds. The two groups would
     * then alternate for as long as the load lasts, each insert half the size (docs/RATIONALE.md,
     * "A split batch heals"). So a batch overdue when an insert ends also waits for as many newly
     * announced requests as the insert answered, with the same grace between arrivals, at most the
     * longest grace after the insert. Not when the batch was not yet due: then it still gathers
     * as usual, and the answered clients can join it. Not after a failed insert either: clients
     * answered with an error come back after their Retry-After, if at all. Called before the
     * answers go out: a client can be back before the writer looks again (an OTLP/gRPC answer is
     * sent from the writer's thread), and its announcement must count as one of them.
     */
    private void expectAnsweredClients(int answered) {
        Gathering gathering = settings.gathering();
        lock.lock();
        try {
            long now = System.nanoTime();
            if (closing || queue.isEmpty() || !gathering.arrivalGrace().isPositive()
                    || now - (queue.peek().enqueuedNanos() + settings.linger().toNanos()) < 0) {
                return;
            }
            awaitedUpTo = lastTicket;
            awaitedProgressNanos = now;
            answeredUpTo = lastTicket + answered;
            answeredAtNanos = now;
        } finally {
            lock.unlock();
        }
    }

    // Waits for rows, then for the linger period or a full batch; returns null once closed and drained.
    private List<Pending> takeNextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closing) {
                    return null;
                }
                changed.awaitUninterruptibly();
            }
            long deadline = queue.peek().enqueuedNanos() + settings.linger().toNanos();
            while (!closing && pendingRows < settings.maxBatchRows()) {
                long now = System.nanoTime();
                long wait;
                if (now - deadline < 0) {
                    wait = untilGatheredEarly(deadline, now);
                } else {
                    if (awaitedUpTo < 0) { // the deadline has just been seen to pass
                        awaitedUpTo = lastTicket;
                        awaitedProgressNanos = now; // later than the deadline when the previous insert ran long
                    }
                    wait = untilGraceEnds(deadline, now);
                }
                if (wait <= 0) {
                    break;
                }
                try {
                    changed.awaitNanos(wait);
                } catch (InterruptedException e) {
                    // Only close() interrupts nobody; keep draining regardless.
                }
            }
            awaitedUpTo = -1;
            answeredUpTo = 0;
            List<Pending> taken = new ArrayList<>();
            int rows = 0;
            while (!queue.isEmpty() && (taken.isEmpty() || rows + queue.peek().batch().rows() <= settings.maxBatchRows())) {
                Pending next = queue.poll();
                rows += next.batch().rows();
                taken.add(next);
            }
            pendingRows -= rows;
            changed.signalAll();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    // Before the deadline: nanoseconds until the batch counts as gathered, which only the quiet
    // rule can make sooner than the deadline. Called with the lock held.
    private long untilGatheredEarly(long deadline, long now) {
        Gathering gathering = settings.gathering();
        if (!gathering.quietPeriod().isPositive() || pendingRows < gathering.quietMinRows()) {
            return deadline - now;
        }
        long youngestExpires = expiry(announced.lastEntry(), now);
        if (youngestExpires - now > 0) {
            // Not quiet while a live announcement is out; look again when it expires.
            return Math.min(deadline, youngestExpires) - now;
        }
        long quietEnd = queue.peekLast().enqueuedNanos() + gathering.quietPeriod().toNanos();
        return Math.min(deadline - now, quietEnd - now);
    }

    // Past the deadline: nanoseconds to go on waiting for the requests announced by then (tickets up
    // to awaitedUpTo) and, after an overdue insert, for those of the clients it answered: while one
    // of them arrived (or was announced) within the grace, within the longest grace; 0 once none
    // is live and none is expected. Called with the lock held.
    private long untilGraceEnds(long deadline, long now) {
        Gathering gathering = settings.gathering();
        boolean expecting = awaitedUpTo < answeredUpTo;
        // The youngest of them expires last: while it is live, it is waited for (and any older one).
        long youngestExpires = expiry(announced.floorEntry(awaitedUpTo), now);
        if (!expecting && youngestExpires - now <= 0) {
            return 0;
        }
        long untilStalled = awaitedProgressNanos + gathering.arrivalGrace().toNanos() - now;
        long graceFrom = answeredUpTo > 0 ? answeredAtNanos : deadline;
        long untilLongest = graceFrom + gathering.longestGrace().toNanos() - now;
        long wait = Math.min(untilStalled, untilLongest);
        return Math.max(0, expecting ? wait : Math.min(wait, youngestExpires - now));
    }

    // When an announcement stops counting; for none, now.
    private long expiry(Map.Entry<Long, Long> announcement, long now) {
        if (announcement == null) {
            return now;
        }
        return announcement.getValue() + settings.gathering().announcementLimit().toNanos();
    }

    private void flush(List<Pending> taken) {
        try {
            insertTaken(taken);
        } catch (Error e) {
            // The flusher is about to die (out of memory, most likely): answer and free what it took.
            // Finishing one twice changes nothing: its answer stays as it was, its rows stay freed.
            GlasshouseException failure = new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, "storing events failed; retry", e);
            stopAfter(e); // first: a client that retries on this answer is refused at once
            taken.forEach(p -> p.finish(failure));
            throw e;
        }
    }

    // The flusher is dying: refuse every later write, and answer and free what is still queued,
    // which no thread would ever store (its callers would wait for their timeout, or forever).
    private void stopAfter(Error e) {
        List<Pending> left;
        lock.lock();
        try {
            stoppedBy = e;
            left = new ArrayList<>(queue);
            queue.clear();
            pendingRows = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        GlasshouseException failure = new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE, STOPPED, e);
        left.forEach(p -> p.finish(failure));
    }

    private void insertTaken(List<Pending> taken) {
        List<EventStore.Prepared> batches = taken.stream().map(Pending::batch).toList();
        int rows = batches.stream().mapToInt(EventStore.Prepared::rows).sum();
        long start = System.nanoTime();
        try {
            store.insertPrepared(batches);
            flushTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            rowsWritten.increment(rows);
            expectAnsweredClients(taken.size());
            taken.forEach(p -> p.finish(null));
        } catch (RuntimeException e) {
            flushFailures.increment();
            LOG.warn("storing {} event rows failed: {}", rows, e.getMessage());
            if (taken.size() > 1 && refusedItsData(e)) {
                storeEachAlone(taken);
                return;
            }
            taken.forEach(p -> p.finish(e));
        }
    }

    // The engine answered and refused the statement: most likely one row it cannot hold. Storage
    // that does not answer (STORAGE_UNAVAILABLE) is not retried; that would only multiply waits.
    private static boolean refusedItsData(RuntimeException e) {
        return e instanceof GlasshouseException known && known.code() == ErrorCode.STORAGE_ERROR;
    }

    /**
     * One request's bad row must not fail every request that shared its insert: each request's
     * rows are stored alone, so only the request that brought the row fails. Rows of the failed
     * insert that did reach a table are written again with the same versions, which the
     * ReplacingMergeTree tables fold into one.
     */
    private void storeEachAlone(List<Pending> taken) {
        int failed = 0;
        for (Pending pending : taken) {
            try {
                store.insertPrepared(List.of(pending.batch()));
                rowsWritten.increment(pending.batch().rows());
                pending.finish(null);
            } catch (RuntimeException e) {
                failed++;
                pending.finish(e);
            }
        }
        LOG.warn("stored the {} requests of the failed insert one by one: {} failed", taken.size(), failed);
    }

    /** Refuses new writes, stores everything already accepted, then stops the flusher. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
