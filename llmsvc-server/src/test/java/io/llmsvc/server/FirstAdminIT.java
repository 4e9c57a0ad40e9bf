package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.server.cli.UsersCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped account defaults: sign-up is closed, an admin creates accounts (here through {@code llmsvc users
 * create} against the running server), and the bootstrap key, with the API keys made with it, stops working once
 * an admin account exists.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstAdminIT {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("--llmsvc.users.signup-enabled=false", "--llmsvc.users.retire-bootstrap-key=true",
                "--llmsvc.limits.key-cache-ttl=1s");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return TestServer.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path, String key) throws Exception {
        return TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String bootstrapMadeKey;

    @Test
    @Order(1)
    void signUpIsClosedAndAnAdminCreatesAccounts() throws Exception {
        HttpResponse<String> up = post("/api/v1/auth/signup", "{\"username\":\"stranger\",\"password\":\"a long enough password\"}", null);
        assertThat(up.statusCode()).isEqualTo(403);
        assertThat(up.body()).contains("sign-up is switched off");
        HttpResponse<String> made = post("/api/v1/admin/users", "{\"username\":\"carol\",\"password\":\"carols long password\",\"roles\":[\"hr\"]}", TestServer.KEY);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(made.body()).contains("\"hr\"").contains("\"user\"").doesNotContain("carols long password");
        HttpResponse<String> bad = post("/api/v1/admin/users", "{\"username\":\"dave\",\"password\":\"short\"}", TestServer.KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> dup = post("/api/v1/admin/users", "{\"username\":\"Carol\",\"password\":\"carols long password\"}", TestServer.KEY);
        assertThat(dup.statusCode()).isEqualTo(409);
        HttpResponse<String> key = post("/api/v1/keys", "{\"name\":\"made with the bootstrap key\"}", TestServer.KEY);
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        bootstrapMadeKey = Users.JSON.readTree(key.body()).path("key").asString();
        assertThat(get("/api/v1/admin/users", bootstrapMadeKey).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void theCliCreatesTheFirstAdminThroughTheRunningServerAndTheBootstrapKeyRetires() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new UsersCommand(new ByteArrayInputStream("roots long password\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true), new PrintStream(err, true), Map.of())
                .run(new String[] {"create", "--admin", "root", "--url", server.url(), "--key", TestServer.KEY});
        assertThat(rc).as(out + err.toString()).isZero();
        assertThat(out.toString()).contains("created user root").contains("admin").contains(server.url());

        HttpResponse<String> retired = get("/api/v1/admin/users", TestServer.KEY);
        assertThat(retired.statusCode()).isEqualTo(401);
        assertThat(retired.body()).contains("bootstrap key is retired");
        Thread.sleep(1500); // the key cache's time to live
        HttpResponse<String> oldKey = get("/api/v1/admin/users", bootstrapMadeKey);
        assertThat(oldKey.statusCode()).isEqualTo(401);

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        int rc2 = new UsersCommand(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err2, true), Map.of()).run(new String[] {"list", "--url", server.url()});
        assertThat(rc2).isEqualTo(1);
        assertThat(err2.toString().strip()).startsWith("llmsvc users: the server at " + server.url() + " needs an API key").doesNotContain("\n\tat ");
    }
}
