package io.glasshouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.glasshouse.auth.BrowserSessions;
import io.glasshouse.auth.PasswordHasher;
import io.glasshouse.auth.ProjectAuthenticator;
import io.glasshouse.auth.ProjectSettings;
import io.glasshouse.auth.SignInThrottle;
import io.glasshouse.model.Organization;
import io.glasshouse.model.Project;
import io.glasshouse.model.Role;
import io.glasshouse.model.User;
import io.glasshouse.storage.meta.CreatedApiKey;
import io.glasshouse.storage.meta.MetadataStore;
import io.glasshouse.storage.meta.TestingClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in, the session cookie and the settings endpoints over real HTTP, on a real SQLite metadata
 * store. A probe route stands for every public API route: it answers the project RequestAuth chose.
 */
class TestUiRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse";

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TestingClock clock = new TestingClock(Instant.now());
    private MetadataStore store;
    private WebServer server;
    private Project chatbot;
    private Project otherOrgProject;
    private CreatedApiKey chatbotKey;
    private User ada;
    private User vic;

    @BeforeEach
    void start() {
        // Members are listed in the order they joined, to the millisecond; a clock that moves only
        // when a test moves it keeps joins that happen in the same millisecond apart.
        store = MetadataStore.open(null, dataDir, clock, new PasswordHasher(1_000));
        Organization acme = store.projects().createOrganization("Acme");
        chatbot = store.projects().createProject(acme.id(), "chatbot");
        Organization globex = store.projects().createOrganization("Globex");
        otherOrgProject = store.projects().createProject(globex.id(), "secret-plans");
        chatbotKey = store.apiKeys().create(chatbot.id(), "ingestion");
        ada = store.users().create("ada@example.com", "Ada", PASSWORD);
        vic = store.users().create("vic@example.com", "", PASSWORD);
        store.users().addMember(acme.id(), ada.id(), Role.OWNER);
        clock.advance(Duration.ofSeconds(1));
        store.users().addMember(acme.id(), vic.id(), Role.VIEWER);

        BrowserSessions sessions = new BrowserSessions(store.users(), store.projects(), store.sessions(),
                new SignInThrottle(3, Duration.ofMinutes(15), Clock.systemUTC()),
                new SignInThrottle(100, Duration.ofMinutes(15), Clock.systemUTC()));
        RequestAuth auth = new RequestAuth(new ProjectAuthenticator(store.apiKeys(), Clock.systemUTC()), sessions);
        UiRoutes ui = new UiRoutes(sessions, new ProjectSettings(store.apiKeys(), store.users()), auth);
        // Under /api/: elsewhere a GET 404 is answered with the UI page when the build has one.
        server = WebServer.start("127.0.0.1", 0, 1 << 20, List.of(ui::register, app -> {
            app.get("/api/probe", ctx -> ctx.result(auth.project(ctx).value()));
            app.post("/api/probe", ctx -> ctx.result(auth.project(ctx).value()));
        }));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    // --- signing in and out ----------------------------------------------------------------

    @Test
    void signingInSetsAHardenedCookieAndTheSessionListsProjectsWithRoles() throws Exception {
        HttpResponse<String> signIn = signIn("ADA@example.com", PASSWORD);

        assertThat(signIn.statusCode()).isEqualTo(200);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).matches("glasshouse_session=[A-Za-z0-9_-]{43}; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax");
        JsonNode session = json(send(get("/api/auth/session").header("Cookie", cookie(signIn))));
        assertThat(session.at("/user/email").asText()).isEqualTo("ada@example.com");
        assertThat(session.at("/user/name").asText()).isEqualTo("Ada");
        assertThat(session.get("projects")).hasSize(1);
        assertThat(session.at("/projects/0/id").asText()).isEqualTo(chatbot.id());
        assertThat(session.at("/projects/0/name").asText()).isEqualTo("chatbot");
        assertThat(session.at("/projects/0/role").asText()).isEqualTo("OWNER");
    }

    @Test
    void aSessionCookieOverHttpsBehindAProxyIsSecure() throws Exception {
        HttpResponse<String> signIn = send(post("/api/auth/sign-in", Map.of("email", "ada@example.com", "password", PASSWORD))
                .header(RequestAuth.PROJECT_HEADER, "").header("X-Forwarded-Proto", "https"));

        assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; Secure");
    }

    @Test
    void aWrongPasswordIs401AndRepeatedFailuresLockTheEmailOut() throws Exception {
        HttpResponse<String> wrong = signIn("ada@example.com", "not the password");
        assertError(wrong, 401, "wrong email or password");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertError(signIn("nobody@example.com", PASSWORD), 401, "wrong email or password");

        signIn("ada@example.com", "still wrong");
        signIn("ada@example.com", "wrong again");

        assertError(signIn("ada@example.com", PASSWORD), 429, "too many failed sign-ins for this email");
        assertThat(signIn("vic@example.com", PASSWORD).statusCode()).as("other emails are not locked").isEqualTo(200);
    }

    @Test
    void badSignInRequestsAre400AndNamesTheField() throws Exception {
        assertError(send(post("/api/auth/sign-in", Map.of("email", "ada@example.com"))
                .header(RequestAuth.PROJECT_HEADER, "")), 400, "password is required");
        assertError(send(HttpRequest.newBuilder(uri("/api/auth/sign-in")).header(RequestAuth.PROJECT_HEADER, "")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{nope"))),
                400, "not valid JSON");
    }

    @Test
    void signInWithoutTheCustomHeaderIsRefusedAsCrossSite() throws Exception {
        HttpResponse<String> response = send(post("/api/auth/sign-in", Map.of("email", "ada@example.com", "password", PASSWORD)));

        assertError(response, 403, "X-Glasshouse-Project");
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() throws Exception {
        String cookie = cookie(signIn("ada@example.com", PASSWORD));

        HttpResponse<String> signOut = send(post("/api/auth/sign-out", Map.of()).header("Cookie", cookie)
                .header(RequestAuth.PROJECT_HEADER, chatbot.id()));

        assertThat(signOut.statusCode()).isEqualTo(200);
        assertThat(signOut.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("glasshouse_session=; Path=/; Max-Age=0");
        assertError(send(get("/api/auth/session").header("Cookie", cookie)), 401, "sign in again");
        assertError(send(get("/api/auth/session")), 401, "not signed in");
        assertError(send(get("/api/probe").header("Cookie", cookie).header(RequestAuth.PROJECT_HEADER, chatbot.id())), 401, "sign in again");
    }

    // --- the cookie on the public API (RequestAuth) ------------------------------------------

    @Test
    void theCookieActsForAProjectOfTheUserNamedInTheHeader() throws Exception {
        String cookie = cookie(signIn("ada@example.com", PASSWORD));

        HttpResponse<String> own = send(get("/api/probe").header("Cookie", cookie).header(RequestAuth.PROJECT_HEADER, chatbot.id()));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEqualTo(chatbot.id());
        assertThat(send(post("/api/probe", Map.of()).header("Cookie", cookie).header(RequestAuth.PROJECT_HEADER, chatbot.id()))
                .body()).isEqualTo(chatbot.id());

        assertError(send(get("/api/probe").header("Cookie", cookie).header(RequestAuth.PROJECT_HEADER, otherOrgProject.id())),
                404, "not found among your projects");
        assertError(send(get("/api/probe").header("Cookie", cookie)), 400, "X-Glasshouse-Project header is missing");
        assertError(send(get("/api/probe").header("Cookie", "glasshouse_session=forged")
                .header(RequestAuth.PROJECT_HEADER, chatbot.id())), 401, "sign in again");
    }

    @Test
    void viewersMayReadButNotChange() throws Exception {
        String cookie = cookie(signIn("vic@example.com", PASSWORD));

        assertThat(send(get("/api/probe").header("Cookie", cookie).header(RequestAuth.PROJECT_HEADER, chatbot.id())).statusCode())
                .isEqualTo(200);
        assertError(send(post("/api/probe", Map.of()).header("Cookie", cookie).header(RequestAuth.PROJECT_HEADER, chatbot.id())),
                403, "VIEWER, which may only read");
    }

    @Test
    void anAuthorizationHeaderIsJudgedAloneWhateverTheCookie() throws Exception {
        String cookie = cookie(signIn("vic@example.com", PASSWORD));
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (chatbotKey.publicKey() + ":" + chatbotKey.secretKey()).getBytes(StandardCharsets.UTF_8));

        assertThat(send(post("/api/probe", Map.of()).header("Cookie", cookie).header("Authorization", basic)).body())
                .isEqualTo(chatbot.id());
        assertError(send(get("/api/probe").header("Cookie", cookie).header("Authorization", "Basic bm9wZTpub3Bl")), 401, "invalid API keys");
        assertError(send(get("/api/probe")), 401, "missing Authorization header");
    }

    // --- settings: API keys -----------------------------------------------------------------

    @Test
    void aCreatedKeyShowsItsSecretOnceAndWorksUntilRevoked() throws Exception {
        String cookie = cookie(signIn("ada@example.com", PASSWORD));

        HttpResponse<String> created = send(post(settings(chatbot, "/api-keys"), Map.of("note", "from the UI"))
                .header("Cookie", cookie).header(RequestAuth.PROJECT_HEADER, chatbot.id()));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode key = json(created);
        String secret = key.get("secretKey").asText();
        assertThat(secret).startsWith("sk-lf-");
        assertThat(key.get("note").asText()).isEqualTo("from the UI");
        assertThat(key.get("displaySecretKey").asText()).isEqualTo("sk-lf-..." + secret.substring(secret.length() - 4));
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (key.get("publicKey").asText() + ":" + secret).getBytes(StandardCharsets.UTF_8));
        assertThat(send(get("/api/probe").header("Authorization", basic)).body()).isEqualTo(chatbot.id());

        JsonNode listed = json(send(get(settings(chatbot, "/api-keys")).header("Cookie", cookie)));
        assertThat(listed.get("data")).hasSize(2);
        assertThat(listed.toString()).doesNotContain(secret).doesNotContain("secretKey\"");

        HttpResponse<String> revoked = send(delete(settings(chatbot, "/api-keys/" + key.get("id").asText()))
                .header("Cookie", cookie).header(RequestAuth.PROJECT_HEADER, chatbot.id()));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertError(send(get("/api/probe").header("Authorization", basic)), 401, "invalid API keys");
        JsonNode afterRevoke = json(send(get(settings(chatbot, "/api-keys")).header("Cookie", cookie)));
        assertThat(afterRevoke.at("/data/1/revokedAt").isTextual()).isTrue();
        assertThat(afterRevoke.at("/data/0/revokedAt").isNull()).isTrue();
    }

    @Test
    void keysAreForAdminsOfTheProjectOnlyAndChangesNeedTheHeader() throws Exception {
        String viewer = cookie(signIn("vic@example.com", PASSWORD));
        String owner = cookie(signIn("ada@example.com", PASSWORD));

        assertError(send(get(settings(chatbot, "/api-keys")).header("Cookie", viewer)), 403, "may not see the API keys");
        assertError(send(get(settings(otherOrgProject, "/api-keys")).header("Cookie", owner)), 404, "not found among your projects");
        assertError(send(post(settings(chatbot, "/api-keys"), Map.of()).header("Cookie", owner)), 403, "X-Glasshouse-Project");
        assertError(send(get(settings(chatbot, "/api-keys"))), 401, "not signed in");
        assertError(send(delete(settings(chatbot, "/api-keys/no-such-key")).header("Cookie", owner)
                .header(RequestAuth.PROJECT_HEADER, chatbot.id())), 404, "has no API key");
        assertError(send(post(settings(chatbot, "/api-keys"), Map.of("note", 42)).header("Cookie", owner)
                .header(RequestAuth.PROJECT_HEADER, chatbot.id())), 400, "note must be a string");
    }

    // --- settings: members ------------------------------------------------------------------

    @Test
    void ownersAddExistingAndNewUsersChangeRolesAndRemoveMembers() throws Exception {
        String owner = cookie(signIn("ada@example.com", PASSWORD));
        store.users().create("eve@example.com", "Eve", PASSWORD);

        JsonNode eve = json(send(post(settings(chatbot, "/members"), Map.of("email", "EVE@example.com", "role", "member"))
                .header("Cookie", owner).header(RequestAuth.PROJECT_HEADER, chatbot.id())));
        assertThat(eve.get("role").asText()).isEqualTo("MEMBER");
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> newUser = send(post(settings(chatbot, "/members"),
                Map.of("email", "neo@example.com", "name", "Neo", "password", "follow the rabbit", "role", "ADMIN"))
                .header("Cookie", owner).header(RequestAuth.PROJECT_HEADER, chatbot.id()));
        assertThat(newUser.statusCode()).isEqualTo(201);
        assertThat(signIn("neo@example.com", "follow the rabbit").statusCode()).as("the new user can sign in").isEqualTo(200);
        assertError(send(post(settings(chatbot, "/members"), Map.of("email", "ghost@example.com", "role", "MEMBER"))
                .header("Cookie", owner).header(RequestAuth.PROJECT_HEADER, chatbot.id())), 404, "give a password");

        String eveId = eve.get("id").asText();
        JsonNode promoted = json(send(patch(settings(chatbot, "/members/" + eveId), Map.of("role", "VIEWER"))
                .header("Cookie", owner).header(RequestAuth.PROJECT_HEADER, chatbot.id())));
        assertThat(promoted.get("role").asText()).isEqualTo("VIEWER");
        assertThat(send(delete(settings(chatbot, "/members/" + eveId)).header("Cookie", owner)
                .header(RequestAuth.PROJECT_HEADER, chatbot.id())).statusCode()).isEqualTo(200);

        JsonNode members = json(send(get(settings(chatbot, "/members")).header("Cookie", owner)));
        assertThat(members.get("data").findValuesAsText("email"))
                .containsExactly("ada@example.com", "vic@example.com", "neo@example.com");
        assertError(send(delete(settings(chatbot, "/members/" + ada.id())).header("Cookie", owner)
                .header(RequestAuth.PROJECT_HEADER, chatbot.id())), 409, "last owner");
        assertError(send(patch(settings(chatbot, "/members/" + vic.id()), Map.of("role", "KING"))
                .header("Cookie", owner).header(RequestAuth.PROJECT_HEADER, chatbot.id())), 400, "role must be one of");
    }

    @Test
    void anAccountWhosePasswordAnotherOrganizationsAdminChoseCannotJoinAndExistingUsersKeepTheirPassword() throws Exception {
        User gil = store.users().create("gil@example.com", "Gil", PASSWORD);
        store.users().addMember(otherOrgProject.organizationId(), gil.id(), Role.OWNER);
        String globexOwner = cookie(signIn("gil@example.com", PASSWORD));
        String acmeOwner = cookie(signIn("ada@example.com", PASSWORD));
        // Globex's owner creates bob, choosing his password, and takes him out again: whoever
        // chose it could sign in as bob wherever bob is added next.
        JsonNode bob = json(send(post(settings(otherOrgProject, "/members"),
                Map.of("email", "bob@example.com", "name", "Bob", "password", "chosen by gil", "role", "VIEWER"))
                .header("Cookie", globexOwner).header(RequestAuth.PROJECT_HEADER, otherOrgProject.id())));
        assertThat(send(delete(settings(otherOrgProject, "/members/" + bob.get("id").asText())).header("Cookie", globexOwner)
                .header(RequestAuth.PROJECT_HEADER, otherOrgProject.id())).statusCode()).isEqualTo(200);

        assertError(send(post(settings(chatbot, "/members"), Map.of("email", "bob@example.com", "role", "MEMBER"))
                .header("Cookie", acmeOwner).header(RequestAuth.PROJECT_HEADER, chatbot.id())), 409,
                "an admin of another organisation chose their password");
        assertError(send(post(settings(chatbot, "/members"),
                Map.of("email", "BOB@example.com", "password", "a new one from ada", "role", "MEMBER"))
                .header("Cookie", acmeOwner).header(RequestAuth.PROJECT_HEADER, chatbot.id())), 409,
                "keeps their own password");
        assertThat(signIn("bob@example.com", "a new one from ada").statusCode()).as("the password is not replaced").isEqualTo(401);
        assertThat(json(send(get(settings(chatbot, "/members")).header("Cookie", acmeOwner))).get("data")
                .findValuesAsText("email")).doesNotContain("bob@example.com");

        HttpResponse<String> back = send(post(settings(otherOrgProject, "/members"), Map.of("email", "bob@example.com", "role", "VIEWER"))
                .header("Cookie", globexOwner).header(RequestAuth.PROJECT_HEADER, otherOrgProject.id()));
        assertThat(back.statusCode()).as("back into the organisation whose admin chose the password").isEqualTo(201);
    }

    @Test
    void adminsCannotMakeOrTouchOwnersAndViewersCannotManageMembers() throws Exception {
        store.users().setRole(chatbot.organizationId(), vic.id(), Role.ADMIN);
        String admin = cookie(signIn("vic@example.com", PASSWORD));

        assertError(send(patch(settings(chatbot, "/members/" + vic.id()), Map.of("role", "OWNER"))
                .header("Cookie", admin).header(RequestAuth.PROJECT_HEADER, chatbot.id())), 403, "may not give, change or remove the role OWNER");
        assertError(send(delete(settings(chatbot, "/members/" + ada.id())).header("Cookie", admin)
                .header(RequestAuth.PROJECT_HEADER, chatbot.id())), 403, "the role OWNER");

        store.users().setRole(chatbot.organizationId(), vic.id(), Role.VIEWER);
        assertThat(json(send(get(settings(chatbot, "/members")).header("Cookie", admin))).get("data")).hasSize(2);
        assertError(send(post(settings(chatbot, "/members"), Map.of("email", "ada@example.com", "role", "VIEWER"))
                .header("Cookie", admin).header(RequestAuth.PROJECT_HEADER, chatbot.id())), 403, "may not add members");
    }

    // --- helpers ----------------------------------------------------------------------------

    private HttpResponse<String> signIn(String email, String password) throws Exception {
        return send(post("/api/auth/sign-in", Map.of("email", email, "password", password)).header(RequestAuth.PROJECT_HEADER, ""));
    }

    private static String cookie(HttpResponse<String> signIn) {
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
        return signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private static String settings(Project project, String path) {
        return "/api/ui/projects/" + project.id() + path;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder post(String path, Map<String, ?> body) throws Exception {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private HttpRequest.Builder patch(String path, Map<String, ?> body) throws Exception {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(uri(path)).DELETE();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).get("message").asText()).contains(messagePart);
    }
}
