package io.glasshouse.ingest.pricing;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ProjectId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Project model definitions loaded from the metadata store and kept in memory, because pricing
 * asks for them on every observation. A write through {@link ProjectModels} invalidates the
 * project at once; entries also expire after {@code timeToLive}, so writes made by another server
 * sharing the database are seen within that time.
 */
public final class CachedProjectModelPrices implements ProjectModelPrices {
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PROJECTS = 10_000;

    private record Entry(List<ModelDefinition> definitions, long loadedNanos) {}

    private final Function<ProjectId, List<ModelDefinition>> loader;
    private final long timeToLiveNanos;
    private final int maxProjects;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<ProjectId, Entry> cache = new ConcurrentHashMap<>();
    // Bumped by every invalidation: a load that started before one must not cache what it read.
    private final AtomicLong invalidations = new AtomicLong();

    public CachedProjectModelPrices(Function<ProjectId, List<ModelDefinition>> loader) {
        this(loader, DEFAULT_TIME_TO_LIVE, DEFAULT_MAX_PROJECTS, System::nanoTime);
    }

    CachedProjectModelPrices(
            Function<ProjectId, List<ModelDefinition>> loader, Duration timeToLive, int maxProjects, LongSupplier nanoTime) {
        this.loader = requireNonNull(loader, "loader is null");
        this.timeToLiveNanos = requireNonNull(timeToLive, "timeToLive is null").toNanos();
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        if (timeToLiveNanos <= 0 || maxProjects < 1) {
            throw new IllegalArgumentException("need a positive timeToLive and maxProjects >= 1");
        }
        this.maxProjects = maxProjects;
    }

    @Override
    public List<ModelDefinition> forProject(ProjectId projectId) {
        requireNonNull(projectId, "projectId is null");
        Entry entry = cache.get(projectId);
        long now = nanoTime.getAsLong();
        if (entry != null && now - entry.loadedNanos() < timeToLiveNanos) {
            return entry.definitions();
        }
        long invalidationsBefore = invalidations.get();
        List<ModelDefinition> loaded = List.copyOf(loader.apply(projectId));
        if (cache.size() >= maxProjects) {
            cache.clear();
        }
        // Atomic per key with invalidate(): either the invalidation came first and this load may
        // have read old rows (not cached), or it comes after and removes what this put.
        cache.compute(projectId, (key, current) ->
                invalidations.get() == invalidationsBefore ? new Entry(loaded, now) : current);
        return loaded;
    }

    /** Forgets the project's definitions; the next price look-up reads them again. */
    public void invalidate(ProjectId projectId) {
        requireNonNull(projectId, "projectId is null");
        cache.compute(projectId, (key, current) -> {
            invalidations.incrementAndGet();
            return null;
        });
    }
}
