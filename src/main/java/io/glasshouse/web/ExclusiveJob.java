package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.util.concurrent.Semaphore;

/**
 * Runs one heavy maintenance job of a kind at a time. A second caller is refused with
 * TOO_MANY_REQUESTS (429, Retry-After) instead of queueing, so repeated calls cannot pile full
 * scans onto the engine that also serves ingestion and reads.
 */
final class ExclusiveJob {
    private final Semaphore permit = new Semaphore(1);
    private final String what;

    ExclusiveJob(String what) {
        this.what = requireNonNull(what, "what is null");
    }

    void run(Runnable job) {
        if (!permit.tryAcquire()) {
            throw new GlasshouseException(ErrorCode.TOO_MANY_REQUESTS,
                    what + " is already running; retry when it has finished");
        }
        try {
            job.run();
        } finally {
            permit.release();
        }
    }
}
