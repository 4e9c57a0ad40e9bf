package io.llmsvc.server;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test users with roles and API keys, made through the public API (sign-up, roles by the bootstrap admin, a key). */
final class Users {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final TestServer server;

    Users(TestServer server) {
        this.server = server;
    }

    record Account(String userId, String key) {}

    Account create(String name, List<String> roles) throws Exception {
        String creds = "{\"username\":\"" + name + "\",\"password\":\"" + name + "-long-password\"}";
        HttpResponse<String> up = post("/api/v1/auth/signup", creds, null, null, null);
        if (up.statusCode() != 201) throw new IllegalStateException("signup " + name + ": " + up.body());
        String id = JSON.readTree(up.body()).path("id").asString();
        HttpResponse<String> r = server.send("PATCH", "/api/v1/admin/users/" + id, JSON.writeValueAsString(java.util.Map.of("roles", roles)));
        if (r.statusCode() != 200) throw new IllegalStateException("roles " + name + ": " + r.body());
        HttpResponse<String> login = post("/api/v1/auth/login", creds, null, null, null);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = cookie.substring(0, cookie.indexOf(';'));
        JsonNode session = JSON.readTree(login.body());
        HttpResponse<String> key = post("/api/v1/keys", "{\"name\":\"test\"}", null, cookie, session.path("csrf_token").asString());
        if (key.statusCode() != 201) throw new IllegalStateException("key " + name + ": " + key.body());
        return new Account(id, JSON.readTree(key.body()).path("key").asString());
    }

    private HttpResponse<String> post(String path, String body, String key, String cookie, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Authorization", "Bearer " + key);
        if (cookie != null) b.header("Cookie", cookie);
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        return TestServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
