package io.glasshouse.ingest.langfuse;

import io.glasshouse.model.ProjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Envelope ids of recently stored events, per project, so a retried batch is answered without
 * writing again. Bounded: the oldest ids are forgotten first. Each id is kept as a 128-bit
 * fingerprint (SHA-256 of project and id), so memory does not depend on how long clients make
 * their ids.
 */
final class RecentEnvelopeIds {
    record Fingerprint(long high, long low) {}

    private final int capacity;
    private final LinkedHashMap<Fingerprint, Boolean> seen;

    RecentEnvelopeIds(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Fingerprint, Boolean> eldest) {
                return size() > RecentEnvelopeIds.this.capacity;
            }
        };
    }

    /** The id's fingerprint, computed once per event for {@link #contains} and {@link #addAll}. */
    Fingerprint fingerprint(ProjectId project, String envelopeId) {
        return capacity == 0 ? null : digest(project, envelopeId);
    }

    synchronized boolean contains(Fingerprint fingerprint) {
        return fingerprint != null && seen.containsKey(fingerprint);
    }

    synchronized void addAll(Collection<Fingerprint> fingerprints) {
        if (capacity == 0) {
            return;
        }
        fingerprints.forEach(fingerprint -> seen.put(fingerprint, Boolean.TRUE));
    }

    private static Fingerprint digest(ProjectId project, String envelopeId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        sha256.update(project.value().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest(envelopeId.getBytes(StandardCharsets.UTF_8)));
        return new Fingerprint(digest.getLong(), digest.getLong());
    }
}
