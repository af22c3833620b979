package io.glasshouse.ingest;

import static java.util.Comparator.comparing;
import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.EventBatch;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.StoredRows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Folds trace and observation patches into whole rows without reading ClickHouse on the hot path.
 * A bounded cache of recently merged rows (LRU by count and by approximate bytes) holds the latest
 * state of each trace and observation; a patch merges onto it (rules in {@link PatchFolding}). On a
 * cache miss a create starts a fresh row, while an explicit update looks the observation up in
 * {@link StoredRows} — once per {@link #merge} call for all such misses, again only if the cache
 * changed during the read — and starts fresh only when it was never stored, as Langfuse does.
 *
 * <p>Each merged row gets a strictly increasing {@code eventVersion}, so the newest merge wins in
 * ReplacingMergeTree however the writes interleave. When a merge moves a row to another sorting
 * key or partition (a changed trace id, a start time in another month), ReplacingMergeTree cannot
 * replace the old row; the merger then also emits a deleted copy of the old row (a tombstone under
 * the old key) with a lower version than the new row.
 *
 * <p>Only explicit updates are looked up, and patches for observations the cache was told are
 * stored ({@link #stored}: OTLP spans, which carry their largest values, input and output, and
 * which nothing updates, leave the cache as a marker once their insert succeeded). A trace-create
 * or observation create for a row that has left the cache (SDKs update traces by sending
 * trace-create again) starts from what it carries, and its version replaces the stored row; with
 * the default bounds that needs tens of thousands of newer rows in between.
 *
 * <p>The cache holds a merge as soon as it is made, before its write commits. After a failed
 * write the client's retry folds the same patches onto that state again, which changes nothing.
 *
 * <p>Thread-safe: folding happens under one lock (map operations only); look-ups and pricing run
 * outside it.
 */
public final class RowMerger {
    /**
     * Bounds of the recent-rows cache.
     *
     * @param maxCachedRows rows kept; 0 disables the cache (every update then reads the store)
     * @param maxCachedBytes approximate heap bytes of the cached rows; a row larger than this is not cached
     */
    public record Settings(int maxCachedRows, long maxCachedBytes) {
        public static final int DEFAULT_MAX_CACHED_ROWS = 50_000;
        public static final long DEFAULT_MAX_CACHED_BYTES = 256L * 1024 * 1024;

        public Settings {
            if (maxCachedRows < 0 || maxCachedBytes < 0) {
                throw new IllegalArgumentException("cache bounds must not be negative");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_CACHED_ROWS, DEFAULT_MAX_CACHED_BYTES);
        }
    }

    private enum Kind {
        TRACE,
        OBSERVATION
    }

    private record Key(ProjectId project, Kind kind, String id) {}

    /**
     * What the cache keeps of an observation once it is stored and let go of (see stored()): that
     * it exists, and its version, so that the next patch reads it back before folding and a read
     * that returned an older version is made again.
     */
    private record Stored(long eventVersion) {}

    private static final long STORED_WEIGHT = 200;
    private static final long NO_MARKER = Long.MIN_VALUE;
    // Reads of the stored rows per merge: each read after the first means a row was stored (a
    // commit landed) while the previous read ran. Past that the merge fails, to be retried.
    private static final int MAX_STORED_ROW_READS = 4;

    /** A row being merged: as last persisted (cache or store; null if new) and as folded so far. */
    private static final class Pending<R> {
        final R persisted;
        R current;
        boolean traceNamed;

        Pending(R persisted) {
            this.persisted = persisted;
        }
    }

    /** A merged observation before pricing, under its cache key. */
    private record Merged(Key key, ObservationRow row) {}

    private static final Comparator<ObservationPatch> OBSERVATION_ORDER =
            comparing(ObservationPatch::update).thenComparing(ObservationPatch::eventTime);

    // One clock for the process: rows merged by different mergers (tests, tools) still get
    // distinct, ordered versions. Mergers must still not share rows: run one per process.
    private static final AtomicLong LAST_VERSION = new AtomicLong();

    private final ObservationPricing pricing;
    private final StoredRows storedRows;
    private final LruCache<Key, Object> recent;
    // Cached observations not priced yet (identity): merged under the lock, priced after it. A
    // merge that replaces one of them prices it again to know what the rollup must subtract.
    private final Set<ObservationRow> unpriced = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ReentrantLock lock = new ReentrantLock();
    // Observations stored since the last merge, whose text the cache may let go of (stored()).
    private final Queue<List<ObservationRow>> storedSinceLastMerge = new ConcurrentLinkedQueue<>();

    public RowMerger(ObservationPricing pricing, StoredRows storedRows, Settings settings) {
        this.pricing = requireNonNull(pricing, "pricing is null");
        this.storedRows = requireNonNull(storedRows, "storedRows is null");
        requireNonNull(settings, "settings is null");
        this.recent = new LruCache<>(settings.maxCachedRows(), settings.maxCachedBytes(),
                row -> row instanceof Stored ? STORED_WEIGHT : PatchFolding.weight(row));
    }

    /**
     * Merges the patches (in any order: they are applied by event time, creates before updates)
     * into the rows to store: one row per trace and observation, plus tombstones for rows that
     * moved key and wrapper traces for observations that name no trace. Observation rows are priced.
     * The batch also carries the live observation versions these rows replace (from the cache or
     * the store, priced), so the metrics rollup can subtract them; a replaced row the merger does
     * not know (a create for a row that left the cache) is not among them — the reconciler
     * repairs that drift (docs/RATIONALE.md, "Metrics rollup").
     */
    public EventBatch merge(List<TracePatch> tracePatches, List<ObservationPatch> observationPatches) {
        List<TracePatch> traces = new ArrayList<>(tracePatches);
        traces.sort(comparing(TracePatch::eventTime));
        List<ObservationPatch> observations = new ArrayList<>(observationPatches);
        observations.sort(OBSERVATION_ORDER);

        List<TraceRow> traceRows = new ArrayList<>();
        List<ObservationRow> observationRows = new ArrayList<>();
        List<Merged> merged = new ArrayList<>();
        List<ObservationRow> replaced = new ArrayList<>();
        List<ObservationRow> replacedUnpriced = new ArrayList<>();
        Map<Key, TraceRow> storedTraces = storedTracesToUpdate(traces);
        Map<Key, ObservationRow> stored = lockWithStoredRows(observations);
        try {
            Map<Key, Pending<ObservationRow>> pendingObservations = new LinkedHashMap<>();
            Map<Key, Pending<TraceRow>> pendingTraces = new LinkedHashMap<>();
            for (ObservationPatch patch : observations) {
                Key key = new Key(patch.projectId(), Kind.OBSERVATION, patch.id());
                Pending<ObservationRow> pending = pendingObservations.computeIfAbsent(key, k -> {
                    Object cached = recent.get(k);
                    return new Pending<>(cached instanceof ObservationRow row ? row : stored.get(k));
                });
                ObservationRow base = pending.current != null ? pending.current : pending.persisted;
                pending.current = PatchFolding.fold(base, patch, patch.id());
                pending.traceNamed |= patch.traceId() != null;
            }
            pendingObservations.forEach((key, pending) -> {
                if (pending.persisted == null && !pending.traceNamed) {
                    wrapperTrace(pendingTraces, pending.current);
                }
            });
            for (TracePatch patch : traces) {
                Key key = new Key(patch.projectId(), Kind.TRACE, patch.id());
                Pending<TraceRow> pending = pendingTraces.computeIfAbsent(key, k -> {
                    Object cached = recent.get(k);
                    return new Pending<>(cached instanceof TraceRow row ? row : storedTraces.get(k));
                });
                pending.current = PatchFolding.fold(pending.current != null ? pending.current : pending.persisted, patch);
            }
            pendingTraces.forEach((key, pending) -> {
                if (pending.persisted != null && PatchFolding.movesKey(pending.persisted, pending.current)) {
                    traceRows.add(pending.persisted.versioned(nextVersionAbove(pending.persisted.eventVersion()), true));
                }
                TraceRow row = pending.current.versioned(nextVersionAbove(pending.current.eventVersion()), false);
                traceRows.add(row);
                recent.put(key, row);
            });
            pendingObservations.forEach((key, pending) -> {
                if (pending.persisted != null && PatchFolding.movesKey(pending.persisted, pending.current)) {
                    observationRows.add(pending.persisted.versioned(nextVersionAbove(pending.persisted.eventVersion()), true));
                }
                if (pending.persisted != null && !pending.persisted.deleted()) {
                    (unpriced.contains(pending.persisted) ? replacedUnpriced : replaced).add(pending.persisted);
                }
                ObservationRow row = pending.current.versioned(nextVersionAbove(pending.current.eventVersion()), false);
                observationRows.add(row);
                merged.add(new Merged(key, row));
                recent.put(key, row);
                unpriced.add(row);
            });
        } finally {
            lock.unlock();
        }
        // Pricing is a function of the row alone, so it may run after the lock: whichever copy is
        // stored, the one with the higher version wins and it was priced from its own content.
        List<ObservationRow> priced = new ArrayList<>(observationRows.size());
        try {
            for (ObservationRow row : observationRows) {
                priced.add(row.deleted() ? row : pricing.price(row));
            }
            for (ObservationRow row : replacedUnpriced) {
                replaced.add(pricing.price(row));
            }
        } finally {
            cachePriced(merged, observationRows, priced);
        }
        return new EventBatch(traceRows, priced, List.of(), replaced);
    }

    // The cache keeps the priced row, so the next merge onto it knows the stored contribution
    // (costs, normalised usage) it replaces — unless a newer merge took the entry meanwhile. Runs
    // also when pricing failed part-way, so no row stays in the unpriced set.
    private void cachePriced(List<Merged> merged, List<ObservationRow> unpricedRows, List<ObservationRow> priced) {
        Map<ObservationRow, ObservationRow> pricedByRow = new IdentityHashMap<>();
        for (int i = 0; i < priced.size(); i++) {
            pricedByRow.put(unpricedRows.get(i), priced.get(i));
        }
        lock.lock();
        try {
            for (Merged entry : merged) {
                unpriced.remove(entry.row());
                ObservationRow pricedRow = pricedByRow.get(entry.row());
                if (pricedRow != null && recent.contains(entry.key()) && recent.get(entry.key()) == entry.row()) {
                    recent.put(entry.key(), pricedRow);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets go of the cached copies of these observations, now that they are stored, for rows no
     * patch is expected to extend: OTLP spans arrive finished, and nothing updates them. The cache
     * then only remembers that each is stored; a later patch for one of them (a retried export, an
     * update through the batch API) reads the stored row first, as for a row that left the cache,
     * so the merge stays whole and the rollup still learns what it replaces.
     *
     * <p>Why: a cached row holds the span's input and output, the largest values of a GenAI span.
     * Kept until evicted (seconds under load), every one of them outlives young collections and
     * is copied and promoted; let go of once stored, they die young.
     *
     * <p>Call it only after the rows' insert succeeded, else a patch would read a stored row that
     * is not there yet. It takes no lock (the writer's thread calls it, and must not wait for a
     * request thread that lost its core while holding the lock): the next merge applies it, under
     * the lock it takes anyway. A row that a newer merge replaced meanwhile is left as it is.
     */
    public void stored(List<ObservationRow> rows) {
        storedSinceLastMerge.add(rows);
    }

    // Under the lock.
    private void forgetStoredText() {
        List<ObservationRow> rows;
        while ((rows = storedSinceLastMerge.poll()) != null) {
            for (ObservationRow row : rows) {
                Key key = new Key(row.projectId(), Kind.OBSERVATION, row.id());
                if (!row.deleted() && recent.get(key) == row) {
                    recent.put(key, new Stored(row.eventVersion()));
                }
            }
        }
    }

    /** A fresh version for a row merged elsewhere (scores): higher than every version handed out before. */
    public long nextEventVersion() {
        return nextVersionAbove(0);
    }

    /** As {@link #nextEventVersion()}, and above {@code floor} (the version of a stored row to supersede). */
    public long nextEventVersionAbove(long floor) {
        return nextVersionAbove(floor);
    }

    /** Rows in the recent-rows cache; for tests and metrics. */
    public int cachedRows() {
        lock.lock();
        try {
            forgetStoredText();
            return recent.size();
        } finally {
            lock.unlock();
        }
    }

    /** Approximate heap bytes of the recent-rows cache; for tests and metrics. */
    public long cachedBytes() {
        lock.lock();
        try {
            forgetStoredText();
            return recent.weight();
        } finally {
            lock.unlock();
        }
    }

    // Microseconds since the epoch, made strictly increasing, and above the version the merged row
    // had: a clock that went back across a restart must not let an older merge win.
    private long nextVersionAbove(long floor) {
        long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        return LAST_VERSION.updateAndGet(last -> Math.max(Math.max(now, last + 1), floor + 1));
    }

    /**
     * The stored rows of the traces that update patches name ({@link TracePatch#update()}) but the
     * cache no longer holds and no patch of this merge creates: without them an update (a late
     * span, the SDKs' trace.update()) would start the trace from nothing, and its newer version
     * would hide the stored name, user, input and the rest. Read outside the lock, as observations'
     * are; a trace another merge caches meanwhile is taken from the cache instead (it is at least
     * as new). Creates are not looked up: they carry the trace's fields themselves.
     */
    private Map<Key, TraceRow> storedTracesToUpdate(List<TracePatch> traces) {
        Set<Key> created = new HashSet<>();
        List<Key> updated = new ArrayList<>();
        for (TracePatch patch : traces) {
            Key key = new Key(patch.projectId(), Kind.TRACE, patch.id());
            if (patch.update()) {
                updated.add(key);
            } else {
                created.add(key);
            }
        }
        if (updated.isEmpty()) {
            return Map.of();
        }
        Map<ProjectId, Set<String>> missing = new HashMap<>();
        lock.lock();
        try {
            for (Key key : updated) {
                if (!created.contains(key) && !recent.contains(key)) {
                    missing.computeIfAbsent(key.project(), project -> new LinkedHashSet<>()).add(key.id());
                }
            }
        } finally {
            lock.unlock();
        }
        Map<Key, TraceRow> found = new HashMap<>();
        missing.forEach((project, ids) -> storedRows.findTraces(project, ids)
                .forEach((id, row) -> found.put(new Key(project, Kind.TRACE, id), row)));
        return found;
    }

    /**
     * Takes the lock once every stored row the patches need has been read, and returns those rows.
     * The reads run outside the lock; since the cache may change meanwhile (a row evicted, or let go
     * of by {@link #stored}), what is needed is checked again under the lock, and read too if more.
     */
    private Map<Key, ObservationRow> lockWithStoredRows(List<ObservationPatch> observations) {
        Map<Key, ObservationRow> found = new HashMap<>();
        // Per key read: the version its marker had when the read was decided (NO_MARKER if none).
        Map<Key, Long> read = new HashMap<>();
        for (int reads = 0; ; reads++) {
            lock.lock();
            Map<ProjectId, Set<String>> missing;
            try {
                forgetStoredText();
                missing = storedRowsNeeded(observations, read, found);
            } catch (RuntimeException | Error e) {
                lock.unlock();
                throw e;
            }
            if (missing.isEmpty()) {
                return found;
            }
            lock.unlock();
            if (reads == MAX_STORED_ROW_READS) {
                throw new GlasshouseException(ErrorCode.STORAGE_UNAVAILABLE,
                        "an observation was stored again each time it was read; retry");
            }
            missing.forEach((project, ids) -> storedRows.findObservations(project, ids)
                    .forEach((id, row) -> found.put(new Key(project, Kind.OBSERVATION, id), row)));
        }
    }

    // Under the lock: the observations whose stored row must be read (again) before their patches
    // fold, recorded in `read` as it returns them. An update needs its row unless the cache holds
    // it or this batch creates it; any patch needs it when the cache only remembers that the row
    // is stored.
    private Map<ProjectId, Set<String>> storedRowsNeeded(List<ObservationPatch> observations, Map<Key, Long> read,
            Map<Key, ObservationRow> found) {
        Map<ProjectId, Set<String>> missing = new HashMap<>();
        Set<Key> createdHere = new HashSet<>();
        for (ObservationPatch patch : observations) {
            Key key = new Key(patch.projectId(), Kind.OBSERVATION, patch.id());
            Object cached = recent.get(key);
            boolean needed;
            long marker = NO_MARKER;
            if (cached instanceof Stored stored) {
                // Read again only if a newer version was stored since the read was decided (a merge
                // and its commit ran during it) and the read did not already return that version.
                marker = stored.eventVersion();
                Long seen = read.get(key);
                ObservationRow have = found.get(key);
                needed = seen == null || (seen < marker && (have == null || have.eventVersion() < marker));
            } else {
                needed = patch.update() && cached == null && !createdHere.contains(key) && !read.containsKey(key);
            }
            if (!patch.update()) {
                createdHere.add(key);
            }
            if (needed) {
                read.put(key, marker);
                missing.computeIfAbsent(patch.projectId(), p -> new HashSet<>()).add(patch.id());
            }
        }
        return missing;
    }

    // Langfuse's compatibility rule for old SDKs: an observation without a trace gets a trace of
    // its own, with the observation's id. Deterministic, so a retried batch lands on the same rows.
    private void wrapperTrace(Map<Key, Pending<TraceRow>> pendingTraces, ObservationRow observation) {
        Key key = new Key(observation.projectId(), Kind.TRACE, observation.traceId());
        if (pendingTraces.containsKey(key) || recent.contains(key)) {
            return;
        }
        Pending<TraceRow> pending = new Pending<>(null);
        pending.current = PatchFolding.fold(null, new TracePatch(observation.projectId(), observation.traceId(),
                observation.startTime(), null, null, null, null, observation.environment(), null, null, null, null,
                null, null, null));
        pendingTraces.put(key, pending);
    }

}
