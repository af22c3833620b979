package io.glasshouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class TestPasswordHasher {
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void hashRoundTrips() {
        String hash = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
    }

    @Test
    void wrongPasswordFails() {
        String hash = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("correct horse")).isNotEqualTo(hasher.hash("correct horse"));
    }

    @Test
    void iterationsAreEncodedInTheHash() {
        String hash = hasher.hash("correct horse");
        String[] parts = hash.split("\\$");

        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("1000");
        // A stronger hasher still verifies hashes made with fewer iterations, and asks to upgrade them.
        PasswordHasher stronger = new PasswordHasher(2_000);
        assertThat(stronger.verify("correct horse", hash)).isTrue();
        assertThat(stronger.needsRehash(hash)).isTrue();
        assertThat(hasher.needsRehash(hash)).isFalse();
    }

    @Test
    void defaultIsTwoHundredTenThousandIterations() {
        assertThat(new PasswordHasher().iterations()).isEqualTo(210_000);
        assertThat(PasswordHasher.DEFAULT_ITERATIONS).isEqualTo(210_000);
    }

    @Test
    void tamperedHashFails() {
        String hash = hasher.hash("correct horse");
        String[] parts = hash.split("\\$");

        String fewerIterations = String.join("$", parts[0], "999", parts[2], parts[3]);
        String otherSalt = String.join("$", parts[0], parts[1], hasher.hash("x").split("\\$")[2], parts[3]);
        char last = parts[3].charAt(0);
        String flippedHash = String.join("$", parts[0], parts[1], parts[2],
                (last == 'A' ? 'B' : 'A') + parts[3].substring(1));

        assertThat(hasher.verify("correct horse", fewerIterations)).isFalse();
        assertThat(hasher.verify("correct horse", otherSalt)).isFalse();
        assertThat(hasher.verify("correct horse", flippedHash)).isFalse();
    }

    @Test
    void malformedHashFailsWithoutThrowing() {
        assertThat(hasher.verify("correct horse", "")).isFalse();
        assertThat(hasher.verify("correct horse", "correct horse")).isFalse();
        assertThat(hasher.verify("correct horse", "bcrypt$1000$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("correct horse", "pbkdf2-sha256$lots$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("correct horse", "pbkdf2-sha256$1000$!!!$AAAA")).isFalse();
        assertThat(hasher.verify("correct horse", "pbkdf2-sha256$2000000000$AAAA$AAAA")).isFalse();
        assertThat(hasher.needsRehash("garbage")).isTrue();
    }

    @Test
    void iterationsMustBePositive() {
        assertThatThrownBy(() -> new PasswordHasher(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
