package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.SecretHasher;
import io.glasshouse.model.BrowserSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Browser sessions. A session is found by its token, which only the browser holds: the table keeps
 * the token's SHA-256 (the token has 256 random bits, so a fast hash is enough, as for API secrets).
 * A session lasts {@code ttl} after it was last extended; use extends it at most once per
 * {@code extendEvery}, so reading pages does not write on every request.
 */
public final class SessionStore {
    private static final int TOKEN_BYTES = 32;

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecretHasher hasher;
    private final SecureRandom random = new SecureRandom();

    SessionStore(Jdbi jdbi, Clock clock, SecretHasher hasher) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
    }

    /** A new session and its token, which exists nowhere else: hand it to the browser. */
    public record Created(String token, BrowserSession session) {
        public Created {
            requireNonNull(token, "token is null");
            requireNonNull(session, "session is null");
        }

        @Override
        public String toString() {
            return "Created[token=..., session=" + session + "]";
        }
    }

    /** Starts a session for the user; expired sessions of anyone are cleared on the way. */
    public Created create(String userId, Duration ttl) {
        requireNonNull(userId, "userId is null");
        requireNonNull(ttl, "ttl is null");
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = now();
        BrowserSession session = new BrowserSession(userId, now, now.plus(ttl));
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM browser_sessions WHERE expires_at <= :now")
                    .bind("now", now.toEpochMilli())
                    .execute();
            handle.createUpdate("INSERT INTO browser_sessions (token_hash, user_id, created_at, expires_at)"
                            + " VALUES (:tokenHash, :userId, :createdAt, :expiresAt)")
                    .bind("tokenHash", hasher.hash(token))
                    .bind("userId", userId)
                    .bind("createdAt", now.toEpochMilli())
                    .bind("expiresAt", session.expiresAt().toEpochMilli())
                    .execute();
        });
        return new Created(token, session);
    }

    /**
     * The live session with this token, its end moved to now + {@code ttl} when it was last moved
     * more than {@code extendEvery} ago; empty for an unknown or expired token.
     */
    public Optional<BrowserSession> find(String token, Duration ttl, Duration extendEvery) {
        requireNonNull(token, "token is null");
        requireNonNull(ttl, "ttl is null");
        requireNonNull(extendEvery, "extendEvery is null");
        String tokenHash = hasher.hash(token);
        Instant now = now();
        Optional<BrowserSession> found = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT user_id, created_at, expires_at FROM browser_sessions WHERE token_hash = :tokenHash")
                .bind("tokenHash", tokenHash)
                .map((rs, ctx) -> new BrowserSession(rs.getString("user_id"),
                        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at"))))
                .findOne());
        if (found.isEmpty() || !found.get().expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        Instant extended = now.plus(ttl);
        if (found.get().expiresAt().plus(extendEvery).isAfter(extended)) {
            return found;
        }
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE browser_sessions SET expires_at = :expiresAt WHERE token_hash = :tokenHash")
                .bind("expiresAt", extended.toEpochMilli())
                .bind("tokenHash", tokenHash)
                .execute());
        return Optional.of(new BrowserSession(found.get().userId(), found.get().createdAt(), extended));
    }

    /** Ends the session with this token; an unknown token changes nothing. */
    public void delete(String token) {
        requireNonNull(token, "token is null");
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM browser_sessions WHERE token_hash = :tokenHash")
                .bind("tokenHash", hasher.hash(token))
                .execute());
    }

    /** Ends every session of the user (removed from an organisation, password changed). */
    public void deleteForUser(String userId) {
        requireNonNull(userId, "userId is null");
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM browser_sessions WHERE user_id = :userId")
                .bind("userId", userId)
                .execute());
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
