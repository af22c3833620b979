package io.glasshouse.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A page of Langfuse's daily metrics: per day of trace time, counts, cost and usage by model. */
public record DailyMetrics(List<Day> days, long totalDays) {
    public DailyMetrics {
        days = List.copyOf(days);
    }

    public record Day(LocalDate date, long countTraces, long countObservations, double totalCost, List<ModelUsage> usage) {
        public Day {
            usage = List.copyOf(usage);
        }
    }

    /** Usage of one model on one day; {@code model} is null for observations without one. */
    public record ModelUsage(String model, long inputUsage, long outputUsage, long totalUsage, long countTraces,
            long countObservations, double totalCost) {}

    /** Which traces count; null or empty parts do not filter. */
    public record Filter(String traceName, String userId, List<String> tags, List<String> environments,
            Instant fromTimestamp, Instant toTimestamp) {
        public Filter {
            tags = List.copyOf(tags);
            environments = List.copyOf(environments);
        }
    }
}
