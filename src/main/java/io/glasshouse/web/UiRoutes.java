package io.glasshouse.web;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.BrowserSessions;
import io.glasshouse.auth.ProjectSettings;
import io.javalin.Javalin;

/** The routes only the browser UI uses: sign-in and sessions, and the settings page. */
public final class UiRoutes {
    private final BrowserSessions sessions;
    private final ProjectSettings settings;
    private final RequestAuth auth;

    public UiRoutes(BrowserSessions sessions, ProjectSettings settings, RequestAuth auth) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.auth = requireNonNull(auth, "auth is null");
    }

    public void register(Javalin app) {
        new AuthRoutes(sessions, auth).register(app);
        new SettingsRoutes(settings, auth).register(app);
    }
}
