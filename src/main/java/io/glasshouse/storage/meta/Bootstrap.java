package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.ApiKeyPair;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ApiKey;
import io.glasshouse.model.Organization;
import io.glasshouse.model.Project;
import io.glasshouse.model.Role;
import io.glasshouse.model.User;
import io.glasshouse.storage.meta.BootstrapResult.Change;
import io.glasshouse.storage.meta.BootstrapSettings.UserSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Headless initialisation, run on every start. The {@code GLASSHOUSE_INIT_*} variables name an
 * organisation, a project with a key pair, and a user who owns the organisation; what exists is
 * reused, what is missing is created, so a second start with the same settings changes nothing.
 *
 * <ul>
 *   <li>Nothing set, empty store: organisation "Default", project "default" and a generated key
 *       pair, returned so the caller can print the secret once.
 *   <li>Names left out default to "Default" and "default", except that a configured public key
 *       which already exists settles the project (and organisation) by itself.
 *   <li>An empty store always ends with a project and a usable key, generated when none is set.
 *   <li>The environment is the source of truth for what it names: a changed secret for a known
 *       public key replaces the stored hash (rotating a leaked secret is "change the variable,
 *       restart"), and a changed password replaces the user's password.
 *   <li>A public key that belongs to another project, or was revoked, stops start-up: silently
 *       moving or reviving a key would undo a deliberate act.
 * </ul>
 */
public final class Bootstrap {
    static final String DEFAULT_ORGANIZATION_NAME = "Default";
    static final String DEFAULT_PROJECT_NAME = "default";
    // Any constant both servers agree on; "glassh00" in ASCII.
    private static final long LOCK_KEY = 0x676c617373683030L;

    private final MetadataStore store;

    public Bootstrap(MetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /**
     * @param environment the process environment, or any map holding the same variables
     * @throws GlasshouseException CONFIGURATION when the settings are incomplete, malformed or
     *     contradict what the store holds
     */
    public BootstrapResult run(Map<String, String> environment) {
        BootstrapSettings settings = BootstrapSettings.from(environment);
        return store.inExclusiveTransaction(LOCK_KEY, () -> apply(settings));
    }

    private BootstrapResult apply(BootstrapSettings settings) {
        List<Change> changes = new ArrayList<>();
        boolean emptyStore = store.projects().isEmpty();
        if (settings.isEmpty() && !emptyStore) {
            return new BootstrapResult(Optional.empty(), Optional.empty(), Optional.empty(), changes, Optional.empty());
        }

        Optional<ApiKey> existingKey =
                settings.keys().flatMap(keys -> store.apiKeys().findByPublicKey(keys.publicKey()));
        Optional<Project> keyProject = existingKey.map(key -> store.projects().findProject(key.projectId()).orElseThrow());
        boolean needProject = emptyStore || settings.projectName().isPresent() || settings.keys().isPresent();

        Organization organization = organization(settings, keyProject, changes);
        Optional<Project> project =
                needProject ? Optional.of(project(settings, organization, keyProject, changes)) : Optional.empty();

        Optional<CreatedApiKey> generated = Optional.empty();
        if (settings.keys().isPresent()) {
            key(settings.keys().get(), existingKey, project.orElseThrow(), organization, changes);
        } else if (emptyStore) {
            generated = Optional.of(store.apiKeys().create(project.orElseThrow().id(), "generated at first start"));
            changes.add(Change.API_KEY_GENERATED);
        }

        settings.user().ifPresent(user -> owner(user, organization, changes));
        return new BootstrapResult(
                Optional.of(organization),
                project,
                settings.user().map(UserSettings::email),
                changes,
                generated);
    }

    private Organization organization(BootstrapSettings settings, Optional<Project> keyProject, List<Change> changes) {
        if (settings.organizationName().isEmpty() && keyProject.isPresent()) {
            return store.projects().findOrganization(keyProject.get().organizationId()).orElseThrow();
        }
        String name = settings.organizationName().orElse(DEFAULT_ORGANIZATION_NAME);
        Optional<Organization> existing = store.projects().findOrganizationByName(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        changes.add(Change.ORGANIZATION_CREATED);
        return store.projects().createOrganization(name);
    }

    private Project project(
            BootstrapSettings settings, Organization organization, Optional<Project> keyProject, List<Change> changes) {
        if (settings.projectName().isEmpty() && keyProject.isPresent()
                && keyProject.get().organizationId().equals(organization.id())) {
            return keyProject.get();
        }
        String name = settings.projectName().orElse(DEFAULT_PROJECT_NAME);
        Optional<Project> existing = store.projects().findProject(organization.id(), name);
        if (existing.isPresent()) {
            return existing.get();
        }
        changes.add(Change.PROJECT_CREATED);
        return store.projects().createProject(organization.id(), name);
    }

    private void key(
            ApiKeyPair keys, Optional<ApiKey> existing, Project project, Organization organization, List<Change> changes) {
        if (existing.isEmpty()) {
            store.apiKeys().create(project.id(), keys, "from " + BootstrapSettings.PUBLIC_KEY);
            changes.add(Change.API_KEY_CREATED);
            return;
        }
        ApiKey key = existing.get();
        if (!key.projectId().equals(project.id())) {
            Project owner = store.projects().findProject(key.projectId()).orElseThrow();
            throw GlasshouseException.configuration(BootstrapSettings.PUBLIC_KEY + " " + key.publicKey()
                    + " belongs to project '" + owner.name() + "' (" + owner.id() + "), not to project '"
                    + project.name() + "' of organization '" + organization.name()
                    + "': fix the project and organization names, or use a new key pair");
        }
        if (key.isRevoked()) {
            throw GlasshouseException.configuration(BootstrapSettings.PUBLIC_KEY + " " + key.publicKey()
                    + " was revoked: set a new key pair, or remove " + BootstrapSettings.PUBLIC_KEY + " and "
                    + BootstrapSettings.SECRET_KEY);
        }
        if (store.apiKeys().verify(keys.publicKey(), keys.secretKey()).isEmpty()) {
            store.apiKeys().replaceSecret(key.id(), keys.secretKey());
            changes.add(Change.API_KEY_SECRET_REPLACED);
        }
    }

    private void owner(UserSettings settings, Organization organization, List<Change> changes) {
        UserStore users = store.users();
        Optional<User> existing = users.findByEmail(settings.email());
        User user;
        if (existing.isEmpty()) {
            user = users.create(settings.email(), settings.name(), settings.password());
            changes.add(Change.USER_CREATED);
        } else {
            user = existing.get();
            if (!users.passwordMatches(user, settings.password())) {
                // Whoever knew the old password may be signed in: their sessions end with it.
                users.setPasswordAsOperator(user.id(), settings.password());
                store.sessions().deleteForUser(user.id());
                changes.add(Change.USER_PASSWORD_REPLACED);
            }
        }
        Optional<Role> role = users.role(organization.id(), user.id());
        if (role.isEmpty()) {
            users.addMember(organization.id(), user.id(), Role.OWNER);
            changes.add(Change.USER_MADE_OWNER);
        } else if (role.get() != Role.OWNER) {
            users.setRole(organization.id(), user.id(), Role.OWNER);
            changes.add(Change.USER_MADE_OWNER);
        }
    }
}
