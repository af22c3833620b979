package io.glasshouse.auth;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} failed sign-ins for one key (an email, or a
 * client address) within {@code window}, further attempts for that key are refused with 429 until
 * the window of the first failure has passed. In memory: one process serves the UI, and a restart
 * granting a fresh budget of a few attempts is acceptable.
 */
public final class SignInThrottle {
    private static final int MAX_TRACKED_KEYS = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    public SignInThrottle(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.window = requireNonNull(window, "window is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    private record Failures(Instant since, int count) {}

    /** @throws GlasshouseException TOO_MANY_REQUESTS while {@code key} is locked out */
    public void check(String key, String what) {
        Failures current = live(key);
        if (current != null && current.count() >= maxFailures) {
            long seconds = Duration.between(clock.instant(), current.since().plus(window)).toSeconds();
            long minutes = Math.max(1, (seconds + 59) / 60); // rounded up: never tell someone to retry too early
            throw new GlasshouseException(ErrorCode.TOO_MANY_REQUESTS, "too many failed sign-ins for this " + what
                    + "; try again in " + minutes + (minutes == 1 ? " minute" : " minutes"));
        }
    }

    public void failed(String key) {
        if (failures.size() > MAX_TRACKED_KEYS) {
            Instant cutoff = clock.instant().minus(window);
            failures.values().removeIf(entry -> entry.since().isBefore(cutoff));
        }
        failures.compute(key, (ignored, previous) -> {
            Instant now = clock.instant();
            if (previous == null || !previous.since().plus(window).isAfter(now)) {
                return new Failures(now, 1);
            }
            return new Failures(previous.since(), previous.count() + 1);
        });
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private Failures live(String key) {
        Failures current = failures.get(key);
        if (current == null || !current.since().plus(window).isAfter(clock.instant())) {
            return null;
        }
        return current;
    }
}
