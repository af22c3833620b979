package io.glasshouse.ingest.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.glasshouse.model.ProjectId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TestCachedProjectModelPrices {
    private static final ProjectId PROJECT = new ProjectId("acme");
    private static final ProjectId OTHER = new ProjectId("other");

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicReference<List<ModelDefinition>> stored = new AtomicReference<>(List.of());

    @Test
    void loadsAProjectOnceUntilItExpires() {
        var cache = cache(p -> {
            loads.incrementAndGet();
            return stored.get();
        });
        stored.set(List.of(model("v1")));

        assertThat(cache.forProject(PROJECT)).containsExactly(model("v1"));
        stored.set(List.of(model("v2")));
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(cache.forProject(PROJECT)).containsExactly(model("v1"));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.forProject(PROJECT)).containsExactly(model("v2"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void anInvalidatedProjectIsReadAgainAtOnce() {
        var cache = cache(p -> {
            loads.incrementAndGet();
            return p.equals(PROJECT) ? stored.get() : List.of();
        });
        cache.forProject(PROJECT);
        cache.forProject(OTHER);
        stored.set(List.of(model("v2")));

        cache.invalidate(PROJECT);

        assertThat(cache.forProject(PROJECT)).containsExactly(model("v2"));
        assertThat(cache.forProject(OTHER)).isEmpty();
        assertThat(loads).hasValue(3);
    }

    @Test
    void aLoadOverlappingAnInvalidationIsNotCached() {
        AtomicReference<CachedProjectModelPrices> self = new AtomicReference<>();
        var cache = cache(p -> {
            List<ModelDefinition> read = stored.get();
            if (loads.incrementAndGet() == 1) {
                // A write lands (and invalidates) after this load read the old rows.
                stored.set(List.of(model("v2")));
                self.get().invalidate(p);
            }
            return read;
        });
        self.set(cache);
        stored.set(List.of(model("v1")));

        assertThat(cache.forProject(PROJECT)).containsExactly(model("v1"));
        assertThat(cache.forProject(PROJECT)).containsExactly(model("v2"));
        assertThat(loads).hasValue(2);
    }

    private CachedProjectModelPrices cache(java.util.function.Function<ProjectId, List<ModelDefinition>> loader) {
        return new CachedProjectModelPrices(loader, Duration.ofSeconds(30), 100, nanos::get);
    }

    private static ModelDefinition model(String id) {
        return ModelDefinition.of(id, PROJECT, "acme-llm", "^acme-llm$", null, null, Map.of("input", BigDecimal.ONE));
    }
}
