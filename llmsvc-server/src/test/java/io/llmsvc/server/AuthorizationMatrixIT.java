package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every public route × {anonymous, user A, user B acting on A's things, admin}: the expected status, and B never
 * reads or changes A's data. Callers use API keys (A and B made their keys through their own sessions).
 */
class AuthorizationMatrixIT {
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TestServer server;
    static String keyA, keyB, keyIdA, userIdA, userIdB;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        String[] a = user("alice-matrix");
        String[] b = user("bob-matrix");
        keyA = a[0];
        keyIdA = a[1];
        userIdA = a[2];
        keyB = b[0];
        userIdB = b[2];
        // A owns a chat session
        HttpResponse<String> chat = call("POST", "/api/v1/chat", keyA,
                "{\"session_id\":\"a-session\",\"user_message\":\"hi\",\"model\":\"tiny\",\"max_tokens\":2}");
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Signs up, logs in, makes an API key through the session: {key, key id, user id}. */
    static String[] user(String name) throws Exception {
        String creds = "{\"username\":\"" + name + "\",\"password\":\"" + name + "-long-password\"}";
        assertThat(call("POST", "/api/v1/auth/signup", null, creds).statusCode()).isEqualTo(201);
        HttpResponse<String> login = call("POST", "/api/v1/auth/login", null, creds);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = cookie.substring(0, cookie.indexOf(';'));
        JsonNode session = JSON.readTree(login.body());
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/keys"))
                .header("Cookie", cookie).header("X-CSRF-Token", session.path("csrf_token").asString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"matrix\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        JsonNode k = JSON.readTree(key.body());
        return new String[] {k.path("key").asString(), k.path("id").asString(), session.path("user").path("id").asString()};
    }

    static HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One row: a route and the status each caller gets ("other" = user B on A's resource or with A's filter). */
    record Row(String method, String path, String body, int anonymous, int user, int other, int admin) {}

    static final String CHAT = "{\"model\":\"tiny\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    List<Row> rows() {
        return List.of(
                new Row("GET", "/v1/models", null, 401, 200, 200, 200),
                new Row("GET", "/v1/models/tiny", null, 401, 200, 200, 200),
                new Row("POST", "/v1/chat/completions", CHAT, 401, 200, 200, 200),
                new Row("POST", "/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"a\",\"max_tokens\":1}", 401, 200, 200, 200),
                new Row("POST", "/v1/embeddings", "{\"model\":\"tiny-embed\",\"input\":\"a\"}", 401, 200, 200, 200),
                new Row("GET", "/api/v1/system/info", null, 401, 200, 200, 200),
                new Row("GET", "/api/v1/auth/me", null, 401, 200, 200, 200),
                new Row("GET", "/api/v1/chat/sessions/a-session", null, 401, 200, 404, 200),
                new Row("GET", "/api/v1/chat/sessions", null, 401, 200, 200, 200),
                // history is changed only by its owner; admins may read and delete it, not write into it
                new Row("PATCH", "/api/v1/chat/sessions/a-session", "{\"title\":\"t\"}", 401, 200, 404, 404),
                new Row("POST", "/api/v1/chat/sessions/a-session/messages",
                        "{\"messages\":[{\"role\":\"assistant\",\"content\":\"x\"}]}", 401, 200, 404, 404),
                new Row("GET", "/api/v1/keys", null, 401, 200, 200, 200),
                new Row("GET", "/api/v1/keys/" + keyIdA, null, 401, 200, 404, 200),
                new Row("PATCH", "/api/v1/keys/" + keyIdA, "{\"name\":\"renamed\"}", 401, 200, 404, 200),
                new Row("GET", "/api/v1/keys?user_id=" + userIdA, null, 401, 200, 403, 200),
                new Row("GET", "/api/v1/logs", null, 401, 200, 200, 200),
                new Row("GET", "/api/v1/logs?user_id=" + userIdA, null, 401, 200, 403, 200),
                new Row("GET", "/api/v1/usage?group_by=model", null, 401, 200, 200, 200),
                new Row("GET", "/api/v1/usage?group_by=model&user_id=" + userIdA, null, 401, 200, 403, 200),
                new Row("GET", "/api/v1/admin/users", null, 401, 403, 403, 200),
                new Row("PATCH", "/api/v1/admin/users/" + userIdA, "{\"roles\":[\"user\",\"hr\"]}", 401, 403, 403, 200),
                new Row("GET", "/api/v1/admin/settings/signup", null, 401, 403, 403, 200),
                new Row("PUT", "/api/v1/admin/settings/signup", "{\"enabled\":true}", 401, 403, 403, 200));
    }

    @Test
    void everyRouteForEveryCaller() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row r : rows()) {
            Map<String, Integer> expected = new java.util.LinkedHashMap<>();
            expected.put("anonymous", r.anonymous());
            expected.put("user", r.user());
            expected.put("other", r.other());
            expected.put("admin", r.admin());
            Map<String, String> keys = new java.util.HashMap<>();
            keys.put("anonymous", null);
            keys.put("user", keyA);
            keys.put("other", keyB);
            keys.put("admin", TestServer.KEY);
            for (var e : expected.entrySet()) {
                HttpResponse<String> res = call(r.method(), r.path(), keys.get(e.getKey()), r.body());
                if (res.statusCode() != e.getValue()) {
                    wrong.add(r.method() + " " + r.path() + " as " + e.getKey() + ": expected " + e.getValue()
                            + ", got " + res.statusCode() + " " + res.body().substring(0, Math.min(160, res.body().length())));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void bCannotChangeOrDeleteWhatABelongsTo() throws Exception {
        assertThat(call("DELETE", "/api/v1/chat/sessions/a-session", keyB, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/keys/" + keyIdA, keyB, null).statusCode()).isEqualTo(404);
        // A's things are still there and still work
        assertThat(call("GET", "/api/v1/chat/sessions/a-session", keyA, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/models", keyA, null).statusCode()).isEqualTo(200);
        // B's own listings never include A's rows
        JsonNode bKeys = JSON.readTree(call("GET", "/api/v1/keys", keyB, null).body());
        assertThat(bKeys.toString()).doesNotContain(keyIdA);
        JsonNode bLogs = JSON.readTree(call("GET", "/api/v1/logs", keyB, null).body());
        assertThat(bLogs.toString()).doesNotContain(userIdA);
    }

    @Test
    void sessionIdsBelongToTheirOwner() throws Exception {
        String body = "{\"session_id\":\"same-name\",\"user_message\":\"%s\",\"model\":\"tiny\",\"max_tokens\":2}";
        HttpResponse<String> a = call("POST", "/api/v1/chat", keyA, body.formatted("from alice"));
        assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        // B may use the same id: B's own conversation, not a 500 and no hint that A has one
        HttpResponse<String> b = call("POST", "/api/v1/chat", keyB, body.formatted("from bob"));
        assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
        assertThat(JSON.readTree(b.body()).path("session_id").asString()).isEqualTo("same-name");
        JsonNode bobs = JSON.readTree(call("GET", "/api/v1/chat/sessions/same-name", keyB, null).body());
        JsonNode alices = JSON.readTree(call("GET", "/api/v1/chat/sessions/same-name", keyA, null).body());
        assertThat(bobs.path("messages").get(0).path("content").asString()).isEqualTo("from bob");
        assertThat(bobs.path("messages").size()).isEqualTo(2);
        assertThat(alices.path("messages").get(0).path("content").asString()).isEqualTo("from alice");
        assertThat(alices.path("messages").size()).isEqualTo(2);
        // deleting B's leaves A's
        assertThat(call("DELETE", "/api/v1/chat/sessions/same-name", keyB, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/chat/sessions/same-name", keyA, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyWithLimitsCannotManageTheAccount() throws Exception {
        HttpResponse<String> made = call("POST", "/api/v1/keys", keyA, "{\"name\":\"limited\",\"rpm\":100}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String limited = JSON.readTree(made.body()).path("key").asString();
        String limitedId = JSON.readTree(made.body()).path("id").asString();
        HttpResponse<String> revokeOther = call("DELETE", "/api/v1/keys/" + keyIdA, limited, null);
        assertThat(revokeOther.statusCode()).as(revokeOther.body()).isEqualTo(403);
        assertThat(JSON.readTree(revokeOther.body()).path("error").path("message").asString()).contains("with limits cannot revoke other keys");
        HttpResponse<String> password = call("POST", "/api/v1/auth/password", limited,
                "{\"current_password\":\"alice-matrix-long-password\",\"new_password\":\"a brand new passphrase\"}");
        assertThat(password.statusCode()).as(password.body()).isEqualTo(403);
        // A's unrestricted key and password still work
        assertThat(call("GET", "/v1/models", keyA, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/auth/login", null,
                "{\"username\":\"alice-matrix\",\"password\":\"alice-matrix-long-password\"}").statusCode()).isEqualTo(200);
        // it may give itself up
        assertThat(call("DELETE", "/api/v1/keys/" + limitedId, limited, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/models", limited, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aRoleChangeAppliesToTheUsersKeysAtOnce() throws Exception {
        assertThat(call("GET", "/api/v1/admin/users", keyB, null).statusCode()).isEqualTo(403);
        try {
            assertThat(call("PATCH", "/api/v1/admin/users/" + userIdB, TestServer.KEY, "{\"roles\":[\"user\",\"admin\"]}").statusCode()).isEqualTo(200);
            assertThat(call("GET", "/api/v1/admin/users", keyB, null).statusCode()).isEqualTo(200);
        } finally {
            assertThat(call("PATCH", "/api/v1/admin/users/" + userIdB, TestServer.KEY, "{\"roles\":[\"user\"]}").statusCode()).isEqualTo(200);
        }
        // within the key cache's 5 s, but the change is seen at once
        assertThat(call("GET", "/api/v1/admin/users", keyB, null).statusCode()).isEqualTo(403);
        assertThat(call("PATCH", "/api/v1/admin/users/" + userIdB, TestServer.KEY, "{\"disabled\":true}").statusCode()).isEqualTo(200);
        try {
            assertThat(call("GET", "/v1/models", keyB, null).statusCode()).isIn(401, 403);
        } finally {
            assertThat(call("PATCH", "/api/v1/admin/users/" + userIdB, TestServer.KEY, "{\"disabled\":false}").statusCode()).isEqualTo(200);
        }
        assertThat(call("GET", "/v1/models", keyB, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anonymousRoutesNeedNoCredentials() throws Exception {
        assertThat(call("POST", "/api/v1/auth/login", null, "{\"username\":\"nobody-here\",\"password\":\"wrong password!\"}")
                .statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/v1/auth/logout", null, null).statusCode()).isBetween(200, 204);
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }
}
