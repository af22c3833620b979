package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.PasswordHasher;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.Ids;
import io.glasshouse.model.Membership;
import io.glasshouse.model.Role;
import io.glasshouse.model.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Users and their roles in organisations. Emails are unique regardless of case; a user keeps the
 * spelling they signed up with.
 */
public final class UserStore {
    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher;
    // Hashed on first use: signing in as an unknown email then costs as much as a known one,
    // so response times do not reveal which emails have accounts.
    private volatile String unknownUserHash;

    UserStore(Jdbi jdbi, Clock clock, PasswordHasher hasher) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
    }

    /**
     * Creates a user with a password the operator chose (the init user, tests).
     *
     * @throws GlasshouseException CONFLICT when the email (in any case) is taken, INVALID_REQUEST
     *     for an unusable email, name or password
     */
    public User create(String email, String name, String password) {
        return insert(email, name, password, null);
    }

    /**
     * Creates a user with a password an admin of the organisation chose: that organisation is
     * recorded ({@link #passwordChosenIn}), so the account cannot later join another one whose
     * members the admin could then read as this user.
     *
     * @throws GlasshouseException as {@link #create}
     */
    public User createWithPasswordChosenIn(String organizationId, String email, String name, String password) {
        requireNonNull(organizationId, "organizationId is null");
        return insert(email, name, password, organizationId);
    }

    private User insert(String email, String name, String password, String passwordChosenIn) {
        String cleanEmail = Inputs.email(email);
        String cleanName = name == null || name.isBlank() ? "" : Inputs.name(name, "user");
        User user = new User(
                Ids.random(), cleanEmail, cleanName, hasher.hash(Inputs.password(password)), now());
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO users"
                            + " (id, email, email_normalized, name, password_hash, created_at, password_chosen_in)"
                            + " VALUES (:id, :email, :emailNormalized, :name, :passwordHash, :createdAt, :passwordChosenIn)")
                    .bind("id", user.id())
                    .bind("email", user.email())
                    .bind("emailNormalized", Inputs.normalizedEmail(user.email()))
                    .bind("name", user.name())
                    .bind("passwordHash", user.passwordHash())
                    .bind("createdAt", user.createdAt().toEpochMilli())
                    .bind("passwordChosenIn", passwordChosenIn)
                    .execute());
        } catch (StatementException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw GlasshouseException.notFound("organization " + passwordChosenIn + " does not exist");
            }
            if (SqlErrors.isUniqueViolation(e)) {
                throw new GlasshouseException(ErrorCode.CONFLICT, "a user with email " + cleanEmail + " already exists");
            }
            throw e;
        }
        return user;
    }

    public Optional<User> findById(String id) {
        requireNonNull(id, "id is null");
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id)
                .map(Rows::user)
                .findOne());
    }

    /** Finds the user whatever the case of {@code email}. */
    public Optional<User> findByEmail(String email) {
        requireNonNull(email, "email is null");
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE email_normalized = :email")
                .bind("email", Inputs.normalizedEmail(email))
                .map(Rows::user)
                .findOne());
    }

    /**
     * The user when {@code password} is theirs; empty for an unknown email or a wrong password,
     * without saying which. A hash made with fewer iterations than today's is upgraded on the way.
     */
    public Optional<User> authenticate(String email, String password) {
        requireNonNull(email, "email is null");
        requireNonNull(password, "password is null");
        Optional<User> user = findByEmail(email);
        if (user.isEmpty()) {
            hasher.verify(password, unknownUserHash());
            return Optional.empty();
        }
        if (!hasher.verify(password, user.get().passwordHash())) {
            return Optional.empty();
        }
        if (hasher.needsRehash(user.get().passwordHash())) {
            return Optional.of(setPassword(user.get().id(), password));
        }
        return user;
    }

    /** True when {@code password} is the user's current password. */
    public boolean passwordMatches(User user, String password) {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        return hasher.verify(password, user.passwordHash());
    }

    /**
     * The organisation whose admin chose the user's password; empty when the operator chose it
     * (or for an unknown user).
     */
    public Optional<String> passwordChosenIn(String userId) {
        requireNonNull(userId, "userId is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT password_chosen_in FROM users WHERE id = :id")
                .bind("id", userId)
                .mapTo(String.class)
                .findOne()
                .flatMap(Optional::ofNullable));
    }

    /**
     * Sets a password the operator chose: nobody else knows it any more, so the account is no
     * longer bound to the organisation whose admin chose the previous one. The caller ends the
     * user's browser sessions (whoever knew the old password may hold one).
     *
     * @throws GlasshouseException as {@link #setPassword}
     */
    public User setPasswordAsOperator(String userId, String password) {
        return updatePassword(userId, password, "UPDATE users SET password_hash = :passwordHash, password_chosen_in = NULL WHERE id = :id");
    }

    /**
     * Replaces the password hash; who may know the password is unchanged (a rehash keeps the
     * password itself).
     *
     * @throws GlasshouseException NOT_FOUND when there is no such user, INVALID_REQUEST for an
     *     unusable password
     */
    public User setPassword(String userId, String password) {
        return updatePassword(userId, password, "UPDATE users SET password_hash = :passwordHash WHERE id = :id");
    }

    private User updatePassword(String userId, String password, String update) {
        requireNonNull(userId, "userId is null");
        String hash = hasher.hash(Inputs.password(password));
        int updated = jdbi.withHandle(handle -> handle.createUpdate(update)
                .bind("passwordHash", hash)
                .bind("id", userId)
                .execute());
        if (updated == 0) {
            throw GlasshouseException.notFound("there is no user " + userId);
        }
        return findById(userId).orElseThrow();
    }

    /**
     * @throws GlasshouseException CONFLICT when the user is already a member (change roles with
     *     {@link #setRole}), NOT_FOUND when the organisation or the user does not exist
     */
    public Membership addMember(String organizationId, String userId, Role role) {
        requireNonNull(role, "role is null");
        Membership membership = membership(organizationId, userId, role);
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO memberships"
                            + " (organization_id, user_id, role, created_at) VALUES (:organizationId, :userId, :role, :createdAt)")
                    .bind("organizationId", membership.organizationId())
                    .bind("userId", membership.userId())
                    .bind("role", membership.role().name())
                    .bind("createdAt", now().toEpochMilli())
                    .execute());
        } catch (StatementException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw GlasshouseException.notFound(
                        "organization " + organizationId + " or user " + userId + " does not exist");
            }
            if (SqlErrors.isUniqueViolation(e)) {
                throw new GlasshouseException(
                        ErrorCode.CONFLICT, "user " + userId + " is already a member of organization " + organizationId);
            }
            throw e;
        }
        return membership;
    }

    /**
     * @throws GlasshouseException NOT_FOUND when the user is not a member of the organisation,
     *     CONFLICT when this would leave the organisation without an owner
     */
    public Membership setRole(String organizationId, String userId, Role role) {
        requireNonNull(role, "role is null");
        Membership membership = membership(organizationId, userId, role);
        // One statement, so the last-owner check and the change cannot be split by another writer
        // on SQLite; on PostgreSQL two owners demoting each other at the same instant could still
        // both pass, which an owner can undo.
        int updated = jdbi.withHandle(handle -> handle.createUpdate("UPDATE memberships SET role = :role"
                        + " WHERE organization_id = :organizationId AND user_id = :userId"
                        + " AND (role <> 'OWNER' OR :role = 'OWNER' OR " + OTHER_OWNERS + ")")
                .bind("role", role.name())
                .bind("organizationId", organizationId)
                .bind("userId", userId)
                .execute());
        if (updated == 0) {
            throw notChanged(organizationId, userId, "demote");
        }
        return membership;
    }

    /**
     * Takes the user out of the organisation.
     *
     * @throws GlasshouseException NOT_FOUND when the user is not a member, CONFLICT when they are
     *     its last owner
     */
    public void removeMember(String organizationId, String userId) {
        membership(organizationId, userId, Role.VIEWER);
        int removed = jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM memberships"
                        + " WHERE organization_id = :organizationId AND user_id = :userId"
                        + " AND (role <> 'OWNER' OR " + OTHER_OWNERS + ")")
                .bind("organizationId", organizationId)
                .bind("userId", userId)
                .execute());
        if (removed == 0) {
            throw notChanged(organizationId, userId, "remove");
        }
    }

    private static final String OTHER_OWNERS = "(SELECT COUNT(*) FROM memberships owners"
            + " WHERE owners.organization_id = :organizationId AND owners.role = 'OWNER' AND owners.user_id <> :userId) > 0";

    private GlasshouseException notChanged(String organizationId, String userId, String verb) {
        if (role(organizationId, userId).isEmpty()) {
            return GlasshouseException.notFound("user " + userId + " is not a member of organization " + organizationId);
        }
        return new GlasshouseException(ErrorCode.CONFLICT, "cannot " + verb + " the last owner of the organization;"
                + " make another member an owner first");
    }

    /** The user's role in the organisation; empty when they are not a member. */
    public Optional<Role> role(String organizationId, String userId) {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(userId, "userId is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.MEMBERSHIP_COLUMNS
                        + " FROM memberships WHERE organization_id = :organizationId AND user_id = :userId")
                .bind("organizationId", organizationId)
                .bind("userId", userId)
                .map(Rows::membership)
                .findOne()
                .map(Membership::role));
    }

    /** The organisations the user belongs to, in the order they joined. */
    public List<Membership> memberships(String userId) {
        requireNonNull(userId, "userId is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.MEMBERSHIP_COLUMNS
                        + " FROM memberships WHERE user_id = :userId ORDER BY created_at, organization_id")
                .bind("userId", userId)
                .map(Rows::membership)
                .list());
    }

    /** The organisation's members, in the order they joined. */
    public List<Membership> members(String organizationId) {
        requireNonNull(organizationId, "organizationId is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.MEMBERSHIP_COLUMNS
                        + " FROM memberships WHERE organization_id = :organizationId ORDER BY created_at, user_id")
                .bind("organizationId", organizationId)
                .map(Rows::membership)
                .list());
    }

    private static Membership membership(String organizationId, String userId, Role role) {
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(userId, "userId is null");
        if (!Ids.isValid(organizationId) || !Ids.isValid(userId)) {
            throw GlasshouseException.notFound(
                    "organization " + organizationId + " or user " + userId + " does not exist");
        }
        return new Membership(organizationId, userId, role);
    }

    private String unknownUserHash() {
        String hash = unknownUserHash;
        if (hash == null) {
            hash = hasher.hash("no user has this password");
            unknownUserHash = hash;
        }
        return hash;
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
