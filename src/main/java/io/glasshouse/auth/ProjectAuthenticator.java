package io.glasshouse.auth;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ApiKey;
import io.glasshouse.model.ProjectId;
import io.glasshouse.storage.meta.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an Authorization header into the project it may act for. Langfuse's rules: HTTP Basic
 * {@code publicKey:secretKey} for everything; {@code Bearer publicKey} only where the caller
 * allows it (score creation). Failures never say which half of a key was wrong.
 */
public final class ProjectAuthenticator {
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_HEADER_CHARS = 2048;

    private final ApiKeyStore keys;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastTouched = new ConcurrentHashMap<>();

    public ProjectAuthenticator(ApiKeyStore keys, Clock clock) {
        this.keys = requireNonNull(keys, "keys is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Who called: the project, and whether the secret key was checked or only the public key. */
    public record Caller(ProjectId project, boolean publicKeyOnly) {}

    /** Basic auth only. */
    public ProjectId authenticate(String authorization) {
        return authenticate(authorization, false).project();
    }

    /** Basic auth, or {@code Bearer publicKey} when {@code allowPublicKeyOnly} (score creation). */
    public Caller authenticate(String authorization, boolean allowPublicKeyOnly) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("missing Authorization header: send HTTP Basic auth with your public key as user and secret key as password");
        }
        if (authorization.length() > MAX_HEADER_CHARS) {
            throw unauthorized("Authorization header is too long");
        }
        String header = authorization.strip();
        if (regionMatches(header, "Basic ")) {
            return basic(header.substring(6).strip());
        }
        if (regionMatches(header, "Bearer ")) {
            if (!allowPublicKeyOnly) {
                throw unauthorized("this endpoint needs HTTP Basic auth (public key and secret key), not a Bearer token");
            }
            String publicKey = header.substring(7).strip();
            ApiKey key = keys.findUsable(publicKey).orElseThrow(() -> unauthorized("invalid public key"));
            return new Caller(used(key), true);
        }
        throw unauthorized("unsupported Authorization scheme: use HTTP Basic auth");
    }

    private Caller basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized("Authorization header is not valid Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw unauthorized("Basic auth must be publicKey:secretKey");
        }
        Optional<ApiKey> key = keys.verify(decoded.substring(0, colon), decoded.substring(colon + 1));
        return new Caller(used(key.orElseThrow(
                () -> unauthorized("invalid API keys: check the public and secret key of your project"))), false);
    }

    // last_used_at is for people, not for security: write it at most once a minute per key.
    private ProjectId used(ApiKey key) {
        Instant now = clock.instant();
        Instant previous = lastTouched.get(key.id());
        if (previous == null || previous.plus(TOUCH_EVERY).isBefore(now)) {
            lastTouched.put(key.id(), now);
            keys.touchLastUsed(key.id());
        }
        return new ProjectId(key.projectId());
    }

    private static boolean regionMatches(String header, String scheme) {
        return header.regionMatches(true, 0, scheme, 0, scheme.length());
    }

    private static GlasshouseException unauthorized(String message) {
        return new GlasshouseException(ErrorCode.UNAUTHORIZED, message);
    }
}
