package io.glasshouse.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.glasshouse.auth.ApiKeyPair;
import io.glasshouse.auth.PasswordHasher;
import io.glasshouse.error.ErrorCode;
import io.glasshouse.error.GlasshouseException;
import io.glasshouse.model.ApiKey;
import io.glasshouse.model.BrowserSession;
import io.glasshouse.model.Membership;
import io.glasshouse.model.Organization;
import io.glasshouse.model.Project;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.ProjectModel;
import io.glasshouse.model.Role;
import io.glasshouse.model.ScoreConfig;
import io.glasshouse.model.ScoreConfig.Category;
import io.glasshouse.model.ScoreDataType;
import io.glasshouse.model.User;
import io.glasshouse.storage.meta.BootstrapResult.Change;
import io.glasshouse.storage.meta.ScoreConfigStore.Changes;
import io.glasshouse.storage.meta.ScoreConfigStore.NewScoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata store's behaviour, run against every backend: each subclass supplies a fresh, empty
 * database per test.
 */
abstract class BaseMetadataStoreTest {
    static final Instant START = Instant.parse("2025-01-02T03:04:05.678Z");
    // Production uses 210,000 iterations; the behaviour under test does not depend on the count.
    static final PasswordHasher FAST_PASSWORDS = new PasswordHasher(1_000);
    static final ApiKeyPair ACME_KEYS =
            new ApiKeyPair("pk-lf-acme-0001", "sk-lf-acme-secret-0000000000000001");

    @TempDir
    Path dataDir;

    final TestingClock clock = new TestingClock(START);
    private String databaseUrl;
    MetadataStore store;

    /** A URL to a fresh, empty database for one test; null means SQLite in {@link #dataDir}. */
    abstract String newDatabaseUrl();

    @BeforeEach
    final void openStore() {
        databaseUrl = newDatabaseUrl();
        store = open();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    /** Another store on this test's database. */
    MetadataStore open() {
        return open(FAST_PASSWORDS);
    }

    MetadataStore open(PasswordHasher passwords) {
        return MetadataStore.open(databaseUrl, dataDir, clock, passwords);
    }

    void reopen() {
        store.close();
        store = open();
    }

    // --- organisations and projects -------------------------------------------------------

    @Test
    void createdOrganizationIsFoundById() {
        Organization acme = store.projects().createOrganization("  Acme  ");

        assertThat(acme.name()).isEqualTo("Acme");
        assertThat(acme.createdAt()).isEqualTo(START);
        assertThat(store.projects().findOrganization(acme.id())).contains(acme);
        assertThat(store.projects().findOrganization("no-such-org")).isEmpty();
    }

    @Test
    void organizationsAreListedOldestFirst() {
        Organization first = store.projects().createOrganization("Acme");
        clock.advance(Duration.ofSeconds(1));
        Organization second = store.projects().createOrganization("Beta");

        assertThat(store.projects().organizations()).containsExactly(first, second);
    }

    @Test
    void organizationNamesNeedNotBeUniqueAndLookupByNameFindsTheOldest() {
        Organization first = store.projects().createOrganization("Acme");
        clock.advance(Duration.ofSeconds(1));
        store.projects().createOrganization("Acme");

        assertThat(store.projects().organizations()).hasSize(2);
        assertThat(store.projects().findOrganizationByName("Acme")).contains(first);
        assertThat(store.projects().findOrganizationByName("acme")).isEmpty();
    }

    @Test
    void storeIsEmptyUntilTheFirstOrganization() {
        assertThat(store.projects().isEmpty()).isTrue();
        store.projects().createOrganization("Acme");
        assertThat(store.projects().isEmpty()).isFalse();
    }

    @Test
    void projectsBelongToTheirOrganization() {
        Organization acme = store.projects().createOrganization("Acme");
        Organization beta = store.projects().createOrganization("Beta");
        Project chatbot = store.projects().createProject(acme.id(), "chatbot");
        clock.advance(Duration.ofSeconds(1));
        Project search = store.projects().createProject(acme.id(), "search");
        Project other = store.projects().createProject(beta.id(), "chatbot");

        assertThat(chatbot.organizationId()).isEqualTo(acme.id());
        assertThat(chatbot.createdAt()).isEqualTo(START);
        assertThat(store.projects().projects(acme.id())).containsExactly(chatbot, search);
        assertThat(store.projects().projects(beta.id())).containsExactly(other);
        assertThat(store.projects().findProject(search.id())).contains(search);
        assertThat(store.projects().findProject(acme.id(), "chatbot")).contains(chatbot);
        assertThat(store.projects().findProject(beta.id(), "search")).isEmpty();
    }

    @Test
    void projectIdsAreSafeToBindAnywhere() {
        Organization acme = store.projects().createOrganization("Acme");
        Project project = store.projects().createProject(acme.id(), "name with 'quotes' and spaces");

        assertThat(project.id()).matches("[A-Za-z0-9_-]{1,64}");
        assertThat(acme.id()).matches("[A-Za-z0-9_-]{1,64}");
    }

    @Test
    void projectNameIsUniqueWithinItsOrganization() {
        Organization acme = store.projects().createOrganization("Acme");
        store.projects().createProject(acme.id(), "chatbot");

        assertFails(ErrorCode.CONFLICT, () -> store.projects().createProject(acme.id(), "chatbot"));
        assertThat(store.projects().projects(acme.id())).hasSize(1);
    }

    @Test
    void projectOfMissingOrganizationIsNotFound() {
        assertFails(ErrorCode.NOT_FOUND, () -> store.projects().createProject("no-such-org", "chatbot"));
        assertFails(ErrorCode.NOT_FOUND, () -> store.projects().createProject("not an id!", "chatbot"));
    }

    @Test
    void blankNamesAreInvalid() {
        assertFails(ErrorCode.INVALID_REQUEST, () -> store.projects().createOrganization("  "));
        Organization acme = store.projects().createOrganization("Acme");
        assertFails(ErrorCode.INVALID_REQUEST, () -> store.projects().createProject(acme.id(), ""));
        assertFails(ErrorCode.INVALID_REQUEST, () -> store.projects().createProject(acme.id(), "x".repeat(201)));
    }

    // --- API keys --------------------------------------------------------------------------

    @Test
    void createdKeyReturnsItsSecretOnceAndStoresOnlyAHash() {
        Project project = project();
        CreatedApiKey created = store.apiKeys().create(project.id(), "ci");

        ApiKey key = created.apiKey();
        assertThat(key.publicKey()).matches("pk-lf-[0-9a-f-]{36}");
        assertThat(created.secretKey()).matches("sk-lf-[0-9a-f-]{36}");
        assertThat(key.displaySecret())
                .isEqualTo("sk-lf-..." + created.secretKey().substring(created.secretKey().length() - 4));
        assertThat(key.secretHash()).doesNotContain(created.secretKey()).hasSize(64);
        assertThat(key.note()).isEqualTo("ci");
        assertThat(key.createdAt()).isEqualTo(START);
        assertThat(key.lastUsedAt()).isNull();
        assertThat(key.revokedAt()).isNull();
        assertThat(created.toString()).doesNotContain(created.secretKey());
        assertThat(store.apiKeys().findByPublicKey(key.publicKey())).contains(key);
    }

    @Test
    void verifyAcceptsTheSecretAndRejectsAnythingElse() {
        Project project = project();
        CreatedApiKey created = store.apiKeys().create(project.id(), null);
        String publicKey = created.publicKey();

        assertThat(store.apiKeys().verify(publicKey, created.secretKey())).contains(created.apiKey());
        assertThat(store.apiKeys().verify(publicKey, created.secretKey() + "x")).isEmpty();
        assertThat(store.apiKeys().verify(publicKey, "")).isEmpty();
        assertThat(store.apiKeys().verify("pk-lf-unknown", created.secretKey())).isEmpty();
    }

    @Test
    void revokedKeyIsNotUsable() {
        Project project = project();
        CreatedApiKey created = store.apiKeys().create(project.id(), "old");
        clock.advance(Duration.ofMinutes(5));

        store.apiKeys().revoke(project.id(), created.apiKey().id());
        clock.advance(Duration.ofMinutes(5));
        store.apiKeys().revoke(project.id(), created.apiKey().id());

        assertThat(store.apiKeys().verify(created.publicKey(), created.secretKey())).isEmpty();
        ApiKey revoked = store.apiKeys().findByPublicKey(created.publicKey()).orElseThrow();
        assertThat(revoked.isRevoked()).isTrue();
        assertThat(revoked.revokedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void revokingAnotherProjectsKeyIsNotFound() {
        Project project = project();
        Project other = store.projects().createProject(project.organizationId(), "other");
        CreatedApiKey created = store.apiKeys().create(project.id(), null);

        assertFails(ErrorCode.NOT_FOUND, () -> store.apiKeys().revoke(other.id(), created.apiKey().id()));
        assertFails(ErrorCode.NOT_FOUND, () -> store.apiKeys().revoke(project.id(), "no-such-key"));
        assertThat(store.apiKeys().verify(created.publicKey(), created.secretKey())).isPresent();
    }

    @Test
    void publicKeysAreUnique() {
        Project project = project();
        Project other = store.projects().createProject(project.organizationId(), "other");
        store.apiKeys().create(project.id(), ACME_KEYS, null);

        ApiKeyPair samepublic = new ApiKeyPair(ACME_KEYS.publicKey(), "sk-lf-another-secret-000000000");
        assertFails(ErrorCode.CONFLICT, () -> store.apiKeys().create(other.id(), samepublic, null));
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isPresent();
    }

    @Test
    void keysOfMissingProjectAreNotFound() {
        assertFails(ErrorCode.NOT_FOUND, () -> store.apiKeys().create("no-such-project", null));
        assertFails(ErrorCode.NOT_FOUND, () -> store.apiKeys().create("no-such-project", ACME_KEYS, null));
    }

    @Test
    void publicKeyWithColonIsInvalid() {
        Project project = project();
        ApiKeyPair colon = new ApiKeyPair("pk-lf-a:b", "sk-lf-0000000000000000");

        assertFails(ErrorCode.INVALID_REQUEST, () -> store.apiKeys().create(project.id(), colon, null));
    }

    @Test
    void keysAreListedPerProjectOldestFirst() {
        Project project = project();
        Project other = store.projects().createProject(project.organizationId(), "other");
        ApiKey first = store.apiKeys().create(project.id(), "first").apiKey();
        clock.advance(Duration.ofSeconds(1));
        ApiKey second = store.apiKeys().create(project.id(), "second").apiKey();
        ApiKey elsewhere = store.apiKeys().create(other.id(), "elsewhere").apiKey();

        assertThat(store.apiKeys().list(project.id())).containsExactly(first, second);
        assertThat(store.apiKeys().list(other.id())).containsExactly(elsewhere);
        assertThat(store.apiKeys().list("no-such-project")).isEmpty();
    }

    @Test
    void touchingAKeyRecordsWhenItWasLastUsed() {
        Project project = project();
        CreatedApiKey created = store.apiKeys().create(project.id(), null);
        clock.advance(Duration.ofHours(1));

        store.apiKeys().touchLastUsed(created.apiKey().id());

        assertThat(store.apiKeys().findByPublicKey(created.publicKey()).orElseThrow().lastUsedAt())
                .isEqualTo(START.plus(Duration.ofHours(1)));
    }

    @Test
    void replacingTheSecretRetiresTheOldOne() {
        Project project = project();
        ApiKey key = store.apiKeys().create(project.id(), ACME_KEYS, null);
        String newSecret = "sk-lf-rotated-secret-0000000009999";

        ApiKey replaced = store.apiKeys().replaceSecret(key.id(), newSecret);

        assertThat(replaced.displaySecret()).isEqualTo("sk-lf-...9999");
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isEmpty();
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), newSecret)).contains(replaced);
        assertFails(ErrorCode.NOT_FOUND, () -> store.apiKeys().replaceSecret("no-such-key", newSecret));
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnceHereEvenRightAfterUse() {
        Project project = project();
        CreatedApiKey created = store.apiKeys().create(project.id(), null);
        assertThat(store.apiKeys().verify(created.publicKey(), created.secretKey())).isPresent();
        assertThat(store.apiKeys().findUsable(created.publicKey())).isPresent();

        store.apiKeys().revoke(project.id(), created.apiKey().id());

        assertThat(store.apiKeys().verify(created.publicKey(), created.secretKey())).isEmpty();
        assertThat(store.apiKeys().findUsable(created.publicKey())).isEmpty();
    }

    @Test
    void aNewSecretReplacesTheOldOneAtOnceHereEvenRightAfterUse() {
        Project project = project();
        ApiKey key = store.apiKeys().create(project.id(), ACME_KEYS, null);
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isPresent();
        String newSecret = "sk-lf-rotated-secret-0000000009999";

        store.apiKeys().replaceSecret(key.id(), newSecret);

        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isEmpty();
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), newSecret)).isPresent();
    }

    @Test
    void anotherServerOnTheSameDatabaseSeesARevocationWithinTheCacheTtl() {
        Project project = project();
        CreatedApiKey created = store.apiKeys().create(project.id(), null);
        try (MetadataStore otherServer = open()) {
            // The other server authenticates the key once: from then on it is in its cache.
            assertThat(otherServer.apiKeys().verify(created.publicKey(), created.secretKey())).isPresent();

            store.apiKeys().revoke(project.id(), created.apiKey().id());

            // Still cached there (this is what saves the database look-up per request) ...
            assertThat(otherServer.apiKeys().verify(created.publicKey(), created.secretKey())).isPresent();
            // ... and still checked: a wrong secret fails against the cached hash.
            assertThat(otherServer.apiKeys().verify(created.publicKey(), created.secretKey() + "x")).isEmpty();
            clock.advance(AuthenticationKeyCache.TTL.minusMillis(1));
            assertThat(otherServer.apiKeys().verify(created.publicKey(), created.secretKey())).isPresent();
            // Once the TTL has passed, the other server reads the revocation.
            clock.advance(Duration.ofMillis(1));
            assertThat(otherServer.apiKeys().verify(created.publicKey(), created.secretKey())).isEmpty();
            assertThat(otherServer.apiKeys().findUsable(created.publicKey())).isEmpty();
        }
    }

    @Test
    void aKeyCreatedOnAnotherServerWorksAtOnceBecauseUnknownKeysAreNotCached() {
        Project project = project();
        try (MetadataStore otherServer = open()) {
            assertThat(otherServer.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isEmpty();

            store.apiKeys().create(project.id(), ACME_KEYS, null);

            assertThat(otherServer.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isPresent();
        }
    }

    // --- users and roles -------------------------------------------------------------------

    @Test
    void usersAreFoundByEmailInAnyCase() {
        User ada = store.users().create("Ada.Lovelace@Example.com", "Ada", "correct horse");

        assertThat(ada.email()).isEqualTo("Ada.Lovelace@Example.com");
        assertThat(ada.createdAt()).isEqualTo(START);
        assertThat(store.users().findByEmail("ada.lovelace@example.com")).contains(ada);
        assertThat(store.users().findByEmail(" ADA.LOVELACE@EXAMPLE.COM ")).contains(ada);
        assertThat(store.users().findById(ada.id())).contains(ada);
        assertThat(store.users().findByEmail("grace@example.com")).isEmpty();
    }

    @Test
    void emailIsUniqueRegardlessOfCase() {
        store.users().create("ada@example.com", "Ada", "correct horse");

        assertFails(ErrorCode.CONFLICT, () -> store.users().create("ADA@Example.COM", "Other Ada", "battery staple"));
    }

    @Test
    void passwordsAreHashedAndChecked() {
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");

        assertThat(ada.passwordHash()).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct horse");
        assertThat(ada.toString()).doesNotContain(ada.passwordHash());
        assertThat(store.users().authenticate("ADA@example.com", "correct horse")).contains(ada);
        assertThat(store.users().authenticate("ada@example.com", "wrong horse")).isEmpty();
        assertThat(store.users().authenticate("grace@example.com", "correct horse")).isEmpty();
    }

    @Test
    void signingInUpgradesAHashWithFewerIterations() {
        store.users().create("ada@example.com", "Ada", "correct horse");
        store.close();
        store = open(new PasswordHasher(2_000));

        User signedIn = store.users().authenticate("ada@example.com", "correct horse").orElseThrow();

        assertThat(signedIn.passwordHash()).startsWith("pbkdf2-sha256$2000$");
        assertThat(store.users().findByEmail("ada@example.com").orElseThrow().passwordHash())
                .isEqualTo(signedIn.passwordHash());
    }

    @Test
    void settingAPasswordReplacesTheOldOne() {
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");

        store.users().setPassword(ada.id(), "battery staple");

        assertThat(store.users().authenticate("ada@example.com", "correct horse")).isEmpty();
        assertThat(store.users().authenticate("ada@example.com", "battery staple")).isPresent();
        assertFails(ErrorCode.NOT_FOUND, () -> store.users().setPassword("no-such-user", "battery staple"));
    }

    @Test
    void anAdminChosenPasswordBindsTheAccountToItsOrganizationUntilTheOperatorSetsOne() {
        Organization acme = store.projects().createOrganization("Acme");
        User bob = store.users().createWithPasswordChosenIn(acme.id(), "bob@example.com", "Bob", "correct horse");
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");

        assertThat(store.users().passwordChosenIn(bob.id())).contains(acme.id());
        assertThat(store.users().passwordChosenIn(ada.id())).as("chosen by the operator").isEmpty();
        assertThat(store.users().passwordChosenIn("no-such-user")).isEmpty();

        store.users().setPassword(bob.id(), "battery staple");
        assertThat(store.users().passwordChosenIn(bob.id())).as("a rehash or a reset by whoever knew it").contains(acme.id());

        store.users().setPasswordAsOperator(bob.id(), "staple battery");
        assertThat(store.users().passwordChosenIn(bob.id())).isEmpty();
        assertThat(store.users().authenticate("bob@example.com", "staple battery")).isPresent();
        assertFails(ErrorCode.NOT_FOUND, () -> store.users().setPasswordAsOperator("no-such-user", "battery staple"));
        assertFails(ErrorCode.NOT_FOUND,
                () -> store.users().createWithPasswordChosenIn("no-such-org", "eve@example.com", "Eve", "correct horse"));
        assertThat(store.users().findByEmail("eve@example.com")).isEmpty();
    }

    @Test
    void accountsFromBeforeTheColumnAreBoundToTheirOnlyOrganization() {
        // A fresh database as version 3 of the schema left it: an account in one organisation,
        // one in two, one in none. Upgrading binds only the first.
        String url = newDatabaseUrl();
        Path dir = dataDir.resolve("from-version-3");
        String one = "u-one";
        String two = "u-two";
        String none = "u-none";
        try (var dataSource = url == null ? MetadataDataSources.sqlite(dir) : MetadataDataSources.postgres(url)) {
            org.flywaydb.core.Flyway.configure().dataSource(dataSource).locations("classpath:db/meta")
                    .target("3").load().migrate();
            org.jdbi.v3.core.Jdbi.create(dataSource).useHandle(handle -> {
                for (String org : List.of("o-acme", "o-beta")) {
                    handle.execute("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, 0)", org, org);
                }
                for (String user : List.of(one, two, none)) {
                    handle.execute("INSERT INTO users (id, email, email_normalized, name, password_hash, created_at)"
                            + " VALUES (?, ?, ?, '', 'x', 0)", user, user + "@example.com", user + "@example.com");
                }
                String member = "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES (?, ?, ?, 0)";
                handle.execute(member, "o-acme", one, "OWNER");
                handle.execute(member, "o-acme", two, "MEMBER");
                handle.execute(member, "o-beta", two, "OWNER");
            });
        }

        try (MetadataStore upgraded = MetadataStore.open(url, dir, clock, FAST_PASSWORDS)) {
            assertThat(upgraded.users().passwordChosenIn(one)).contains("o-acme");
            assertThat(upgraded.users().passwordChosenIn(two)).as("shared by the operator already").isEmpty();
            assertThat(upgraded.users().passwordChosenIn(none)).isEmpty();
        }
    }

    @Test
    void unusableUserInputIsInvalid() {
        assertFails(ErrorCode.INVALID_REQUEST, () -> store.users().create("not-an-email", "Ada", "correct horse"));
        assertFails(ErrorCode.INVALID_REQUEST, () -> store.users().create("a b@example.com", "Ada", "correct horse"));
        assertFails(ErrorCode.INVALID_REQUEST, () -> store.users().create("ada@example.com", "Ada", "short"));
        assertThat(store.users().findByEmail("ada@example.com")).isEmpty();
    }

    @Test
    void membersHaveOneRolePerOrganization() {
        Organization acme = store.projects().createOrganization("Acme");
        Organization beta = store.projects().createOrganization("Beta");
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");
        User grace = store.users().create("grace@example.com", "Grace", "correct horse");

        store.users().addMember(acme.id(), ada.id(), Role.OWNER);
        clock.advance(Duration.ofSeconds(1));
        store.users().addMember(acme.id(), grace.id(), Role.VIEWER);
        store.users().addMember(beta.id(), ada.id(), Role.MEMBER);

        assertThat(store.users().role(acme.id(), ada.id())).contains(Role.OWNER);
        assertThat(store.users().role(beta.id(), ada.id())).contains(Role.MEMBER);
        assertThat(store.users().role(beta.id(), grace.id())).isEmpty();
        assertThat(store.users().members(acme.id())).containsExactly(
                new Membership(acme.id(), ada.id(), Role.OWNER), new Membership(acme.id(), grace.id(), Role.VIEWER));
        assertThat(store.users().memberships(ada.id())).containsExactlyInAnyOrder(
                new Membership(acme.id(), ada.id(), Role.OWNER), new Membership(beta.id(), ada.id(), Role.MEMBER));

        assertFails(ErrorCode.CONFLICT, () -> store.users().addMember(acme.id(), grace.id(), Role.ADMIN));
        store.users().setRole(acme.id(), grace.id(), Role.ADMIN);
        assertThat(store.users().role(acme.id(), grace.id())).contains(Role.ADMIN);
        assertFails(ErrorCode.NOT_FOUND, () -> store.users().setRole(beta.id(), grace.id(), Role.ADMIN));
    }

    @Test
    void membershipOfMissingOrganizationOrUserIsNotFound() {
        Organization acme = store.projects().createOrganization("Acme");
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");

        assertFails(ErrorCode.NOT_FOUND, () -> store.users().addMember("no-such-org", ada.id(), Role.OWNER));
        assertFails(ErrorCode.NOT_FOUND, () -> store.users().addMember(acme.id(), "no-such-user", Role.OWNER));
        assertThat(store.users().members(acme.id())).isEmpty();
    }

    @Test
    void rolesAreOrderedOwnerFirst() {
        assertThat(Role.OWNER.includes(Role.ADMIN)).isTrue();
        assertThat(Role.ADMIN.includes(Role.MEMBER)).isTrue();
        assertThat(Role.MEMBER.includes(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.includes(Role.MEMBER)).isFalse();
        assertThat(Role.ADMIN.includes(Role.OWNER)).isFalse();
        assertThat(Role.MEMBER.includes(Role.MEMBER)).isTrue();
    }

    @Test
    void theLastOwnerCannotBeDemotedOrRemoved() {
        Organization acme = store.projects().createOrganization("Acme");
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");
        User bob = store.users().create("bob@example.com", "Bob", "battery staple");
        store.users().addMember(acme.id(), ada.id(), Role.OWNER);
        store.users().addMember(acme.id(), bob.id(), Role.MEMBER);

        assertThat(assertFails(ErrorCode.CONFLICT, () -> store.users().setRole(acme.id(), ada.id(), Role.ADMIN)))
                .contains("last owner");
        assertThat(assertFails(ErrorCode.CONFLICT, () -> store.users().removeMember(acme.id(), ada.id())))
                .contains("last owner");
        assertThat(store.users().role(acme.id(), ada.id())).contains(Role.OWNER);

        store.users().setRole(acme.id(), bob.id(), Role.OWNER);
        store.users().setRole(acme.id(), ada.id(), Role.VIEWER);
        store.users().removeMember(acme.id(), ada.id());

        assertThat(store.users().members(acme.id())).containsExactly(new Membership(acme.id(), bob.id(), Role.OWNER));
        assertFails(ErrorCode.NOT_FOUND, () -> store.users().removeMember(acme.id(), ada.id()));
        assertFails(ErrorCode.NOT_FOUND, () -> store.users().setRole(acme.id(), ada.id(), Role.MEMBER));
    }

    // --- browser sessions ------------------------------------------------------------------

    @Test
    void aSessionIsFoundByItsTokenWhichIsNotStored() {
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");

        SessionStore.Created created = store.sessions().create(ada.id(), Duration.ofDays(7));

        assertThat(created.token()).hasSize(43).matches("[A-Za-z0-9_-]+"); // 256 bits, base64url
        assertThat(created.toString()).doesNotContain(created.token());
        assertThat(store.sessions().find(created.token(), Duration.ofDays(7), Duration.ofHours(1)))
                .contains(new BrowserSession(ada.id(), START, START.plus(Duration.ofDays(7))));
        assertThat(store.sessions().find(created.token() + "x", Duration.ofDays(7), Duration.ofHours(1))).isEmpty();
        List<String> stored = store.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT token_hash FROM browser_sessions").mapTo(String.class).list());
        assertThat(stored).hasSize(1).noneMatch(hash -> hash.contains(created.token()));
    }

    @Test
    void aSessionSlidesWhileUsedAndEndsWhenIdleTooLong() {
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");
        Duration ttl = Duration.ofDays(7);
        Duration extendEvery = Duration.ofHours(1);
        String token = store.sessions().create(ada.id(), ttl).token();

        clock.advance(Duration.ofMinutes(30));
        assertThat(store.sessions().find(token, ttl, extendEvery).orElseThrow().expiresAt())
                .as("extended at most hourly").isEqualTo(START.plus(ttl));
        clock.advance(Duration.ofDays(6));
        Instant used = clock.instant();
        assertThat(store.sessions().find(token, ttl, extendEvery).orElseThrow().expiresAt()).isEqualTo(used.plus(ttl));
        reopen();
        clock.advance(ttl.minusSeconds(1));
        assertThat(store.sessions().find(token, ttl, extendEvery)).as("still within a week of last use").isPresent();

        clock.advance(ttl.plusSeconds(1));
        assertThat(store.sessions().find(token, ttl, extendEvery)).isEmpty();
    }

    @Test
    void signingOutEndsOnlyThatSession() {
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");
        String laptop = store.sessions().create(ada.id(), Duration.ofDays(7)).token();
        String phone = store.sessions().create(ada.id(), Duration.ofDays(7)).token();

        store.sessions().delete(laptop);
        store.sessions().delete("no-such-token");

        assertThat(store.sessions().find(laptop, Duration.ofDays(7), Duration.ofHours(1))).isEmpty();
        assertThat(store.sessions().find(phone, Duration.ofDays(7), Duration.ofHours(1))).isPresent();
        store.sessions().deleteForUser(ada.id());
        assertThat(store.sessions().find(phone, Duration.ofDays(7), Duration.ofHours(1))).isEmpty();
    }

    @Test
    void expiredSessionsAreClearedWhenANewOneStarts() {
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");
        store.sessions().create(ada.id(), Duration.ofHours(1));
        clock.advance(Duration.ofHours(2));

        store.sessions().create(ada.id(), Duration.ofHours(1));

        long rows = store.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM browser_sessions")
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
    }

    // --- score configs ---------------------------------------------------------------------

    @Test
    void scoreConfigsOfEveryDataTypeReadBackAsCreated() {
        ProjectId project = projectId();

        ScoreConfig accuracy = store.scoreConfigs().create(project,
                new NewScoreConfig("accuracy", ScoreDataType.NUMERIC, 0.0, 1.0, null, "share of correct answers"));
        ScoreConfig tone = store.scoreConfigs().create(project, new NewScoreConfig("tone (v2)", ScoreDataType.CATEGORICAL,
                null, null, List.of(new Category("calm", 1), new Category("rude", -1)), null));
        ScoreConfig helpful = store.scoreConfigs().create(project,
                new NewScoreConfig("helpful", ScoreDataType.BOOLEAN, null, null, null, null));

        assertThat(accuracy.minValue()).isEqualTo(0.0);
        assertThat(accuracy.maxValue()).isEqualTo(1.0);
        assertThat(accuracy.categories()).isEmpty();
        assertThat(accuracy.archived()).isFalse();
        assertThat(accuracy.createdAt()).isEqualTo(START);
        assertThat(accuracy.updatedAt()).isEqualTo(START);
        assertThat(helpful.categories()).containsExactly(new Category("True", 1), new Category("False", 0));
        assertThat(store.scoreConfigs().find(project, accuracy.id())).contains(accuracy);
        assertThat(store.scoreConfigs().find(project, tone.id())).contains(tone);
        assertThat(store.scoreConfigs().find(project, helpful.id())).contains(helpful);
        assertThat(store.scoreConfigs().find(project, "no-such-config")).isEmpty();
    }

    @Test
    void scoreConfigsAreListedNewestFirstAndPaged() {
        ProjectId project = projectId();
        ProjectId other = new ProjectId(store.projects().createProject(
                store.projects().findProject(project.value()).orElseThrow().organizationId(), "other").id());
        List<ScoreConfig> created = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(store.scoreConfigs().create(project,
                    new NewScoreConfig("config " + i, ScoreDataType.NUMERIC, null, null, null, null)));
            clock.advance(Duration.ofSeconds(1));
        }
        store.scoreConfigs().create(other, new NewScoreConfig("elsewhere", ScoreDataType.NUMERIC, null, null, null, null));

        assertThat(store.scoreConfigs().count(project)).isEqualTo(5);
        assertThat(store.scoreConfigs().list(project, 0, 2)).containsExactly(created.get(4), created.get(3));
        assertThat(store.scoreConfigs().list(project, 4, 2)).containsExactly(created.get(0));
        assertThat(store.scoreConfigs().list(project, 6, 2)).isEmpty();
        assertThat(store.scoreConfigs().find(other, created.getFirst().id())).isEmpty();
    }

    @Test
    void scoreConfigsFollowLangfusesRules() {
        ProjectId project = projectId();

        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("a/b", ScoreDataType.NUMERIC, null, null, null, null)))).startsWith("name ");
        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("x".repeat(36), ScoreDataType.NUMERIC, null, null, null, null)))).startsWith("name ");
        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("range", ScoreDataType.NUMERIC, 1.0, 1.0, null, null)))).startsWith("maxValue (1)");
        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("numeric", ScoreDataType.NUMERIC, null, null, List.of(new Category("a", 1)), null))))
                .startsWith("categories ");
        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("labels", ScoreDataType.CATEGORICAL, null, null,
                        List.of(new Category("a", 1), new Category("a", 2)), null)))).contains("duplicate label 'a'");
        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("values", ScoreDataType.CATEGORICAL, null, null,
                        List.of(new Category("a", 1), new Category("b", 1)), null)))).contains("duplicate value 1");
        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("empty", ScoreDataType.CATEGORICAL, null, null, List.of(), null)))).startsWith("categories ");
        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("bool", ScoreDataType.BOOLEAN, null, null, List.of(new Category("Yes", 1)), null))))
                .startsWith("categories ");
        assertThat(assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().create(project,
                new NewScoreConfig("bool", ScoreDataType.BOOLEAN, 0.0, null, null, null)))).startsWith("minValue and maxValue");
        assertFails(ErrorCode.NOT_FOUND, () -> store.scoreConfigs().create(new ProjectId("no-such-project"),
                new NewScoreConfig("orphan", ScoreDataType.NUMERIC, null, null, null, null)));
        assertThat(store.scoreConfigs().count(project)).isZero();
    }

    @Test
    void updatingAScoreConfigChecksTheResultAndKeepsItsCreationTime() {
        ProjectId project = projectId();
        ScoreConfig config = store.scoreConfigs().create(project,
                new NewScoreConfig("accuracy", ScoreDataType.NUMERIC, 0.0, 1.0, null, null));
        clock.advance(Duration.ofMinutes(1));

        ScoreConfig archived = store.scoreConfigs().update(project, config.id(),
                new Changes(true, null, null, 10.0, null, "now out of ten"));

        assertThat(archived.archived()).isTrue();
        assertThat(archived.maxValue()).isEqualTo(10.0);
        assertThat(archived.minValue()).isEqualTo(0.0);
        assertThat(archived.description()).isEqualTo("now out of ten");
        assertThat(archived.createdAt()).isEqualTo(START);
        assertThat(archived.updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(store.scoreConfigs().find(project, config.id())).contains(archived);
        assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().update(project, config.id(),
                new Changes(null, null, 20.0, null, null, null)));
        assertFails(ErrorCode.INVALID_REQUEST, () -> store.scoreConfigs().update(project, config.id(),
                new Changes(null, null, null, null, null, null)));
        assertFails(ErrorCode.NOT_FOUND, () -> store.scoreConfigs().update(new ProjectId("other"), config.id(),
                new Changes(false, null, null, null, null, null)));
        assertThat(store.scoreConfigs().find(project, config.id())).contains(archived);
    }

    // --- project models --------------------------------------------------------------------

    @Test
    void projectModelsReadBackAsStoredAndStayInTheirProject() {
        ProjectId project = projectId();
        ProjectModel full = store.models().create(new ProjectModel("model-1", project, "acme-llm", "(?i)^acme-llm$",
                Instant.parse("2026-01-01T00:00:00Z"), "TOKENS", "{\"input\":0.0000025,\"output\":0.00001}",
                "[{\"name\":\"long\",\"priority\":1,\"conditions\":[],\"prices\":{\"input\":0.000005}}]",
                "openai", "{\"tokenizerModel\":\"gpt-4o\"}", START));
        ProjectModel bare = store.models().create(new ProjectModel("model-2", project, "a-bare-model", "^bare$",
                null, null, "{\"total\":0.1}", "[]", null, null, START));

        assertThat(store.models().find(project, "model-1")).contains(full);
        assertThat(store.models().find(project, "model-2")).contains(bare);
        assertThat(store.models().list(project)).containsExactly(bare, full);
        assertThat(store.models().find(new ProjectId("other"), "model-1")).isEmpty();
        assertThat(store.models().list(new ProjectId("other"))).isEmpty();
    }

    @Test
    void modelNamesAreUniqueWithinAProject() {
        ProjectId project = projectId();
        ProjectId other = new ProjectId(store.projects().createProject(
                store.projects().findProject(project.value()).orElseThrow().organizationId(), "other").id());
        store.models().create(model("model-1", project, "acme-llm"));

        String message = assertFails(ErrorCode.CONFLICT, () -> store.models().create(model("model-2", project, "acme-llm")));

        assertThat(message).contains("'acme-llm'");
        store.models().create(model("model-3", other, "acme-llm"));
        assertFails(ErrorCode.NOT_FOUND, () -> store.models().create(model("model-4", new ProjectId("no-such-project"), "x")));
        assertThat(store.models().list(project)).extracting(ProjectModel::id).containsExactly("model-1");
    }

    @Test
    void deletingAModelRemovesOnlyTheProjectsOwn() {
        ProjectId project = projectId();
        store.models().create(model("model-1", project, "acme-llm"));

        assertThat(store.models().delete(new ProjectId("other"), "model-1")).isFalse();
        assertThat(store.models().delete(project, "model-1")).isTrue();
        assertThat(store.models().delete(project, "model-1")).isFalse();
        assertThat(store.models().find(project, "model-1")).isEmpty();
    }

    static ProjectModel model(String id, ProjectId project, String name) {
        return new ProjectModel(id, project, name, "(?i)^" + name + "$", null, "TOKENS", "{\"input\":1}", "[]", null, null, START);
    }

    ProjectId projectId() {
        return new ProjectId(project().id());
    }

    // --- headless initialisation -----------------------------------------------------------

    @Test
    void firstStartWithoutSettingsCreatesDefaultsAndAGeneratedKey() {
        BootstrapResult result = bootstrap(Map.of());

        Organization organization = result.organization().orElseThrow();
        Project project = result.project().orElseThrow();
        CreatedApiKey generated = result.generatedKey().orElseThrow();
        assertThat(organization.name()).isEqualTo("Default");
        assertThat(project.name()).isEqualTo("default");
        assertThat(project.organizationId()).isEqualTo(organization.id());
        assertThat(generated.apiKey().projectId()).isEqualTo(project.id());
        assertThat(result.changes()).containsExactly(
                Change.ORGANIZATION_CREATED, Change.PROJECT_CREATED, Change.API_KEY_GENERATED);
        assertThat(store.apiKeys().verify(generated.publicKey(), generated.secretKey())).isPresent();
        assertThat(String.join("\n", result.describe()))
                .contains("'Default'", generated.publicKey())
                .doesNotContain(generated.secretKey());
        assertThat(result.toString()).doesNotContain(generated.secretKey());
    }

    @Test
    void laterStartsWithoutSettingsChangeNothing() {
        bootstrap(Map.of());
        reopen();

        BootstrapResult second = bootstrap(Map.of());

        assertThat(second.changedAnything()).isFalse();
        assertThat(second.generatedKey()).isEmpty();
        assertThat(store.projects().organizations()).hasSize(1);
        Organization organization = store.projects().organizations().getFirst();
        assertThat(store.apiKeys().list(store.projects().projects(organization.id()).getFirst().id())).hasSize(1);
    }

    @Test
    void startWithoutSettingsLeavesAnExistingStoreAlone() {
        store.projects().createOrganization("Acme");

        BootstrapResult result = bootstrap(Map.of());

        assertThat(result.changedAnything()).isFalse();
        assertThat(result.organization()).isEmpty();
        assertThat(store.projects().organizations()).extracting(Organization::name).containsExactly("Acme");
    }

    @Test
    void fullSettingsCreateEverythingOnce() {
        Map<String, String> settings = fullSettings();

        BootstrapResult first = bootstrap(settings);

        assertThat(first.changes()).containsExactly(
                Change.ORGANIZATION_CREATED,
                Change.PROJECT_CREATED,
                Change.API_KEY_CREATED,
                Change.USER_CREATED,
                Change.USER_MADE_OWNER);
        assertThat(first.generatedKey()).isEmpty();
        Organization acme = first.organization().orElseThrow();
        Project chatbot = first.project().orElseThrow();
        assertThat(acme.name()).isEqualTo("Acme");
        assertThat(chatbot.name()).isEqualTo("chatbot");
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey()).orElseThrow().projectId())
                .isEqualTo(chatbot.id());
        User ada = store.users().authenticate("ada@example.com", "correct horse").orElseThrow();
        assertThat(ada.name()).isEqualTo("ada");
        assertThat(store.users().role(acme.id(), ada.id())).contains(Role.OWNER);
        assertThat(first.toString() + first.describe())
                .doesNotContain(ACME_KEYS.secretKey())
                .doesNotContain("correct horse");

        reopen();
        BootstrapResult second = bootstrap(settings);

        assertThat(second.changes()).isEmpty();
        assertThat(second.organization()).contains(acme);
        assertThat(second.project()).contains(chatbot);
        assertThat(store.projects().organizations()).hasSize(1);
        assertThat(store.projects().projects(acme.id())).hasSize(1);
        assertThat(store.apiKeys().list(chatbot.id())).hasSize(1);
        assertThat(store.users().members(acme.id())).hasSize(1);
    }

    @Test
    void keysWithoutNamesGoToTheDefaultProject() {
        BootstrapResult result = bootstrap(keySettings(ACME_KEYS));

        assertThat(result.organization().orElseThrow().name()).isEqualTo("Default");
        assertThat(result.project().orElseThrow().name()).isEqualTo("default");
        assertThat(result.generatedKey()).isEmpty();
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isPresent();
        assertThat(store.apiKeys().list(result.project().orElseThrow().id())).hasSize(1);
    }

    @Test
    void aKnownPublicKeySettlesItsProjectWhenNoNamesAreGiven() {
        Organization acme = store.projects().createOrganization("Acme");
        Project chatbot = store.projects().createProject(acme.id(), "chatbot");
        store.apiKeys().create(chatbot.id(), ACME_KEYS, null);

        BootstrapResult result = bootstrap(keySettings(ACME_KEYS));

        assertThat(result.changes()).isEmpty();
        assertThat(result.project()).contains(chatbot);
        assertThat(store.projects().organizations()).containsExactly(acme);
    }

    @Test
    void publicKeyWithoutSecretIsAConfigurationError() {
        String message = assertFails(ErrorCode.CONFIGURATION, () -> bootstrap(Map.of(
                "GLASSHOUSE_INIT_ORG_NAME", "Acme",
                "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY", ACME_KEYS.publicKey())));

        assertThat(message).contains("GLASSHOUSE_INIT_PROJECT_SECRET_KEY");
        assertFails(ErrorCode.CONFIGURATION, () -> bootstrap(Map.of(
                "GLASSHOUSE_INIT_PROJECT_SECRET_KEY", ACME_KEYS.secretKey())));
        assertThat(store.projects().isEmpty()).isTrue();
    }

    @Test
    void malformedKeysAreConfigurationErrors() {
        String noPrefix = assertFails(ErrorCode.CONFIGURATION,
                () -> bootstrap(keySettings(new ApiKeyPair("acme-0001", ACME_KEYS.secretKey()))));
        String shortSecret = assertFails(ErrorCode.CONFIGURATION,
                () -> bootstrap(keySettings(new ApiKeyPair(ACME_KEYS.publicKey(), "sk-lf-short"))));

        assertThat(noPrefix).contains("pk-lf-");
        assertThat(shortSecret).contains("GLASSHOUSE_INIT_PROJECT_SECRET_KEY").doesNotContain("sk-lf-short");
        assertThat(store.projects().isEmpty()).isTrue();
    }

    @Test
    void userSettingsMustComeInPairs() {
        String noPassword = assertFails(ErrorCode.CONFIGURATION,
                () -> bootstrap(Map.of("GLASSHOUSE_INIT_USER_EMAIL", "ada@example.com")));
        assertFails(ErrorCode.CONFIGURATION,
                () -> bootstrap(Map.of("GLASSHOUSE_INIT_USER_PASSWORD", "correct horse")));
        String shortPassword = assertFails(ErrorCode.CONFIGURATION, () -> bootstrap(Map.of(
                "GLASSHOUSE_INIT_USER_EMAIL", "ada@example.com",
                "GLASSHOUSE_INIT_USER_PASSWORD", "short")));

        assertThat(noPassword).contains("GLASSHOUSE_INIT_USER_PASSWORD");
        assertThat(shortPassword).contains("GLASSHOUSE_INIT_USER_PASSWORD").doesNotContain("short\"");
        assertThat(store.projects().isEmpty()).isTrue();
    }

    @Test
    void blankSettingsCountAsUnset() {
        Map<String, String> blanks = new HashMap<>();
        for (String name : List.of(
                "GLASSHOUSE_INIT_ORG_NAME",
                "GLASSHOUSE_INIT_PROJECT_NAME",
                "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY",
                "GLASSHOUSE_INIT_PROJECT_SECRET_KEY",
                "GLASSHOUSE_INIT_USER_EMAIL",
                "GLASSHOUSE_INIT_USER_PASSWORD")) {
            blanks.put(name, " ");
        }

        BootstrapResult result = bootstrap(blanks);

        assertThat(result.generatedKey()).isPresent();
        assertThat(result.organization().orElseThrow().name()).isEqualTo("Default");
    }

    @Test
    void onlyAUserOnAnEmptyStoreStillGetsAProjectAndAKey() {
        BootstrapResult result = bootstrap(Map.of(
                "GLASSHOUSE_INIT_USER_EMAIL", "Ada@Example.com",
                "GLASSHOUSE_INIT_USER_NAME", "Ada Lovelace",
                "GLASSHOUSE_INIT_USER_PASSWORD", "correct horse"));

        Organization organization = result.organization().orElseThrow();
        assertThat(organization.name()).isEqualTo("Default");
        assertThat(result.generatedKey()).isPresent();
        User ada = store.users().findByEmail("ada@example.com").orElseThrow();
        assertThat(ada.name()).isEqualTo("Ada Lovelace");
        assertThat(store.users().role(organization.id(), ada.id())).contains(Role.OWNER);
    }

    @Test
    void anOrganizationNameAloneOnAnExistingStoreCreatesJustTheOrganization() {
        bootstrap(Map.of());
        clock.advance(Duration.ofMinutes(1));

        BootstrapResult result = bootstrap(Map.of("GLASSHOUSE_INIT_ORG_NAME", "Acme"));

        assertThat(result.changes()).containsExactly(Change.ORGANIZATION_CREATED);
        assertThat(result.project()).isEmpty();
        assertThat(store.projects().organizations()).extracting(Organization::name).containsExactly("Default", "Acme");
    }

    @Test
    void aChangedSecretReplacesTheStoredHash() {
        bootstrap(fullSettings());
        String rotated = "sk-lf-rotated-secret-0000000000002";
        Map<String, String> settings = new HashMap<>(fullSettings());
        settings.put("GLASSHOUSE_INIT_PROJECT_SECRET_KEY", rotated);

        BootstrapResult result = bootstrap(settings);

        assertThat(result.changes()).containsExactly(Change.API_KEY_SECRET_REPLACED);
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isEmpty();
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), rotated)).isPresent();
        assertThat(store.apiKeys().list(result.project().orElseThrow().id())).hasSize(1);
    }

    @Test
    void aChangedPasswordReplacesTheStoredOne() {
        bootstrap(fullSettings());
        Map<String, String> settings = new HashMap<>(fullSettings());
        settings.put("GLASSHOUSE_INIT_USER_PASSWORD", "battery staple");

        BootstrapResult result = bootstrap(settings);

        assertThat(result.changes()).containsExactly(Change.USER_PASSWORD_REPLACED);
        assertThat(store.users().authenticate("ada@example.com", "battery staple")).isPresent();
        assertThat(store.users().authenticate("ada@example.com", "correct horse")).isEmpty();
    }

    @Test
    void theOperatorsNewPasswordEndsTheUsersSessionsAndFreesTheAccount() {
        Organization acme = store.projects().createOrganization("Acme");
        User ada = store.users().createWithPasswordChosenIn(acme.id(), "ada@example.com", "Ada", "chosen by an admin");
        String token = store.sessions().create(ada.id(), Duration.ofDays(7)).token();

        BootstrapResult result = bootstrap(fullSettings());

        assertThat(result.changes()).contains(Change.USER_PASSWORD_REPLACED);
        assertThat(store.sessions().find(token, Duration.ofDays(7), Duration.ofHours(1)))
                .as("a session of whoever knew the old password").isEmpty();
        assertThat(store.users().passwordChosenIn(ada.id())).isEmpty();
    }

    @Test
    void theConfiguredUserIsRaisedToOwner() {
        Organization acme = store.projects().createOrganization("Acme");
        User ada = store.users().create("ada@example.com", "Ada", "correct horse");
        store.users().addMember(acme.id(), ada.id(), Role.VIEWER);

        BootstrapResult result = bootstrap(fullSettings());

        assertThat(result.changes()).contains(Change.USER_MADE_OWNER).doesNotContain(Change.USER_CREATED);
        assertThat(store.users().role(acme.id(), ada.id())).contains(Role.OWNER);
    }

    @Test
    void aPublicKeyOfAnotherProjectStopsStartUpAndChangesNothing() {
        Organization beta = store.projects().createOrganization("Beta");
        Project other = store.projects().createProject(beta.id(), "other");
        store.apiKeys().create(other.id(), ACME_KEYS, null);

        String message = assertFails(ErrorCode.CONFIGURATION, () -> bootstrap(fullSettings()));

        assertThat(message).contains(ACME_KEYS.publicKey(), "'other'").doesNotContain(ACME_KEYS.secretKey());
        // The whole start-up is one transaction: the organisation it made before failing is gone.
        assertThat(store.projects().organizations()).containsExactly(beta);
        assertThat(store.users().findByEmail("ada@example.com")).isEmpty();
    }

    @Test
    void aRevokedConfiguredKeyStopsStartUp() {
        BootstrapResult first = bootstrap(fullSettings());
        Project chatbot = first.project().orElseThrow();
        store.apiKeys().revoke(chatbot.id(), store.apiKeys().list(chatbot.id()).getFirst().id());

        String message = assertFails(ErrorCode.CONFIGURATION, () -> bootstrap(fullSettings()));

        assertThat(message).contains("revoked");
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isEmpty();
    }

    @Test
    void serversStartingTogetherCreateTheDefaultsOnce() throws Exception {
        int servers = 3;
        List<MetadataStore> stores = new java.util.ArrayList<>();
        for (int i = 0; i < servers; i++) {
            stores.add(open());
        }
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        try {
            List<CompletableFuture<BootstrapResult>> starts = stores.stream()
                    .map(s -> CompletableFuture.supplyAsync(() -> new Bootstrap(s).run(Map.of()), pool))
                    .toList();
            long generated = 0;
            for (CompletableFuture<BootstrapResult> start : starts) {
                generated += start.get().generatedKey().isPresent() ? 1 : 0;
            }

            assertThat(generated).isEqualTo(1);
            assertThat(store.projects().organizations()).hasSize(1);
        } finally {
            pool.shutdown();
            stores.forEach(MetadataStore::close);
        }
    }

    // --- opening and reopening -------------------------------------------------------------

    @Test
    void dataSurvivesReopening() {
        BootstrapResult result = bootstrap(fullSettings());
        CreatedApiKey extra = store.apiKeys().create(result.project().orElseThrow().id(), "extra");

        reopen();

        Organization acme = result.organization().orElseThrow();
        assertThat(store.projects().organizations()).containsExactly(acme);
        assertThat(store.projects().projects(acme.id())).containsExactly(result.project().orElseThrow());
        assertThat(store.apiKeys().verify(ACME_KEYS.publicKey(), ACME_KEYS.secretKey())).isPresent();
        assertThat(store.apiKeys().verify(extra.publicKey(), extra.secretKey())).contains(extra.apiKey());
        User ada = store.users().authenticate("ada@example.com", "correct horse").orElseThrow();
        assertThat(store.users().role(acme.id(), ada.id())).contains(Role.OWNER);
    }

    @Test
    void reopeningDoesNotMigrateAgain() throws Exception {
        // Counted from the files, so adding a migration does not touch this test.
        long migrations;
        try (var files = java.nio.file.Files.list(Path.of(getClass().getResource("/db/meta").toURI()))) {
            migrations = files.filter(file -> file.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        }
        assertThat(migrations).isGreaterThanOrEqualTo(3);
        reopen();
        reopen();

        long applied = store.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")
                .mapTo(Long.class)
                .one());
        assertThat(applied).isEqualTo(migrations);
    }

    @Test
    void unsupportedUrlIsAConfigurationError() {
        String message = assertFails(ErrorCode.CONFIGURATION,
                () -> MetadataStore.open("jdbc:mysql://db.example.com/meta?user=me&password=hunter2", dataDir));

        assertThat(message).contains("jdbc:postgresql://").doesNotContain("hunter2").doesNotContain("\n");
    }

    // --- helpers ---------------------------------------------------------------------------

    Project project() {
        Organization acme = store.projects().createOrganization("Acme");
        return store.projects().createProject(acme.id(), "chatbot");
    }

    BootstrapResult bootstrap(Map<String, String> environment) {
        return new Bootstrap(store).run(environment);
    }

    static Map<String, String> fullSettings() {
        return Map.of(
                "GLASSHOUSE_INIT_ORG_NAME", "Acme",
                "GLASSHOUSE_INIT_PROJECT_NAME", "chatbot",
                "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY", ACME_KEYS.publicKey(),
                "GLASSHOUSE_INIT_PROJECT_SECRET_KEY", ACME_KEYS.secretKey(),
                "GLASSHOUSE_INIT_USER_EMAIL", "ada@example.com",
                "GLASSHOUSE_INIT_USER_PASSWORD", "correct horse");
    }

    static Map<String, String> keySettings(ApiKeyPair keys) {
        return Map.of(
                "GLASSHOUSE_INIT_PROJECT_PUBLIC_KEY", keys.publicKey(),
                "GLASSHOUSE_INIT_PROJECT_SECRET_KEY", keys.secretKey());
    }

    /** Runs {@code call}, expecting it to fail with {@code code}; returns the message. */
    static String assertFails(ErrorCode code, ThrowingCallable call) {
        GlasshouseException failure = catchThrowableOfType(GlasshouseException.class, call);
        assertThat(failure).as("expected a GlasshouseException with code " + code).isNotNull();
        assertThat(failure.code()).as(failure.getMessage()).isEqualTo(code);
        return failure.getMessage();
    }
}
