package io.glasshouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestExclusiveJob {
    @Test
    void aSecondCallerIsRefusedWhileTheFirstRunsAndAdmittedAfter() throws Exception {
        ExclusiveJob job = new ExclusiveJob("a reconcile");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> job.run(() -> {
            started.countDown();
            await(release);
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> job.run(ran::incrementAndGet))
                .isInstanceOfSatisfying(GlasshouseException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS))
                .hasMessageContaining("a reconcile is already running");
        assertThat(ran).hasValue(0);

        release.countDown();
        first.join(10_000);
        job.run(ran::incrementAndGet);
        assertThat(ran).hasValue(1);
    }

    @Test
    void aFailedJobReleasesThePermit() {
        ExclusiveJob job = new ExclusiveJob("a reconcile");
        assertThatThrownBy(() -> job.run(() -> {
            throw new IllegalStateException("engine down");
        })).hasMessage("engine down");
        AtomicInteger ran = new AtomicInteger();
        job.run(ran::incrementAndGet);
        assertThat(ran).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
