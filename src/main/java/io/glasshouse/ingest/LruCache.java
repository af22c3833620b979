package io.glasshouse.ingest;

import static java.util.Objects.requireNonNull;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map bounded by entry count and by the summed weight of its values.
 * Not thread-safe: its owner guards it.
 */
final class LruCache<K, V> {
    private record Weighed<V>(V value, long weight) {}

    private final LinkedHashMap<K, Weighed<V>> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private long weight;

    LruCache(int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
        if (maxEntries < 0 || maxWeight < 0) {
            throw new IllegalArgumentException("maxEntries and maxWeight must not be negative");
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = requireNonNull(weigher, "weigher is null");
    }

    /** The value, marking it recently used; null when absent. */
    V get(K key) {
        Weighed<V> found = entries.get(key);
        return found == null ? null : found.value();
    }

    boolean contains(K key) {
        return entries.containsKey(key);
    }

    /** Stores the value, evicting the least recently used entries beyond the bounds. */
    void put(K key, V value) {
        long valueWeight = weigher.applyAsLong(value);
        Weighed<V> previous = entries.remove(key);
        if (previous != null) {
            weight -= previous.weight();
        }
        if (valueWeight > maxWeight || maxEntries == 0) {
            return;
        }
        entries.put(key, new Weighed<>(value, valueWeight));
        weight += valueWeight;
        Iterator<Map.Entry<K, Weighed<V>>> eldest = entries.entrySet().iterator();
        while (entries.size() > maxEntries || weight > maxWeight) {
            weight -= eldest.next().getValue().weight();
            eldest.remove();
        }
    }

    int size() {
        return entries.size();
    }

    long weight() {
        return weight;
    }
}
