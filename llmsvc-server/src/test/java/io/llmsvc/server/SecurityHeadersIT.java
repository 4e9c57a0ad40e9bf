package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser security headers on every kind of response of the gateway: a page, a static file, an API answer,
 * errors (401 from the auth filter, 400, 404, 413 from the body limit); the signed download keeps its own
 * stricter policy ({@code sandbox}) and still downloads.
 */
class SecurityHeadersIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> anonymous(String method, String path, String accept, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return TestServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertHeaders(String what, HttpResponse<?> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).contains(POLICY);
        assertThat(r.headers().firstValue("X-Frame-Options")).as(what).contains("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(what).contains("same-origin");
    }

    @Test
    void pagesApisAndErrorsCarryTheHeaders() throws Exception {
        Map<String, HttpResponse<String>> seen = new LinkedHashMap<>();
        seen.put("chat page", anonymous("GET", "/", "text/html", null));
        seen.put("login page", anonymous("GET", "/login", "text/html", null));
        seen.put("404 page", anonymous("GET", "/nope", "text/html", null));
        seen.put("static file", anonymous("GET", "/ui/app.css", "text/css", null));
        seen.put("API answer", server.send("GET", "/v1/models", null));
        seen.put("401", anonymous("GET", "/v1/models", "application/json", null));
        seen.put("400", server.send("POST", "/v1/chat/completions", "{"));
        seen.put("404 API", server.send("GET", "/api/nope", null));
        seen.put("413", server.send("POST", "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(5 * 1024 * 1024) + "\"}]}"));
        seen.put("health", anonymous("GET", "/health", "application/json", null));
        int[] expected = {200, 200, 404, 200, 200, 401, 400, 404, 413, 200};
        int i = 0;
        for (var e : seen.entrySet()) {
            assertThat(e.getValue().statusCode()).as(e.getKey() + ": " + e.getValue().body()).isEqualTo(expected[i++]);
            assertHeaders(e.getKey(), e.getValue());
        }
        assertThat(JSON.readTree(seen.get("400").body()).path("error").path("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void signedDownloadsKeepTheirSandboxAndStillDownload() throws Exception {
        byte[] bytes = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> c = server.send("POST", "/api/files",
                JSON.writeValueAsString(Map.of("name", "page.html", "content_type", "text/html", "size", bytes.length)));
        assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
        JsonNode created = JSON.readTree(c.body());
        HttpResponse<String> put = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(created.path("upload").path("url").asString()))
                .header("Content-Type", "text/html").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertHeaders("signed upload", put);
        String id = created.path("file").path("id").asString();
        String url = JSON.readTree(server.send("GET", "/api/files/" + id + "/url", null).body()).path("url").asString();
        HttpResponse<byte[]> d = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(d.body()).isEqualTo(bytes);
        assertThat(d.headers().allValues("Content-Security-Policy")).containsExactly("sandbox");
        assertThat(d.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(d.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
    }
}
