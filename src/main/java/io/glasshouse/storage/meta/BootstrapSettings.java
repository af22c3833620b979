package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.ApiKeyPair;
import io.glasshouse.auth.ApiKeys;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code GLASSHOUSE_INIT_*} variables, read and checked. A variable set to blanks counts as
 * unset: compose files often declare {@code VAR=} with nothing after it.
 */
record BootstrapSettings(
        Optional<String> organizationName,
        Optional<String> projectName,
        Optional<ApiKeyPair> keys,
        Optional<UserSettings> user) {
    static final String ORG_NAME = "GLASSHOUSE_INIT_ORG_NAME";
    static final String PROJECT_NAME = "GLASSHOUSE_INIT_PROJECT_NAME";
    static final String PUBLIC_KEY = "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY";
    static final String SECRET_KEY = "GLASSHOUSE_INIT_PROJECT_SECRET_KEY";
    static final String USER_EMAIL = "GLASSHOUSE_INIT_USER_EMAIL";
    static final String USER_NAME = "GLASSHOUSE_INIT_USER_NAME";
    static final String USER_PASSWORD = "GLASSHOUSE_INIT_USER_PASSWORD";

    // Operator-chosen secrets are hashed with fast SHA-256 like generated ones (see SecretHasher),
    // so they must be as hard to guess: 16 random characters after the prefix at the least.
    static final int MIN_SECRET_RANDOM_CHARACTERS = 16;

    record UserSettings(String email, String name, String password) {
        UserSettings {
            requireNonNull(email, "email is null");
            requireNonNull(name, "name is null");
            requireNonNull(password, "password is null");
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "UserSettings[email=" + email + ", name=" + name + "]";
        }
    }

    BootstrapSettings {
        requireNonNull(organizationName, "organizationName is null");
        requireNonNull(projectName, "projectName is null");
        requireNonNull(keys, "keys is null");
        requireNonNull(user, "user is null");
    }

    /** @throws GlasshouseException CONFIGURATION naming the variable that is wrong and how to fix it */
    static BootstrapSettings from(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        Optional<String> organizationName = value(environment, ORG_NAME).map(name -> name(name, "organization", ORG_NAME));
        Optional<String> projectName = value(environment, PROJECT_NAME).map(name -> name(name, "project", PROJECT_NAME));
        return new BootstrapSettings(organizationName, projectName, keys(environment), user(environment));
    }

    boolean isEmpty() {
        return organizationName.isEmpty() && projectName.isEmpty() && keys.isEmpty() && user.isEmpty();
    }

    private static Optional<ApiKeyPair> keys(Map<String, String> environment) {
        Optional<String> publicKey = value(environment, PUBLIC_KEY);
        Optional<String> secretKey = value(environment, SECRET_KEY);
        if (publicKey.isPresent() != secretKey.isPresent()) {
            String set = publicKey.isPresent() ? PUBLIC_KEY : SECRET_KEY;
            String missing = publicKey.isPresent() ? SECRET_KEY : PUBLIC_KEY;
            throw GlasshouseException.configuration(set + " is set but " + missing + " is not: set both, or neither");
        }
        if (publicKey.isEmpty()) {
            return Optional.empty();
        }
        String pk = publicKey.get().strip();
        String sk = secretKey.get().strip();
        if (!pk.startsWith(ApiKeys.PUBLIC_KEY_PREFIX) || pk.length() == ApiKeys.PUBLIC_KEY_PREFIX.length()) {
            throw GlasshouseException.configuration(PUBLIC_KEY + " must start with " + ApiKeys.PUBLIC_KEY_PREFIX
                    + " followed by the key, e.g. " + ApiKeys.PUBLIC_KEY_PREFIX + "$(uuidgen)");
        }
        if (pk.chars().anyMatch(c -> c <= ' ' || c > '~' || c == ':')) {
            throw GlasshouseException.configuration(
                    PUBLIC_KEY + " may hold printable ASCII characters only, without spaces or ':'");
        }
        if (!sk.startsWith(ApiKeys.SECRET_KEY_PREFIX)) {
            throw GlasshouseException.configuration(SECRET_KEY + " must start with " + ApiKeys.SECRET_KEY_PREFIX);
        }
        if (sk.length() < ApiKeys.SECRET_KEY_PREFIX.length() + MIN_SECRET_RANDOM_CHARACTERS) {
            throw GlasshouseException.configuration(SECRET_KEY + " is too short to stay secret: put at least "
                    + MIN_SECRET_RANDOM_CHARACTERS + " random characters after " + ApiKeys.SECRET_KEY_PREFIX
                    + ", e.g. " + ApiKeys.SECRET_KEY_PREFIX + "$(uuidgen)");
        }
        if (sk.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw GlasshouseException.configuration(SECRET_KEY + " may hold printable ASCII characters only, without spaces");
        }
        return Optional.of(new ApiKeyPair(pk, sk));
    }

    private static Optional<UserSettings> user(Map<String, String> environment) {
        Optional<String> email = value(environment, USER_EMAIL);
        Optional<String> password = Optional.ofNullable(environment.get(USER_PASSWORD)).filter(p -> !p.isBlank());
        Optional<String> name = value(environment, USER_NAME);
        if (email.isEmpty()) {
            if (password.isPresent() || name.isPresent()) {
                String set = password.isPresent() ? USER_PASSWORD : USER_NAME;
                throw GlasshouseException.configuration(set + " is set but " + USER_EMAIL + " is not: set "
                        + USER_EMAIL + " and " + USER_PASSWORD + " together");
            }
            return Optional.empty();
        }
        if (password.isEmpty()) {
            throw GlasshouseException.configuration(USER_EMAIL + " is set but " + USER_PASSWORD
                    + " is not: the user needs a password to sign in");
        }
        String cleanEmail = checked(USER_EMAIL, () -> Inputs.email(email.get()));
        checked(USER_PASSWORD, () -> Inputs.password(password.get()));
        String cleanName = name.map(n -> name(n, "user", USER_NAME)).orElse(cleanEmail.substring(0, cleanEmail.indexOf('@')));
        return Optional.of(new UserSettings(cleanEmail, cleanName, password.get()));
    }

    private static Optional<String> value(Map<String, String> environment, String variable) {
        return Optional.ofNullable(environment.get(variable)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String name(String value, String what, String variable) {
        return checked(variable, () -> Inputs.name(value, what));
    }

    /** Runs an input check, reporting its complaint as the variable's configuration error. */
    private static String checked(String variable, java.util.function.Supplier<String> check) {
        try {
            return check.get();
        } catch (GlasshouseException e) {
            if (e.code() != ErrorCode.INVALID_REQUEST) {
                throw e;
            }
            throw GlasshouseException.configuration(variable + ": " + e.getMessage());
        }
    }
}
