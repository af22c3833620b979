package io.glasshouse.auth;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.Membership;
import io.glasshouse.model.Project;
import io.glasshouse.model.User;
import io.glasshouse.storage.meta.ProjectStore;
import io.glasshouse.storage.meta.SessionStore;
import io.glasshouse.storage.meta.UserStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Signing people in and out of the UI, and what a signed-in user may open. Roles belong to
 * organisations (as in Langfuse): a user's role in a project is their role in its organisation.
 */
public final class BrowserSessions {
    /** How long a session lasts after its last use. */
    public static final Duration TTL = Duration.ofDays(7);
    // Moving the end on every request would write on every page view; hourly is precise enough.
    private static final Duration EXTEND_EVERY = Duration.ofHours(1);

    private final UserStore users;
    private final ProjectStore projects;
    private final SessionStore sessions;
    private final SignInThrottle perEmail;
    private final SignInThrottle perClient;

    public BrowserSessions(
            UserStore users, ProjectStore projects, SessionStore sessions, SignInThrottle perEmail, SignInThrottle perClient) {
        this.users = requireNonNull(users, "users is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.perEmail = requireNonNull(perEmail, "perEmail is null");
        this.perClient = requireNonNull(perClient, "perClient is null");
    }

    /** A new session's token (for the cookie, nowhere else) and its user. */
    public record SignedIn(String token, User user) {
        public SignedIn {
            requireNonNull(token, "token is null");
            requireNonNull(user, "user is null");
        }

        @Override
        public String toString() {
            return "SignedIn[token=..., user=" + user + "]";
        }
    }

    /**
     * @throws GlasshouseException UNAUTHORIZED for a wrong email or password (without saying
     *     which), TOO_MANY_REQUESTS after repeated failures for the email or the client address
     */
    public SignedIn signIn(String email, String password, String clientAddress) {
        requireNonNull(email, "email is null");
        requireNonNull(password, "password is null");
        requireNonNull(clientAddress, "clientAddress is null");
        String emailKey = "email:" + email.strip().toLowerCase(Locale.ROOT);
        String clientKey = "client:" + clientAddress;
        perEmail.check(emailKey, "email");
        perClient.check(clientKey, "address");
        Optional<User> user = users.authenticate(email.strip(), password);
        if (user.isEmpty()) {
            perEmail.failed(emailKey);
            perClient.failed(clientKey);
            throw new GlasshouseException(ErrorCode.UNAUTHORIZED, "wrong email or password");
        }
        perEmail.succeeded(emailKey);
        SessionStore.Created created = sessions.create(user.get().id(), TTL);
        return new SignedIn(created.token(), user.get());
    }

    /** The user of a live session; empty for an unknown or expired token. */
    public Optional<User> user(String token) {
        requireNonNull(token, "token is null");
        return sessions.find(token, TTL, EXTEND_EVERY).flatMap(session -> users.findById(session.userId()));
    }

    public void signOut(String token) {
        sessions.delete(token);
    }

    /** Every project of every organisation the user belongs to, in the order they joined. */
    public List<ProjectAccess> projects(User user) {
        List<ProjectAccess> result = new ArrayList<>();
        for (Membership membership : users.memberships(user.id())) {
            for (Project project : projects.projects(membership.organizationId())) {
                result.add(new ProjectAccess(project, membership.role()));
            }
        }
        return List.copyOf(result);
    }

    /** The project and the user's role there; empty when there is no such project or they are not a member. */
    public Optional<ProjectAccess> access(User user, String projectId) {
        requireNonNull(projectId, "projectId is null");
        return projects.findProject(projectId).flatMap(project -> users.role(project.organizationId(), user.id())
                .map(role -> new ProjectAccess(project, role)));
    }
}
