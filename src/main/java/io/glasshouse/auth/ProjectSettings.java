package io.glasshouse.auth;

import static java.util.Objects.requireNonNull;

import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ApiKey;
import io.glasshouse.model.Membership;
import io.glasshouse.model.Role;
import io.glasshouse.model.User;
import io.glasshouse.storage.meta.ApiKeyStore;
import io.glasshouse.storage.meta.CreatedApiKey;
import io.glasshouse.storage.meta.UserStore;
import java.util.List;
import java.util.Optional;

/**
 * A project's settings as the UI changes them: its API keys and the members of its organisation.
 * Every change needs ADMIN or OWNER, and nobody grants, changes or removes a role above their own
 * (an admin cannot make owners, nor demote one); the last owner stays.
 */
public final class ProjectSettings {
    private final ApiKeyStore apiKeys;
    private final UserStore users;

    public ProjectSettings(ApiKeyStore apiKeys, UserStore users) {
        this.apiKeys = requireNonNull(apiKeys, "apiKeys is null");
        this.users = requireNonNull(users, "users is null");
    }

    /** A member of the project's organisation. */
    public record Member(User user, Role role) {
        public Member {
            requireNonNull(user, "user is null");
            requireNonNull(role, "role is null");
        }
    }

    /** What to add: an existing user by email, or a new one when a password is given. */
    public record NewMember(String email, String name, String password, Role role) {
        public NewMember {
            requireNonNull(email, "email is null");
            requireNonNull(role, "role is null");
        }
    }

    public List<ApiKey> apiKeys(ProjectAccess actor) {
        requireRole(actor, Role.ADMIN, "see the API keys");
        return apiKeys.list(actor.project().id());
    }

    public CreatedApiKey createApiKey(ProjectAccess actor, String note) {
        requireRole(actor, Role.ADMIN, "create API keys");
        return apiKeys.create(actor.project().id(), note);
    }

    public void revokeApiKey(ProjectAccess actor, String apiKeyId) {
        requireRole(actor, Role.ADMIN, "revoke API keys");
        apiKeys.revoke(actor.project().id(), apiKeyId);
    }

    /** Every member may see who else is a member. */
    public List<Member> members(ProjectAccess actor) {
        return users.members(actor.project().organizationId()).stream()
                .flatMap(membership -> users.findById(membership.userId())
                        .map(user -> new Member(user, membership.role())).stream())
                .toList();
    }

    /**
     * Adds a user to the actor's organisation; with a password, creates the user first. Users are
     * shared by every organisation on the server, so whoever chose a password could sign in as
     * that user wherever the user is a member: an account whose password an admin of another
     * organisation chose is not added here, and a password is never set for an existing account.
     *
     * @throws GlasshouseException NOT_FOUND when no user has the email and no password was given
     *     to create one, CONFLICT when they are already a member, when a password was given for an
     *     existing user, or when an admin of another organisation chose the user's password
     */
    public Member addMember(ProjectAccess actor, NewMember member) {
        requireRole(actor, Role.ADMIN, "add members");
        requireGrantable(actor, member.role());
        String organizationId = actor.project().organizationId();
        String email = member.email().strip();
        boolean withPassword = member.password() != null && !member.password().isEmpty();
        Optional<User> existing = users.findByEmail(email);
        User user;
        if (existing.isPresent()) {
            user = existing.get();
            if (withPassword) {
                throw new GlasshouseException(ErrorCode.CONFLICT, "a user with the email " + email
                        + " already exists and keeps their own password; add them without one");
            }
            Optional<String> chosenIn = users.passwordChosenIn(user.id());
            if (chosenIn.isPresent() && !chosenIn.get().equals(organizationId)) {
                throw new GlasshouseException(ErrorCode.CONFLICT, "the user " + email + " cannot be added:"
                        + " an admin of another organisation chose their password, and could sign in as them here;"
                        + " use another email address for them");
            }
        } else if (!withPassword) {
            throw GlasshouseException.notFound("no user has the email " + email + "; give a password to create one");
        } else {
            user = users.createWithPasswordChosenIn(organizationId, member.email(), member.name(), member.password());
        }
        Membership added = users.addMember(organizationId, user.id(), member.role());
        return new Member(user, added.role());
    }

    public Member setRole(ProjectAccess actor, String userId, Role role) {
        requireRole(actor, Role.ADMIN, "change roles");
        requireGrantable(actor, role);
        requireGrantable(actor, currentRole(actor, userId));
        users.setRole(actor.project().organizationId(), userId, role);
        return new Member(users.findById(userId).orElseThrow(), role);
    }

    public void removeMember(ProjectAccess actor, String userId) {
        requireRole(actor, Role.ADMIN, "remove members");
        requireGrantable(actor, currentRole(actor, userId));
        users.removeMember(actor.project().organizationId(), userId);
    }

    private Role currentRole(ProjectAccess actor, String userId) {
        return users.role(actor.project().organizationId(), userId).orElseThrow(() -> GlasshouseException.notFound(
                "user " + userId + " is not a member of this project's organization"));
    }

    static void requireRole(ProjectAccess actor, Role needed, String action) {
        if (!actor.role().includes(needed)) {
            throw new GlasshouseException(ErrorCode.FORBIDDEN, "your role " + actor.role()
                    + " may not " + action + "; ask an " + needed + " or OWNER of the project");
        }
    }

    private static void requireGrantable(ProjectAccess actor, Role role) {
        if (!actor.role().includes(role)) {
            throw new GlasshouseException(ErrorCode.FORBIDDEN, "your role " + actor.role()
                    + " may not give, change or remove the role " + role);
        }
    }
}
