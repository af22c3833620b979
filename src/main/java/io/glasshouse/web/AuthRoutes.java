package io.glasshouse.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasshouse.auth.BrowserSessions;
import io.glasshouse.auth.ProjectAccess;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Browser sign-in: {@code POST /api/auth/sign-in} sets the session cookie, {@code POST
 * /api/auth/sign-out} ends it, {@code GET /api/auth/session} says who is signed in and which
 * projects they may open (and renews the cookie, whose end slides with use).
 */
final class AuthRoutes {
    private final BrowserSessions sessions;
    private final RequestAuth auth;

    AuthRoutes(BrowserSessions sessions, RequestAuth auth) {
        this.sessions = sessions;
        this.auth = auth;
    }

    void register(Javalin app) {
        app.post("/api/auth/sign-in", this::signIn);
        app.post("/api/auth/sign-out", this::signOut);
        app.get("/api/auth/session", this::session);
    }

    private void signIn(Context ctx) {
        // Also for sign-in: another site must not sign a browser in to an account of its choosing.
        RequestAuth.requireBrowserHeader(ctx);
        JsonNode body = JsonRequests.object(ctx);
        String email = text(body, "email");
        String password = text(body, "password");
        BrowserSessions.SignedIn signedIn = sessions.signIn(email, password, ctx.ip());
        SessionCookies.set(ctx, signedIn.token(), BrowserSessions.TTL);
        ctx.json(session(signedIn.user()));
    }

    private void signOut(Context ctx) {
        RequestAuth.requireBrowserHeader(ctx);
        SessionCookies.token(ctx).ifPresent(sessions::signOut);
        SessionCookies.clear(ctx);
        ctx.json(Map.of("message", "Signed out"));
    }

    private void session(Context ctx) {
        User user = auth.user(ctx);
        SessionCookies.token(ctx).ifPresent(token -> SessionCookies.set(ctx, token, BrowserSessions.TTL));
        ctx.json(session(user));
    }

    private Map<String, Object> session(User user) {
        List<Map<String, Object>> projects = sessions.projects(user).stream().map(AuthRoutes::project).toList();
        return Map.of("user", user(user), "projects", projects);
    }

    static Map<String, Object> user(User user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("email", user.email());
        json.put("name", user.name().isEmpty() ? null : user.name());
        return json;
    }

    private static Map<String, Object> project(ProjectAccess access) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", access.project().id());
        json.put("name", access.project().name());
        json.put("organizationId", access.project().organizationId());
        json.put("role", access.role().name());
        return json;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw GlasshouseException.invalid(field + " is required and must be a non-empty string");
        }
        return value.asText();
    }
}
