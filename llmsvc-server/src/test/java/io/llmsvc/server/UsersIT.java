package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.server.cli.UsersCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accounts over real HTTP: sign-up, login, sessions with CSRF, password change, throttling, disabling, admin routes,
 * and the first admin created by {@code llmsvc users create --admin} on the database the server then opens.
 */
class UsersIT {
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ROOT_PASSWORD = "root's very long password";
    static TestServer server;
    static String cliOutput;
    static Path cliData;

    @BeforeAll
    static void start() throws Exception {
        Path data = cliData = Files.createTempDirectory("llmsvc-users-cli");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new UsersCommand(new ByteArrayInputStream((ROOT_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true), Map.of())
                .run(new String[] {"create", "--admin", "root", "--llmsvc.data-dir=" + data});
        cliOutput = out + err.toString();
        assertThat(rc).as(cliOutput).isZero();
        server = TestServer.start(
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("db").resolve("llmsvc") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--llmsvc.users.login-max-failures=3",
                "--llmsvc.users.login-max-failures-per-ip=1000",
                "--llmsvc.users.login-lock=1s",
                "--llmsvc.users.login-max-lock=2s");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    // ---- helpers ----

    record Session(String cookie, String csrf, JsonNode body) {}

    static HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path));
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postJson(String path, String body) throws Exception {
        return send(req(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> asAdminKey(String method, String path, String body) throws Exception {
        var b = req(path).header("Authorization", "Bearer " + TestServer.KEY).header("Content-Type", "application/json");
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> withSession(Session s, String method, String path, String body, boolean csrf) throws Exception {
        var b = req(path).header("Cookie", "llmsvc_session=" + s.cookie()).header("Content-Type", "application/json");
        if (csrf) b.header("X-CSRF-Token", s.csrf());
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    static String login(String user, String password) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }

    static Session loginOk(String user, String password) throws Exception {
        HttpResponse<String> res = postJson("/api/v1/auth/login", login(user, password));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        String setCookie = res.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("llmsvc_session=").contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
        String cookie = setCookie.substring("llmsvc_session=".length(), setCookie.indexOf(';'));
        JsonNode body = JSON.readTree(res.body());
        return new Session(cookie, body.path("csrf_token").asString(), body);
    }

    static void signupOk(String user, String password) throws Exception {
        HttpResponse<String> res = postJson("/api/v1/auth/signup", login(user, password));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    }

    static JsonNode error(HttpResponse<String> res) {
        return JSON.readTree(res.body()).path("error");
    }

    // ---- tests ----

    @Test
    void cliCreatedAdminLogsIn() throws Exception {
        assertThat(cliOutput).contains("created user root").doesNotContain(ROOT_PASSWORD);
        Session root = loginOk("root", ROOT_PASSWORD);
        assertThat(root.body().path("roles").toString()).contains("\"admin\"", "\"user\"");
        assertThat(root.body().path("user").path("username").asString()).isEqualTo("root");
        assertThat(root.body().toString()).doesNotContain("argon2").doesNotContain("password_hash");
    }

    static int cli(String stdin, Map<String, String> env, ByteArrayOutputStream out, String... args) {
        return new UsersCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true),
                new PrintStream(out, true), env).run(args);
    }

    @Test
    void cliListsCreatesAndRefuses() {
        String dir = "--llmsvc.data-dir=" + cliData;
        var out = new ByteArrayOutputStream();
        assertThat(cli("", Map.of("LLMSVC_ADMIN_PASSWORD", "ivys long password"), out, "create", "--role", "sales", "ivy", dir))
                .as(out.toString()).isZero();
        assertThat(out.toString()).contains("created user ivy", "roles sales,user");
        out.reset();
        assertThat(cli("", Map.of(), out, "list", dir)).isZero();
        assertThat(out.toString()).contains("root", "admin,user", "ivy", "sales,user").doesNotContain("argon2");
        out.reset();
        assertThat(cli("another long password\n", Map.of(), out, "create", "ROOT", dir)).isEqualTo(1);
        assertThat(out.toString()).contains("taken");
        out.reset();
        assertThat(cli("short\n", Map.of(), out, "create", "jack", dir)).isEqualTo(1);
        assertThat(out.toString()).contains("10 to 200").doesNotContain("short\n");
        out.reset();
        assertThat(cli("", Map.of(), out, "create", "jack", dir)).isEqualTo(2);
        assertThat(out.toString()).contains("no password");
        out.reset();
        assertThat(cli("a long enough password\n", Map.of(), out, "create", "--role", "wizard", "jack", dir)).isEqualTo(1);
        assertThat(out.toString()).contains("unknown role 'wizard'");
        out.reset();
        assertThat(cli("", Map.of(), out, "frobnicate")).isEqualTo(2);
        assertThat(out.toString()).contains("usage: llmsvc users create");
    }

    @Test
    void signUpLogInChangePasswordLogOut() throws Exception {
        signupOk("alice", "alices first password");
        Session s1 = loginOk("ALICE", "alices first password");
        Session s2 = loginOk("alice", "alices first password");
        assertThat(s1.cookie()).isNotEqualTo(s2.cookie());
        assertThat(s1.body().path("roles").toString()).isEqualTo("[\"user\"]");

        HttpResponse<String> me = withSession(s1, "GET", "/api/v1/auth/me", null, false);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).path("user").path("username").asString()).isEqualTo("alice");
        assertThat(JSON.readTree(me.body()).path("csrf_token").asString()).isEqualTo(s1.csrf());

        HttpResponse<String> change = withSession(s1, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"alices first password\",\"new_password\":\"alices second password\"}", true);
        assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
        assertThat(withSession(s2, "GET", "/api/v1/auth/me", null, false).statusCode()).as("other session ended").isEqualTo(401);
        assertThat(withSession(s1, "GET", "/api/v1/auth/me", null, false).statusCode()).as("this session stays").isEqualTo(200);
        assertThat(postJson("/api/v1/auth/login", login("alice", "alices first password")).statusCode()).isEqualTo(401);
        loginOk("alice", "alices second password");

        HttpResponse<String> logout = withSession(s1, "POST", "/api/v1/auth/logout", null, true);
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(withSession(s1, "GET", "/api/v1/auth/me", null, false).statusCode()).isEqualTo(401);
        assertThat(withSession(s1, "POST", "/api/v1/auth/logout", null, false).statusCode()).as("logout is idempotent").isEqualTo(204);
    }

    @Test
    void signUpCanBeSwitchedOff() throws Exception {
        try {
            HttpResponse<String> off = asAdminKey("PUT", "/api/v1/admin/settings/signup", "{\"enabled\":false}");
            assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
            assertThat(asAdminKey("GET", "/api/v1/admin/settings/signup", null).body()).contains("\"enabled\":false");
            HttpResponse<String> res = postJson("/api/v1/auth/signup", login("mallory", "mallorys password"));
            assertThat(res.statusCode()).isEqualTo(403);
            assertThat(error(res).path("message").asString()).contains("sign-up is switched off");
        } finally {
            asAdminKey("PUT", "/api/v1/admin/settings/signup", "{\"enabled\":true}");
        }
        signupOk("mallory", "mallorys password");
    }

    @Test
    void anInviteLinkMakesOneAccountWhileSignUpIsClosed() throws Exception {
        try {
            asAdminKey("PUT", "/api/v1/admin/settings/signup", "{\"enabled\":false}");
            HttpResponse<String> made = asAdminKey("POST", "/api/v1/admin/invites", "{\"roles\":[\"hr\"],\"expires_in_days\":2}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            JsonNode invite = JSON.readTree(made.body());
            String token = invite.path("token").asString();
            assertThat(invite.path("url").asString()).isEqualTo("/signup?invite=" + token);
            assertThat(invite.path("roles").toString()).contains("user", "hr");

            assertThat(postJson("/api/v1/auth/signup", login("invitee", "invitees passphrase")).statusCode()).isEqualTo(403);
            HttpResponse<String> wrong = postJson("/api/v1/auth/signup",
                    "{\"username\":\"invitee\",\"password\":\"invitees passphrase\",\"invite\":\"not-a-token\"}");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(error(wrong).path("message").asString()).contains("invite link is not valid");

            String body = "{\"username\":\"%s\",\"password\":\"invitees passphrase\",\"invite\":\"" + token + "\"}";
            HttpResponse<String> ok = postJson("/api/v1/auth/signup", body.formatted("invitee"));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
            JsonNode user = JSON.readTree(ok.body());
            assertThat(user.path("roles").toString()).contains("hr");
            assertThat(user.path("disabled").asBoolean()).isFalse();
            assertThat(postJson("/api/v1/auth/login", login("invitee", "invitees passphrase")).statusCode()).isEqualTo(200);
            // once only
            HttpResponse<String> again = postJson("/api/v1/auth/signup", body.formatted("invitee2"));
            assertThat(again.statusCode()).isEqualTo(403);

            JsonNode listed = JSON.readTree(asAdminKey("GET", "/api/v1/admin/invites", null).body()).path("data");
            JsonNode used = null;
            for (JsonNode i : listed) if (i.path("id").asString().equals(invite.path("id").asString())) used = i;
            assertThat(used).isNotNull();
            assertThat(used.path("used_by").asString()).isEqualTo(user.path("id").asString());
            assertThat(used.has("token")).isFalse();
            assertThat(listed.toString()).doesNotContain(token);

            // a revoked invite is refused; only admins make invites
            JsonNode second = JSON.readTree(asAdminKey("POST", "/api/v1/admin/invites", "{}").body());
            assertThat(asAdminKey("DELETE", "/api/v1/admin/invites/" + second.path("id").asString(), null).statusCode()).isEqualTo(204);
            assertThat(postJson("/api/v1/auth/signup", "{\"username\":\"invitee3\",\"password\":\"invitees passphrase\",\"invite\":\""
                    + second.path("token").asString() + "\"}").statusCode()).isEqualTo(403);
            assertThat(asAdminKey("POST", "/api/v1/admin/invites", "{\"expires_in_days\":90}").statusCode()).isEqualTo(400);
            assertThat(asAdminKey("POST", "/api/v1/admin/invites", "{\"roles\":[\"wizard\"]}").statusCode()).isEqualTo(400);
        } finally {
            asAdminKey("PUT", "/api/v1/admin/settings/signup", "{\"enabled\":true}");
        }
        signupOk("plainuser", "plain users password");
        HttpResponse<String> login = postJson("/api/v1/auth/login", login("plainuser", "plain users password"));
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        String csrf = JSON.readTree(login.body()).path("csrf_token").asString();
        HttpResponse<String> notAdmin = send(req("/api/v1/admin/invites").header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .header("X-CSRF-Token", csrf).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(notAdmin.statusCode()).isEqualTo(403);
    }

    @Test
    void cookieRequestsThatChangeStateNeedTheCsrfToken() throws Exception {
        signupOk("csrfuser", "csrf users password");
        Session s = loginOk("csrfuser", "csrf users password");
        String chat = "{\"model\":\"tiny\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> missing = withSession(s, "POST", "/v1/chat/completions", chat, false);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(error(missing).path("message").asString()).contains("missing or wrong CSRF token");
        var wrong = send(req("/api/v1/auth/logout").header("Cookie", "llmsvc_session=" + s.cookie())
                .header("X-CSRF-Token", s.csrf() + "x").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(withSession(s, "GET", "/api/v1/auth/me", null, false).statusCode()).as("GET needs no token; still logged in").isEqualTo(200);
        HttpResponse<String> ok = withSession(s, "POST", "/v1/chat/completions", chat, true);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void bearerKeyNeedsNoCsrf() throws Exception {
        HttpResponse<String> res = asAdminKey("PUT", "/api/v1/admin/settings/signup", "{\"enabled\":true}");
        assertThat(res.statusCode()).isEqualTo(200);
        HttpResponse<String> me = asAdminKey("GET", "/api/v1/auth/me", null);
        assertThat(JSON.readTree(me.body()).path("roles").toString()).contains("admin");
    }

    @Test
    void bruteForceIsThrottledThenTheLockEnds() throws Exception {
        signupOk("bob", "bobs right password");
        HttpResponse<String> unknown = postJson("/api/v1/auth/login", login("no-such-user", "whatever password"));
        HttpResponse<String> wrong = null;
        for (int i = 0; i < 3; i++) {
            wrong = postJson("/api/v1/auth/login", login("bob", "wrong password " + i));
            assertThat(wrong.statusCode()).isEqualTo(401);
        }
        assertThat(error(unknown).path("message").asString()).as("no hint which part was wrong")
                .isEqualTo(error(wrong).path("message").asString());
        HttpResponse<String> locked = postJson("/api/v1/auth/login", login("bob", "bobs right password"));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        assertThat(error(locked).path("code").asString()).isEqualTo("rate_limit_exceeded");

        long deadline = System.nanoTime() + 20_000_000_000L;
        HttpResponse<String> res;
        do {
            Thread.sleep(250);
            res = postJson("/api/v1/auth/login", login("bob", "bobs right password"));
        } while (res.statusCode() == 429 && System.nanoTime() < deadline);
        assertThat(res.statusCode()).as("after the lock").isEqualTo(200);
    }

    @Test
    void aUsersApiKeyActsAsThatUserAndStopsWhenTheUserIsDisabled() throws Exception {
        signupOk("keyholder", "keyholders long password");
        Session s = loginOk("keyholder", "keyholders long password");
        String id = s.body().path("user").path("id").asString();
        HttpResponse<String> created = withSession(s, "POST", "/api/v1/keys", "{\"name\":\"laptop\"}", true);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = JSON.readTree(created.body()).path("key").asString();
        var me = send(req("/api/v1/auth/me").header("Authorization", "Bearer " + key));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).path("user").path("username").asString()).isEqualTo("keyholder");
        assertThat(send(req("/api/v1/admin/users").header("Authorization", "Bearer " + key)).statusCode()).isEqualTo(403);

        asAdminKey("PATCH", "/api/v1/admin/users/" + id, "{\"disabled\":true}");
        int status = 0;
        for (int i = 0; i < 40 && status != 401; i++) { // the key cache lives a few seconds
            status = send(req("/v1/models").header("Authorization", "Bearer " + key)).statusCode();
            if (status != 401) Thread.sleep(250);
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void disabledUserIsLockedOutAtOnce() throws Exception {
        signupOk("carol", "carols long password");
        Session carol = loginOk("carol", "carols long password");
        String id = carol.body().path("user").path("id").asString();
        HttpResponse<String> patch = asAdminKey("PATCH", "/api/v1/admin/users/" + id, "{\"disabled\":true}");
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
        assertThat(withSession(carol, "GET", "/api/v1/auth/me", null, false).statusCode()).isEqualTo(401);
        HttpResponse<String> again = postJson("/api/v1/auth/login", login("carol", "carols long password"));
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(error(again).path("message").asString()).contains("disabled");
        asAdminKey("PATCH", "/api/v1/admin/users/" + id, "{\"disabled\":false}");
        loginOk("carol", "carols long password");
    }

    @Test
    void onlyAdminsReachAdminRoutesAndUsersSeeOnlyThemselves() throws Exception {
        signupOk("dave", "daves long password");
        signupOk("erin", "erins long password");
        Session dave = loginOk("dave", "daves long password");
        Session erin = loginOk("erin", "erins long password");
        String erinId = erin.body().path("user").path("id").asString();

        assertThat(withSession(dave, "GET", "/api/v1/admin/users", null, false).statusCode()).isEqualTo(403);
        assertThat(withSession(dave, "PATCH", "/api/v1/admin/users/" + erinId, "{\"disabled\":true}", true).statusCode()).isEqualTo(403);
        assertThat(withSession(dave, "PATCH", "/api/v1/admin/users/" + dave.body().path("user").path("id").asString(),
                "{\"roles\":[\"admin\"]}", true).statusCode()).as("no self-promotion").isEqualTo(403);
        assertThat(withSession(dave, "PUT", "/api/v1/admin/settings/signup", "{\"enabled\":false}", true).statusCode()).isEqualTo(403);
        assertThat(withSession(dave, "GET", "/api/v1/admin/settings/signup", null, false).statusCode()).isEqualTo(403);
        HttpResponse<String> daveMe = withSession(dave, "GET", "/api/v1/auth/me", null, false);
        assertThat(daveMe.body()).contains("\"dave\"").doesNotContain("erin");
        assertThat(withSession(erin, "GET", "/api/v1/auth/me", null, false).statusCode()).as("erin unaffected").isEqualTo(200);
        assertThat(send(req("/api/v1/admin/users")).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(send(req("/api/v1/auth/me")).statusCode()).as("anonymous").isEqualTo(401);

        Session root = loginOk("root", ROOT_PASSWORD);
        HttpResponse<String> list = withSession(root, "GET", "/api/v1/admin/users?limit=2&offset=0", null, false);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode page = JSON.readTree(list.body());
        assertThat(page.path("data").size()).isEqualTo(2);
        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(list.body()).doesNotContain("argon2").doesNotContain("hash");

        HttpResponse<String> promote = withSession(root, "PATCH", "/api/v1/admin/users/" + erinId, "{\"roles\":[\"user\",\"hr\"]}", true);
        assertThat(promote.statusCode()).as(promote.body()).isEqualTo(200);
        assertThat(JSON.readTree(withSession(erin, "GET", "/api/v1/auth/me", null, false).body()).path("roles").toString())
                .as("roles apply to live sessions").isEqualTo("[\"hr\",\"user\"]");
        String rootId = root.body().path("user").path("id").asString();
        assertThat(withSession(root, "PATCH", "/api/v1/admin/users/" + rootId, "{\"disabled\":true}", true).statusCode()).isEqualTo(409);
        assertThat(withSession(root, "PATCH", "/api/v1/admin/users/nope", "{\"disabled\":true}", true).statusCode()).isEqualTo(404);
    }

    static Stream<Arguments> badBodies() {
        String longName = "u".repeat(65);
        return Stream.of(
                Arguments.of("/api/v1/auth/signup", "", 400, "empty"),
                Arguments.of("/api/v1/auth/signup", "{", 400, "malformed JSON"),
                Arguments.of("/api/v1/auth/signup", "[]", 400, "JSON object"),
                Arguments.of("/api/v1/auth/signup", "null", 400, "JSON object"),
                Arguments.of("/api/v1/auth/signup", "{}", 400, "'username' is required"),
                Arguments.of("/api/v1/auth/signup", "{\"username\":\"frank\"}", 400, "'password' is required"),
                Arguments.of("/api/v1/auth/signup", "{\"username\":5,\"password\":\"long enough pw\"}", 400, "'username' must be a string"),
                Arguments.of("/api/v1/auth/signup", "{\"username\":\"" + longName + "\",\"password\":\"long enough pw\"}", 400, "at most 64"),
                Arguments.of("/api/v1/auth/signup", "{\"username\":\"a b\",\"password\":\"long enough pw\"}", 400, "letters or digits"),
                Arguments.of("/api/v1/auth/signup", "{\"username\":\"frank\",\"password\":\"short\"}", 400, "10 to 200"),
                Arguments.of("/api/v1/auth/signup", "{\"username\":\"frank\",\"password\":\"" + "p".repeat(201) + "\"}", 400, "10 to 200"),
                Arguments.of("/api/v1/auth/signup", "{\"username\":\"franklin-s\",\"password\":\"Franklin-S\"}", 400, "must not be the username"),
                Arguments.of("/api/v1/auth/signup", "{\"username\":\"frank\",\"password\":\"long enough pw\",\"roles\":[\"admin\"]}", 400, "unknown field 'roles'"),
                Arguments.of("/api/v1/auth/login", "", 400, "empty"),
                Arguments.of("/api/v1/auth/login", "{\"username\":\"root\"}", 400, "'password' is required"),
                Arguments.of("/api/v1/auth/login", "{\"username\":\"root\",\"password\":true}", 400, "'password' must be a string"),
                Arguments.of("/api/v1/auth/login", "{\"username\":\"root\",\"password\":\"" + "p".repeat(201) + "\"}", 400, "at most 200"),
                Arguments.of("/api/v1/auth/login", "{\"username\":\"root\",\"password\":\"x\",\"remember\":true}", 400, "unknown field 'remember'"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badAnonymousBodiesAreClear400s(String path, String body, int status, String messagePart) throws Exception {
        HttpResponse<String> res = postJson(path, body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(error(res).path("message").asString()).contains(messagePart);
        assertThat(res.body()).doesNotContain("Exception");
    }

    static Stream<Arguments> badAdminCalls() {
        return Stream.of(
                Arguments.of("PUT", "/api/v1/admin/settings/signup", "{}", 400, "'enabled' is required"),
                Arguments.of("PUT", "/api/v1/admin/settings/signup", "{\"enabled\":\"no\"}", 400, "'enabled' must be true or false"),
                Arguments.of("PUT", "/api/v1/admin/settings/signup", "{\"enabled\":true,\"x\":1}", 400, "unknown field 'x'"),
                Arguments.of("PATCH", "/api/v1/admin/users/some-id", "{}", 400, "send 'roles' and/or 'disabled'"),
                Arguments.of("PATCH", "/api/v1/admin/users/some-id", "{\"roles\":\"admin\"}", 400, "'roles' must be an array"),
                Arguments.of("PATCH", "/api/v1/admin/users/some-id", "{\"disabled\":\"yes\"}", 400, "'disabled' must be true or false"),
                Arguments.of("PATCH", "/api/v1/admin/users/some-id", "{\"roles\":[]}", 404, "no user"),
                Arguments.of("GET", "/api/v1/admin/users?limit=0", null, 400, "limit must be 1 to 200"),
                Arguments.of("GET", "/api/v1/admin/users?limit=abc", null, 400, "'limit'"),
                Arguments.of("GET", "/api/v1/admin/users?offset=-1", null, 400, "offset"));
    }

    @ParameterizedTest
    @MethodSource("badAdminCalls")
    void badAdminInputIsAClear4xx(String method, String path, String body, int status, String messagePart) throws Exception {
        HttpResponse<String> res = asAdminKey(method, path, body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(error(res).path("message").asString()).contains(messagePart);
    }

    @Test
    void badRolesAndTypesOnAnExistingUser() throws Exception {
        signupOk("gina", "ginas long password");
        String id = loginOk("gina", "ginas long password").body().path("user").path("id").asString();
        HttpResponse<String> unknownRole = asAdminKey("PATCH", "/api/v1/admin/users/" + id, "{\"roles\":[\"wizard\"]}");
        assertThat(unknownRole.statusCode()).isEqualTo(400);
        assertThat(error(unknownRole).path("message").asString()).contains("unknown role 'wizard'", "admin, user, hr, sales");
        assertThat(asAdminKey("PATCH", "/api/v1/admin/users/" + id, "{\"roles\":[]}").statusCode()).isEqualTo(400);
        assertThat(asAdminKey("PATCH", "/api/v1/admin/users/" + id, "{\"roles\":[1]}").statusCode()).isEqualTo(400);
    }

    @Test
    void wrongContentTypeAndCurrentPasswordChecks() throws Exception {
        HttpResponse<String> form = send(req("/api/v1/auth/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=root&password=x")));
        assertThat(form.statusCode()).as("cross-site forms cannot log in").isEqualTo(415);

        signupOk("henry", "henrys long password");
        Session h = loginOk("henry", "henrys long password");
        HttpResponse<String> wrongCurrent = withSession(h, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"not henrys password\",\"new_password\":\"henrys next password\"}", true);
        assertThat(wrongCurrent.statusCode()).isEqualTo(403);
        HttpResponse<String> weak = withSession(h, "POST", "/api/v1/auth/password",
                "{\"current_password\":\"henrys long password\",\"new_password\":\"short\"}", true);
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(error(weak).path("message").asString()).contains("new_password must be 10 to 200");
        HttpResponse<String> missing = withSession(h, "POST", "/api/v1/auth/password", "{\"current_password\":\"x\"}", true);
        assertThat(error(missing).path("message").asString()).isEqualTo("'new_password' is required");
        HttpResponse<String> bootstrap = asAdminKey("POST", "/api/v1/auth/password",
                "{\"current_password\":\"x\",\"new_password\":\"something long\"}");
        assertThat(bootstrap.statusCode()).isEqualTo(400);
        assertThat(error(bootstrap).path("message").asString()).contains("bootstrap key has no password");
        HttpResponse<String> taken = postJson("/api/v1/auth/signup", login("HENRY", "another long password"));
        assertThat(taken.statusCode()).isEqualTo(409);
    }
}
