package io.glasshouse.ingest;

import io.glasshouse.model.ObservationLevel;
import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ObservationType;
import io.glasshouse.model.TraceRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The merge rules, Langfuse's: a patch's non-null fields replace the row's, metadata merges key by
 * key, tags are united (sorted, as Langfuse stores them), usage and cost maps are replaced whole by
 * a non-empty one (a total that belongs to one usage report must not mix with another's), and the
 * row keeps its first timestamp or start time unless a later patch states one.
 *
 * <p>One departure: Langfuse keeps the first environment, because its events default the field
 * to "default" before merging. Here an absent environment is "not said", so a later one that is
 * said wins, and "default" is only the fallback of a row nobody gave one.
 */
final class PatchFolding {
    static final String DEFAULT_ENVIRONMENT = "default";

    private PatchFolding() {}

    /** The trace after {@code patch}; {@code base} is null for a trace seen for the first time. */
    static TraceRow fold(TraceRow base, TracePatch patch) {
        if (base == null) {
            return new TraceRow(
                    patch.projectId(),
                    patch.id(),
                    patch.timestamp() != null ? patch.timestamp() : patch.eventTime(),
                    patch.name(),
                    patch.userId(),
                    patch.sessionId(),
                    patch.environment() != null ? patch.environment() : DEFAULT_ENVIRONMENT,
                    patch.release(),
                    patch.version(),
                    patch.input(),
                    patch.output(),
                    patch.metadata(),
                    List.copyOf(new TreeSet<>(patch.tags())),
                    Boolean.TRUE.equals(patch.isPublic()),
                    false,
                    0,
                    false);
        }
        TreeSet<String> tags = new TreeSet<>(base.tags());
        tags.addAll(patch.tags());
        return new TraceRow(
                base.projectId(),
                base.id(),
                // A later span's start, or an update's event time, does not re-date a known trace.
                patch.update() ? base.timestamp() : or(patch.timestamp(), base.timestamp()),
                or(patch.name(), base.name()),
                or(patch.userId(), base.userId()),
                or(patch.sessionId(), base.sessionId()),
                or(patch.environment(), base.environment()),
                or(patch.release(), base.release()),
                or(patch.version(), base.version()),
                or(patch.input(), base.input()),
                or(patch.output(), base.output()),
                merged(base.metadata(), patch.metadata()),
                List.copyOf(tags),
                patch.isPublic() != null ? patch.isPublic() : base.isPublic(),
                base.bookmarked(),
                base.eventVersion(),
                false);
    }

    /**
     * The observation after {@code patch}; {@code base} is null for one seen for the first time.
     * {@code fallbackTraceId} is used when neither the patch nor the base names a trace.
     */
    static ObservationRow fold(ObservationRow base, ObservationPatch patch, String fallbackTraceId) {
        // An update names its type only through its event name (span-update, generation-update);
        // it sets the type of an observation that has none yet, never changes an existing one.
        ObservationType type = base == null
                ? or(patch.type(), ObservationType.SPAN)
                : patch.update() ? base.type() : or(patch.type(), base.type());
        Instant startTime = patch.startTime() != null ? patch.startTime()
                : base != null ? base.startTime()
                : earliest(patch.endTime(), patch.eventTime());
        Instant endTime = or(patch.endTime(), base == null ? null : base.endTime());
        if (endTime != null && endTime.isBefore(startTime)) {
            // Langfuse's rule: an observation never ends before it starts.
            endTime = startTime;
        }
        boolean usageSent = !patch.usageDetails().isEmpty();
        boolean costSent = !patch.costDetails().isEmpty();
        boolean promptSent = patch.promptName() != null;
        boolean modelChanged = patch.model() != null && (base == null || !patch.model().equals(base.providedModelName()));
        return new ObservationRow(
                patch.projectId(),
                or(patch.traceId(), base == null ? fallbackTraceId : base.traceId()),
                patch.id(),
                type,
                or(patch.parentObservationId(), base == null ? null : base.parentObservationId()),
                or(patch.name(), base == null ? null : base.name()),
                or(patch.environment(), base == null ? DEFAULT_ENVIRONMENT : base.environment()),
                startTime,
                endTime,
                or(patch.completionStartTime(), base == null ? null : base.completionStartTime()),
                or(patch.level(), base == null ? ObservationLevel.DEFAULT : base.level()),
                or(patch.statusMessage(), base == null ? null : base.statusMessage()),
                or(patch.version(), base == null ? null : base.version()),
                or(patch.input(), base == null ? null : base.input()),
                or(patch.output(), base == null ? null : base.output()),
                base == null ? patch.metadata() : merged(base.metadata(), patch.metadata()),
                or(patch.model(), base == null ? null : base.providedModelName()),
                modelChanged || base == null ? null : base.internalModelId(),
                or(patch.modelParameters(), base == null ? null : base.modelParameters()),
                usageSent || base == null ? patch.usageDetails() : base.providedUsageDetails(),
                // Until pricing runs, usage and cost are what was sent.
                usageSent || base == null ? patch.usageDetails() : base.usageDetails(),
                costSent || base == null ? patch.costDetails() : base.providedCostDetails(),
                costSent || base == null ? patch.costDetails() : base.costDetails(),
                costSent || base == null ? totalOf(patch.costDetails()) : base.totalCost(),
                promptSent || base == null ? null : base.promptId(),
                promptSent || base == null ? patch.promptName() : base.promptName(),
                promptSent || base == null ? patch.promptVersion() : base.promptVersion(),
                base == null ? patch.resourceAttributes() : merged(base.resourceAttributes(), patch.resourceAttributes()),
                or(patch.scopeName(), base == null ? null : base.scopeName()),
                base == null ? 0 : base.eventVersion(),
                false);
    }

    /**
     * True when the two versions of a trace land in different sorting keys (the table orders by
     * date), so ReplacingMergeTree would keep both instead of replacing the older.
     */
    static boolean movesKey(TraceRow before, TraceRow after) {
        return !day(before.timestamp()).equals(day(after.timestamp()));
    }

    /** Same for observations: ordered by trace id, partitioned by month of start. */
    static boolean movesKey(ObservationRow before, ObservationRow after) {
        return !before.traceId().equals(after.traceId())
                || !YearMonth.from(day(before.startTime())).equals(YearMonth.from(day(after.startTime())));
    }



    /** Approximate heap bytes of a row: two bytes a character plus a fixed cost per field. */
    static long weight(Object row) {
        return switch (row) {
            case TraceRow t -> 400 + chars(t.id(), t.name(), t.userId(), t.sessionId(), t.release(), t.version(),
                    t.input(), t.output()) + chars(t.metadata()) + t.tags().stream().mapToLong(tag -> 48 + 2L * tag.length()).sum();
            case ObservationRow o -> 800 + chars(o.traceId(), o.id(), o.parentObservationId(), o.name(), o.statusMessage(),
                    o.version(), o.input(), o.output(), o.providedModelName(), o.internalModelId(), o.modelParameters(),
                    o.promptId(), o.promptName(), o.scopeName()) + chars(o.metadata()) + chars(o.resourceAttributes())
                    + 96L * (o.providedUsageDetails().size() + o.usageDetails().size()
                            + o.providedCostDetails().size() + o.costDetails().size());
            default -> throw new IllegalArgumentException("not a row: " + row.getClass());
        };
    }

    private static long chars(String... values) {
        long total = 0;
        for (String value : values) {
            total += value == null ? 0 : 48 + 2L * value.length();
        }
        return total;
    }

    private static long chars(Map<String, String> map) {
        long total = 0;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            total += 96 + 2L * (entry.getKey().length() + entry.getValue().length());
        }
        return total;
    }

    private static BigDecimal totalOf(Map<String, BigDecimal> costs) {
        if (costs.isEmpty()) {
            return null;
        }
        BigDecimal total = costs.get("total");
        return total != null ? total : costs.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static <T> Map<String, T> merged(Map<String, T> base, Map<String, T> patch) {
        if (patch.isEmpty()) {
            return base;
        }
        if (base.isEmpty()) {
            return patch; // a create: nothing to overlay, and the row copies it once anyway
        }
        Map<String, T> merged = new LinkedHashMap<>(base);
        merged.putAll(patch);
        return merged;
    }

    private static Instant earliest(Instant maybe, Instant instant) {
        return maybe != null && maybe.isBefore(instant) ? maybe : instant;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
