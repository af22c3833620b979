package io.glasshouse.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One query kind's measured requests on one side (server or raw SQL): latencies and what each
 * request found, or why the kind could not be measured.
 */
record Latencies(long[] nanos, long[] found, String unavailable) {
    static Latencies unavailable(String reason) {
        return new Latencies(new long[0], new long[0], reason);
    }

    boolean measured() {
        return unavailable == null && nanos.length > 0;
    }

    double percentileMillis(double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        // Nearest rank: the smallest value with at least p of the samples at or below it.
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** Requests whose result (rows or matches) differ from the other side's for the same request. */
    int mismatches(Latencies other) {
        int n = Math.min(found.length, other.found.length);
        int differ = 0;
        for (int i = 0; i < n; i++) {
            if (found[i] != other.found[i]) {
                differ++;
            }
        }
        return differ;
    }

    List<Long> distinctFound() {
        return Arrays.stream(found).distinct().sorted().limit(6).boxed().toList();
    }
}
