package io.glasshouse.storage.query;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;

/** What the project's traces say about one user id: how many, tokens, cost, first and last seen. */
public record UserSummary(
        String userId, long traceCount, long observationCount, long inputTokens, long outputTokens, long totalTokens,
        BigDecimal totalCost, Instant firstSeen, Instant lastSeen) {
    public UserSummary {
        requireNonNull(userId, "userId is null");
        requireNonNull(totalCost, "totalCost is null");
        requireNonNull(firstSeen, "firstSeen is null");
        requireNonNull(lastSeen, "lastSeen is null");
    }
}
