package io.glasshouse.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The browser session cookie: {@code glasshouse_session}, HttpOnly (page scripts never see it),
 * SameSite=Lax (not sent on cross-site subrequests), Path=/, and Secure when the request came over
 * https (directly or through a proxy that says so in X-Forwarded-Proto).
 */
final class SessionCookies {
    static final String NAME = "glasshouse_session";
    private static final int MAX_TOKEN_CHARS = 100;

    private SessionCookies() {}

    static Optional<String> token(Context ctx) {
        String value = ctx.cookie(NAME);
        if (value == null || value.isBlank() || value.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    static void set(Context ctx, String token, Duration maxAge) {
        // Written by hand: the attributes are exact, whatever the servlet container's cookie API supports.
        ctx.res().addHeader("Set-Cookie", NAME + "=" + token + "; Path=/; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
    }

    static void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure(ctx) ? "; Secure" : ""));
    }

    private static boolean secure(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Proto");
        return "https".equalsIgnoreCase(ctx.scheme())
                || (forwarded != null && forwarded.toLowerCase(Locale.ROOT).startsWith("https"));
    }
}
