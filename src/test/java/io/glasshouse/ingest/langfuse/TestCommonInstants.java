package io.glasshouse.ingest.langfuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestCommonInstants {
    @Test
    void readsTheCommonFormsAsTheFormatterDoes() {
        List<String> texts = new ArrayList<>(List.of(
                "2026-01-31T12:00:00Z", "2026-01-31T12:00:00.1Z", "2026-01-31T12:00:00.123Z",
                "2026-01-31T12:00:00.123456Z", "2026-01-31T12:00:00.123456789Z", "2026-01-31T12:00:00.123456+00:00",
                "2026-01-31T12:00:00+05:30", "2026-01-31T12:00:00.5-08:00", "2026-01-31T12:00:00-00:00",
                "2024-02-29T23:59:59.999Z", "1900-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "2026-01-31T12:00:00+17:59", "2026-01-31T12:00:00-17:59"));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            texts.add("%04d-%02d-%02dT%02d:%02d:%02d%s%s".formatted(random.nextInt(10_000), 1 + random.nextInt(12),
                    1 + random.nextInt(31), random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    random.nextBoolean() ? "" : "." + "%09d".formatted(random.nextLong(1_000_000_000L)).substring(0, 1 + random.nextInt(9)),
                    random.nextBoolean() ? "Z" : "%s%02d:%02d".formatted(random.nextBoolean() ? "+" : "-", random.nextInt(18), random.nextInt(60))));
        }
        int read = 0;
        for (String text : texts) {
            Instant common = CommonInstants.parse(text);
            if (common != null) {
                read++;
                assertThat(common).as(text).isEqualTo(BodyFields.byFormatter(text));
            }
        }
        // Only impossible dates (31 April) and the like go to the formatter.
        assertThat(read).isGreaterThan(texts.size() * 9 / 10);
    }

    @Test
    void leavesEveryOtherFormToTheFormatter() {
        for (String text : List.of("2026-01-31T12:00Z", "2026-01-31T12:00:00", "2026-01-31T12:00:00.Z",
                "2026-01-31T12:00:00.1234567890Z", "2026-01-31T12:00:00+0100", "2026-01-31T12:00:00+01",
                "2026-01-31t12:00:00Z", "2026-01-31T12:00:00z", "2026-01-31 12:00:00Z", "+2026-01-31T12:00:00Z",
                "2026-02-30T12:00:00Z", "2026-04-31T12:00:00Z", "2026-01-31T24:00:00Z", "2026-01-31T12:60:00Z",
                "2026-01-31T12:00:60Z", "2026-13-01T12:00:00Z", "2026-00-01T12:00:00Z", "2026-01-00T12:00:00Z",
                "2026-01-31T12:00:00+18:00", "2026-01-31T12:00:00+05:60", "2026-01-31T12:00:00 +05:00",
                "2026-1-31T12:00:00Z", "２０２６-01-31T12:00:00Z", "")) {
            assertThat(CommonInstants.parse(text)).as(text).isNull();
        }
    }
}
