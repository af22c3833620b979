package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.model.ProjectId;
import io.javalin.http.Context;

/**
 * The one place a route learns which project a request acts for. Every authenticated route goes
 * through here, so a new way to authenticate (a browser session cookie, say) is added once.
 */
public final class RequestAuth {
    private final ProjectAuthenticator keys;

    public RequestAuth(ProjectAuthenticator keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    /** The project of a request authenticated with the project's public and secret key. */
    public ProjectId project(Context ctx) {
        return keys.authenticate(ctx.header("Authorization"));
    }

    /** Like {@link #project}, also accepting {@code Bearer publicKey} (Langfuse allows it for scores). */
    public ProjectAuthenticator.Caller caller(Context ctx, boolean allowPublicKeyOnly) {
        return keys.authenticate(ctx.header("Authorization"), allowPublicKeyOnly);
    }
}
