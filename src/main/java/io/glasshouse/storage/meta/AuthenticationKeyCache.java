package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ApiKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The API keys that authenticated requests recently, so that a request does not read the metadata
 * database to authenticate (a PostgreSQL round trip, or SQLite's connection and statement set-up:
 * 134 µs median wall time per look-up in a profiled bench/ingest run). SDKs that send a small batch
 * every second pay that on every request.
 *
 * <ul>
 *   <li>Only keys that exist are cached: an unknown public key is looked up every time, so a key
 *       created on another server sharing the database works at once and guessed keys cannot
 *       fill the cache.</li>
 *   <li>Every change this server makes to a key (revocation, a new secret) empties the cache, so
 *       it takes effect here at once. A change made by another server sharing PostgreSQL takes
 *       effect here within {@link #TTL}: that is the bound on how long a revoked key keeps working
 *       on other servers.</li>
 *   <li>The secret is still checked against the cached hash on every request; the cache holds
 *       the stored row, never a presented secret.</li>
 * </ul>
 */
final class AuthenticationKeyCache {
    /** How long a key read from the database is trusted before it is read again. */
    static final Duration TTL = Duration.ofSeconds(10);
    // Keys in use at once; past this the cache starts over (it only ever holds existing keys).
    private static final int MAX_KEYS = 10_000;

    private record Entry(ApiKey key, long readAtMillis) {}

    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> byPublicKey = new ConcurrentHashMap<>();
    // Counts invalidations, so that a read which raced with one does not leave its stale row behind.
    private final AtomicLong generation = new AtomicLong();

    AuthenticationKeyCache(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The key from the cache while fresh, otherwise from {@code read}, which is then cached. */
    Optional<ApiKey> get(String publicKey, Function<String, Optional<ApiKey>> read) {
        long now = clock.millis();
        Entry cached = byPublicKey.get(publicKey);
        if (cached != null && now - cached.readAtMillis() < TTL.toMillis() && now >= cached.readAtMillis()) {
            return Optional.of(cached.key());
        }
        long before = generation.get();
        Optional<ApiKey> key = read.apply(publicKey);
        if (key.isEmpty()) {
            byPublicKey.remove(publicKey);
            return key;
        }
        if (byPublicKey.size() >= MAX_KEYS) {
            byPublicKey.clear();
        }
        Entry entry = new Entry(key.get(), now);
        byPublicKey.put(publicKey, entry);
        // An invalidation between the read and the put may have missed this entry: drop it then.
        if (generation.get() != before) {
            byPublicKey.remove(publicKey, entry);
        }
        return key;
    }

    /** Forgets every key; called after the database change has been committed. */
    void invalidate() {
        generation.incrementAndGet();
        byPublicKey.clear();
    }
}
