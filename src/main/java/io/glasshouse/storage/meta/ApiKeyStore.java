package io.glasshouse.storage.meta;

import static java.util.Objects.requireNonNull;

import io.glasshouse.auth.ApiKeyPair;
import io.glasshouse.auth.ApiKeys;
import io.glasshouse.auth.SecretHasher;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ApiKey;
import io.glasshouse.model.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Project API keys. Only a hash of each secret is stored: {@link #create(String, String)} returns
 * the plain secret once, and {@link #verify} checks a presented secret against the hash.
 */
public final class ApiKeyStore {
    private static final int MAX_KEY_LENGTH = 200;
    private static final int MAX_NOTE_LENGTH = 1000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecretHasher hasher;
    private final ApiKeys generator;
    private final AuthenticationKeyCache forAuthentication;

    ApiKeyStore(Jdbi jdbi, Clock clock, SecretHasher hasher, ApiKeys generator) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.generator = requireNonNull(generator, "generator is null");
        this.forAuthentication = new AuthenticationKeyCache(clock);
    }

    /**
     * A new generated key pair for the project.
     *
     * @throws GlasshouseException NOT_FOUND when the project does not exist
     */
    public CreatedApiKey create(String projectId, String note) {
        ApiKeyPair pair = generator.generate();
        return new CreatedApiKey(create(projectId, pair, note), pair.secretKey());
    }

    /**
     * Stores a key pair chosen elsewhere (headless start-up, keys carried over from Langfuse).
     *
     * @throws GlasshouseException NOT_FOUND when the project does not exist, CONFLICT when the
     *     public key is taken, INVALID_REQUEST when a key is unusable
     */
    public ApiKey create(String projectId, ApiKeyPair keys, String note) {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(keys, "keys is null");
        requireUsable(keys);
        if (!Ids.isValid(projectId)) {
            throw GlasshouseException.notFound("project " + projectId + " does not exist");
        }
        ApiKey key = new ApiKey(
                Ids.random(),
                projectId,
                keys.publicKey(),
                hasher.hash(keys.secretKey()),
                ApiKeys.displaySecret(keys.secretKey()),
                note(note),
                now(),
                null,
                null);
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO api_keys"
                            + " (id, project_id, public_key, secret_hash, display_secret, note, created_at)"
                            + " VALUES (:id, :projectId, :publicKey, :secretHash, :displaySecret, :note, :createdAt)")
                    .bind("id", key.id())
                    .bind("projectId", key.projectId())
                    .bind("publicKey", key.publicKey())
                    .bind("secretHash", key.secretHash())
                    .bind("displaySecret", key.displaySecret())
                    .bind("note", key.note())
                    .bind("createdAt", key.createdAt().toEpochMilli())
                    .execute());
        } catch (StatementException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw GlasshouseException.notFound("project " + projectId + " does not exist");
            }
            if (SqlErrors.isUniqueViolation(e)) {
                throw new GlasshouseException(ErrorCode.CONFLICT, "the public key " + keys.publicKey() + " is already in use");
            }
            throw e;
        }
        return key;
    }

    /** The key, revoked or not. */
    public Optional<ApiKey> findByPublicKey(String publicKey) {
        requireNonNull(publicKey, "publicKey is null");
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + Rows.API_KEY_COLUMNS + " FROM api_keys WHERE public_key = :publicKey")
                .bind("publicKey", publicKey)
                .map(Rows::apiKey)
                .findOne());
    }

    /**
     * The key when it exists, is not revoked and {@code secretKey} is its secret; empty otherwise,
     * without saying which of the three failed. Served from a short-lived cache of existing keys
     * ({@link AuthenticationKeyCache}: changes made here apply at once, changes made by another
     * server sharing the database within its TTL); the secret is checked on every call.
     */
    public Optional<ApiKey> verify(String publicKey, String secretKey) {
        requireNonNull(secretKey, "secretKey is null");
        return findUsable(publicKey).filter(key -> hasher.matches(secretKey, key.secretHash()));
    }

    /**
     * The key when it exists and is not revoked, from the same cache as {@link #verify}: for the
     * endpoints Langfuse lets a public key alone call (score creation).
     */
    public Optional<ApiKey> findUsable(String publicKey) {
        requireNonNull(publicKey, "publicKey is null");
        return forAuthentication.get(publicKey, this::findByPublicKey).filter(key -> !key.isRevoked());
    }

    /** The project's keys, revoked ones included, oldest first. */
    public List<ApiKey> list(String projectId) {
        requireNonNull(projectId, "projectId is null");
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + Rows.API_KEY_COLUMNS
                        + " FROM api_keys WHERE project_id = :projectId ORDER BY created_at, id")
                .bind("projectId", projectId)
                .map(Rows::apiKey)
                .list());
    }

    /**
     * Revokes the key for good. Revoking a revoked key changes nothing (its first revocation time
     * stays).
     *
     * @throws GlasshouseException NOT_FOUND when the project has no such key
     */
    public void revoke(String projectId, String apiKeyId) {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(apiKeyId, "apiKeyId is null");
        jdbi.useTransaction(handle -> {
            boolean exists = handle.createQuery(
                            "SELECT COUNT(*) FROM api_keys WHERE id = :id AND project_id = :projectId")
                    .bind("id", apiKeyId)
                    .bind("projectId", projectId)
                    .mapTo(Long.class)
                    .one() > 0;
            if (!exists) {
                throw GlasshouseException.notFound("project " + projectId + " has no API key " + apiKeyId);
            }
            handle.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("now", now().toEpochMilli())
                    .bind("id", apiKeyId)
                    .execute();
        });
        forAuthentication.invalidate();
    }

    /**
     * Records that the key authenticated a request just now. Callers on the ingestion path should
     * throttle this (e.g. once a minute per key); every call is a write.
     */
    public void touchLastUsed(String apiKeyId) {
        requireNonNull(apiKeyId, "apiKeyId is null");
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE api_keys SET last_used_at = :now WHERE id = :id")
                .bind("now", now().toEpochMilli())
                .bind("id", apiKeyId)
                .execute());
    }

    /**
     * Gives the key a new secret; the old one stops working at once.
     *
     * @throws GlasshouseException NOT_FOUND when there is no such key
     */
    public ApiKey replaceSecret(String apiKeyId, String secretKey) {
        requireNonNull(apiKeyId, "apiKeyId is null");
        requireNonNull(secretKey, "secretKey is null");
        requireUsableSecret(secretKey);
        int updated = jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE api_keys SET secret_hash = :secretHash, display_secret = :displaySecret WHERE id = :id")
                .bind("secretHash", hasher.hash(secretKey))
                .bind("displaySecret", ApiKeys.displaySecret(secretKey))
                .bind("id", apiKeyId)
                .execute());
        forAuthentication.invalidate();
        if (updated == 0) {
            throw GlasshouseException.notFound("there is no API key " + apiKeyId);
        }
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + Rows.API_KEY_COLUMNS + " FROM api_keys WHERE id = :id")
                .bind("id", apiKeyId)
                .map(Rows::apiKey)
                .one());
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private static void requireUsable(ApiKeyPair keys) {
        String publicKey = keys.publicKey();
        // HTTP Basic auth splits user and password at the first ':', so a public key cannot hold one.
        if (publicKey.isEmpty() || publicKey.length() > MAX_KEY_LENGTH
                || publicKey.chars().anyMatch(c -> c <= ' ' || c > '~' || c == ':')) {
            throw GlasshouseException.invalid(
                    "a public key must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters without spaces or ':'");
        }
        requireUsableSecret(keys.secretKey());
    }

    private static void requireUsableSecret(String secretKey) {
        if (secretKey.isEmpty() || secretKey.length() > MAX_KEY_LENGTH
                || secretKey.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw GlasshouseException.invalid(
                    "a secret key must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters without spaces");
        }
    }

    private static String note(String note) {
        if (note == null) {
            return "";
        }
        String stripped = note.strip();
        if (stripped.length() > MAX_NOTE_LENGTH) {
            throw GlasshouseException.invalid("an API key note is longer than " + MAX_NOTE_LENGTH + " characters");
        }
        return stripped;
    }
}
