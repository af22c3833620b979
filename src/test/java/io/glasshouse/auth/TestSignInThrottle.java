package io.glasshouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.storage.meta.TestingClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestSignInThrottle {
    private final TestingClock clock = new TestingClock(Instant.parse("2025-01-02T03:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(15), clock);

    @Test
    void aKeyIsLockedAfterTheMaximumFailuresUntilTheWindowOfTheFirstHasPassed() {
        throttle.failed("email:ada");
        clock.advance(Duration.ofMinutes(5));
        throttle.failed("email:ada");
        throttle.check("email:ada", "email");
        throttle.failed("email:ada");

        GlasshouseException locked = catchThrowableOfType(GlasshouseException.class, () -> throttle.check("email:ada", "email"));
        assertThat(locked.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
        assertThat(locked.getMessage()).isEqualTo("too many failed sign-ins for this email; try again in 10 minutes");
        assertThatCode(() -> throttle.check("email:bob", "email")).doesNotThrowAnyException();

        clock.advance(Duration.ofMinutes(10));
        assertThatCode(() -> throttle.check("email:ada", "email")).doesNotThrowAnyException();
    }

    @Test
    void successClearsTheFailures() {
        throttle.failed("email:ada");
        throttle.failed("email:ada");
        throttle.succeeded("email:ada");
        throttle.failed("email:ada");
        throttle.failed("email:ada");

        assertThatCode(() -> throttle.check("email:ada", "email")).doesNotThrowAnyException();
    }

    @Test
    void failuresOlderThanTheWindowStartANewCount() {
        throttle.failed("client:10.0.0.1");
        throttle.failed("client:10.0.0.1");
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("client:10.0.0.1");
        throttle.failed("client:10.0.0.1");

        assertThatCode(() -> throttle.check("client:10.0.0.1", "address")).doesNotThrowAnyException();
        throttle.failed("client:10.0.0.1");
        assertThat(catchThrowableOfType(GlasshouseException.class, () -> throttle.check("client:10.0.0.1", "address"))
                .getMessage()).contains("for this address; try again in 15 minutes");
    }
}
