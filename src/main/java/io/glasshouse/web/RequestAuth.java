package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.BrowserSessions;
import io.glasshouse.auth.ProjectAccess;
import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.Role;
import io.glasshouse.model.User;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * The one place a route learns which project a request acts for. A request with an Authorization
 * header is judged by the project's API keys alone. Without one, a browser session cookie stands in:
 * the request then acts for the project named in {@value #PROJECT_HEADER}, if the signed-in user
 * is a member of it, with their role: viewers may read (GET) only, changes need MEMBER or above.
 *
 * <p>The custom header is also the defence against cross-site request forgery: another site can make
 * a browser send our cookie, but not a custom header (that needs a CORS preflight we never grant).
 * Cookie-authenticated requests that change something and do not name a project in the path or
 * header must therefore still carry the header, see {@link #requireBrowserHeader}.
 */
public final class RequestAuth {
    public static final String PROJECT_HEADER = "X-Glasshouse-Project";

    private final ProjectAuthenticator keys;
    private final BrowserSessions sessions;

    public RequestAuth(ProjectAuthenticator keys, BrowserSessions sessions) {
        this.keys = requireNonNull(keys, "keys is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    /** The project of a request: API keys (HTTP Basic), or a session cookie plus the project header. */
    public ProjectId project(Context ctx) {
        if (!usesCookie(ctx)) {
            return keys.authenticate(ctx.header("Authorization"));
        }
        return browserProject(ctx);
    }

    /** Like {@link #project}, also accepting {@code Bearer publicKey} (Langfuse allows it for scores). */
    public ProjectAuthenticator.Caller caller(Context ctx, boolean allowPublicKeyOnly) {
        if (!usesCookie(ctx)) {
            return keys.authenticate(ctx.header("Authorization"), allowPublicKeyOnly);
        }
        return new ProjectAuthenticator.Caller(browserProject(ctx), false);
    }

    /** The signed-in user of the session cookie. */
    User user(Context ctx) {
        String token = SessionCookies.token(ctx).orElseThrow(() -> new GlasshouseException(
                ErrorCode.UNAUTHORIZED, "not signed in: sign in at /sign-in"));
        return sessions.user(token).orElseThrow(() -> new GlasshouseException(
                ErrorCode.UNAUTHORIZED, "your session has expired or was signed out; sign in again"));
    }

    /**
     * The signed-in user's access to {@code projectId} (settings routes, which name it in the path).
     * Another project answers 404, as if it did not exist.
     */
    ProjectAccess browserAccess(Context ctx, String projectId) {
        requireBrowserHeader(ctx);
        User user = user(ctx);
        return sessions.access(user, projectId).orElseThrow(() -> GlasshouseException.notFound(
                "project " + projectId + " not found among your projects"));
    }

    /** Refuses a state-changing request without the custom header (see the class comment). */
    static void requireBrowserHeader(Context ctx) {
        if (isSafe(ctx) || ctx.header(PROJECT_HEADER) != null) {
            return;
        }
        throw new GlasshouseException(ErrorCode.FORBIDDEN, "requests signed in with a session cookie that change"
                + " something must send the " + PROJECT_HEADER + " header (it guards against cross-site requests)");
    }

    private ProjectId browserProject(Context ctx) {
        User user = user(ctx);
        String projectId = ctx.header(PROJECT_HEADER);
        if (projectId == null || projectId.isBlank()) {
            throw GlasshouseException.invalid(PROJECT_HEADER + " header is missing: a signed-in request names the project"
                    + " it is for in it (or authenticate with the project's API keys instead)");
        }
        ProjectAccess access = sessions.access(user, projectId.strip()).orElseThrow(() -> GlasshouseException.notFound(
                "project " + projectId.strip() + " not found among your projects"));
        Role needed = isSafe(ctx) ? Role.VIEWER : Role.MEMBER;
        if (!access.role().includes(needed)) {
            throw new GlasshouseException(ErrorCode.FORBIDDEN,
                    "your role in this project is " + access.role() + ", which may only read; ask an ADMIN or OWNER for MEMBER");
        }
        return new ProjectId(access.project().id());
    }

    // The Authorization header wins: API clients never depend on whatever cookie a browser holds.
    private static boolean usesCookie(Context ctx) {
        String authorization = ctx.header("Authorization");
        return (authorization == null || authorization.isBlank()) && SessionCookies.token(ctx).isPresent();
    }

    private static boolean isSafe(Context ctx) {
        return ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    }
}
