package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.Organization;
import io.glasshouse.model.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What headless start-up found or made. {@code organization} and {@code project} are the ones the
 * settings resolved to (empty when the settings named none). No secret appears here except a
 * freshly generated key in {@code generatedKey}, which the caller prints once.
 */
public record BootstrapResult(
        Optional<Organization> organization,
        Optional<Project> project,
        Optional<String> userEmail,
        List<Change> changes,
        Optional<CreatedApiKey> generatedKey) {
    public enum Change {
        ORGANIZATION_CREATED,
        PROJECT_CREATED,
        API_KEY_CREATED,
        API_KEY_GENERATED,
        API_KEY_SECRET_REPLACED,
        USER_CREATED,
        USER_PASSWORD_REPLACED,
        USER_MADE_OWNER
    }

    public BootstrapResult {
        requireNonNull(organization, "organization is null");
        requireNonNull(project, "project is null");
        requireNonNull(userEmail, "userEmail is null");
        changes = List.copyOf(requireNonNull(changes, "changes is null"));
        requireNonNull(generatedKey, "generatedKey is null");
    }

    public boolean changedAnything() {
        return !changes.isEmpty();
    }

    /** One line per change, for the start-up log; secrets left out. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        String organizationName = organization.map(o -> "'" + o.name() + "'").orElse("");
        String projectName = project.map(p -> "'" + p.name() + "' (" + p.id() + ")").orElse("");
        for (Change change : changes) {
            lines.add(switch (change) {
                case ORGANIZATION_CREATED -> "created organization " + organizationName;
                case PROJECT_CREATED -> "created project " + projectName;
                case API_KEY_CREATED -> "stored the configured API key for project " + projectName;
                case API_KEY_GENERATED -> "generated API key "
                        + generatedKey.map(CreatedApiKey::publicKey).orElse("") + " for project " + projectName;
                case API_KEY_SECRET_REPLACED -> "replaced the secret of the configured API key of project " + projectName;
                case USER_CREATED -> "created user " + userEmail.orElse("");
                case USER_PASSWORD_REPLACED -> "replaced the password of user " + userEmail.orElse("");
                case USER_MADE_OWNER -> "made " + userEmail.orElse("") + " OWNER of organization " + organizationName;
            });
        }
        return lines;
    }
}
