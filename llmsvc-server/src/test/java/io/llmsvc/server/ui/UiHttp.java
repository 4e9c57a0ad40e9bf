package io.llmsvc.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls against the gateway, as a person's browser session (cookie + CSRF) or with a bearer key. */
final class UiHttp {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A signed-in browser session: the cookie and its CSRF token. */
    record Session(String cookie, String csrf) {}

    private final String url;

    UiHttp(String url) {
        this.url = url;
    }

    HttpResponse<String> send(String method, String path, String body, String authHeader, String cookie, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (authHeader != null) b.header("Authorization", authHeader);
        if (cookie != null) b.header("Cookie", cookie);
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> as(Session s, String method, String path, String body) throws Exception {
        return send(method, path, body, null, s.cookie(), method.equals("GET") ? null : s.csrf());
    }

    HttpResponse<String> withKey(String key, String method, String path, String body) throws Exception {
        return send(method, path, body, "Bearer " + key, null, null);
    }

    /** Signs a new user up (and makes them admin with the bootstrap key when asked), then logs in. */
    Session user(String name, String password, boolean admin, String bootstrapKey) throws Exception {
        HttpResponse<String> up = send("POST", "/api/v1/auth/signup",
                "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}", null, null, null);
        if (up.statusCode() != 201) throw new IllegalStateException("signup " + name + ": " + up.statusCode() + " " + up.body());
        if (admin) {
            String id = JSON.readTree(up.body()).path("id").asString();
            HttpResponse<String> r = withKey(bootstrapKey, "PATCH", "/api/v1/admin/users/" + id, "{\"roles\":[\"admin\",\"user\"]}");
            if (r.statusCode() != 200) throw new IllegalStateException("make admin: " + r.body());
        }
        return login(name, password);
    }

    Session login(String name, String password) throws Exception {
        HttpResponse<String> in = send("POST", "/api/v1/auth/login",
                "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}", null, null, null);
        if (in.statusCode() != 200) throw new IllegalStateException("login " + name + ": " + in.body());
        String cookie = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("llmsvc_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        return new Session(cookie, JSON.readTree(in.body()).path("csrf_token").asString());
    }

    /** Uploads a Markdown document as the user and waits until it is ready (searchable). */
    void uploadDocument(Session s, String name, String text) throws Exception {
        String boundary = "b" + System.nanoTime();
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/documents"))
                .header("Cookie", s.cookie()).header("X-CSRF-Token", s.csrf())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = json(r).path("id").asString();
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end) {
            String status = json(as(s, "GET", "/api/documents/" + id, null)).path("status").asString();
            if (status.equals("ready")) return;
            assertThat(status).isNotEqualTo("failed");
            Thread.sleep(200);
        }
        throw new AssertionError("document " + id + " not ready");
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }
}
