package io.glasshouse.ingest.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestTextMemo {
    @Test
    void computesARepeatedKeyOnce() {
        TextMemo memo = new TextMemo(4, 100);
        AtomicInteger calls = new AtomicInteger();

        assertThat(memo.get("prompt", k -> k.toUpperCase() + calls.incrementAndGet())).isEqualTo("PROMPT1");
        assertThat(memo.get(new String("prompt"), k -> k.toUpperCase() + calls.incrementAndGet())).isEqualTo("PROMPT1");
        assertThat(calls).hasValue(1);
    }

    @Test
    void neverHoldsMoreThanItsBoundsAndStillAnswers() {
        TextMemo memo = new TextMemo(3, 5);
        for (int i = 0; i < 10; i++) {
            assertThat(memo.get("k" + i, k -> k + "!")).isEqualTo("k" + i + "!");
            assertThat(memo.size()).isLessThanOrEqualTo(3);
        }
        AtomicInteger calls = new AtomicInteger();
        memo.get("too long", k -> "v" + calls.incrementAndGet());
        assertThat(memo.get("too long", k -> "v" + calls.incrementAndGet())).isEqualTo("v2");
        assertThatThrownBy(() -> new TextMemo(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
