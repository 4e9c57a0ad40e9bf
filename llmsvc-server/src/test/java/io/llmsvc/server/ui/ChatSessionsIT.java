package io.llmsvc.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.server.LlmsvcApplication;
import io.llmsvc.testkit.gguf.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The web UI's history routes over HTTP: own sessions only, newest first, search, rename, append, regenerate. */
class ChatSessionsIT {
    static final String KEY = "sk-ui-sessions-bootstrap-0123456789";
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext ctx;
    static UiHttp http;
    static UiHttp.Session ann;
    static UiHttp.Session ben;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        ctx = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY, "--llmsvc.users.signup-enabled=true", "--llmsvc.users.retire-bootstrap-key=false", "--llmsvc.worker.context-size=256");
        http = new UiHttp("http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port"));
        ann = http.user("ann", "anns long password", false, KEY);
        ben = http.user("ben", "bens long password", false, KEY);
    }

    @AfterAll
    static void stop() {
        if (ctx != null) ctx.close();
    }

    static String create(UiHttp.Session s, String body) throws Exception {
        HttpResponse<String> r = http.as(s, "POST", "/api/v1/chat/sessions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return UiHttp.json(r).path("session_id").asString();
    }

    @Test
    void ownHistoryOnly() throws Exception {
        String a1 = create(ann, "{\"title\":\"Kotlin coroutines\"}");
        String a2 = create(ann, "{}");
        HttpResponse<String> appended = http.as(ann, "POST", "/api/v1/chat/sessions/" + a2 + "/messages",
                "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"김치 레시피\"},{\"role\":\"assistant\",\"content\":\"**네**\"}]}");
        assertThat(appended.statusCode()).as(appended.body()).isEqualTo(200);
        assertThat(UiHttp.json(appended).path("message_count").asInt()).isEqualTo(2);
        assertThat(UiHttp.json(appended).path("title").asString()).isEqualTo("김치 레시피");

        JsonNode list = UiHttp.json(http.as(ann, "GET", "/api/v1/chat/sessions", null));
        assertThat(list.path("total").asLong()).isEqualTo(2);
        assertThat(list.path("data").get(0).path("session_id").asString()).isEqualTo(a2);
        assertThat(UiHttp.json(http.as(ann, "GET", "/api/v1/chat/sessions?q=%EA%B9%80%EC%B9%98", null)).path("data"))
                .singleElement().satisfies(s -> assertThat(s.path("session_id").asString()).isEqualTo(a2));

        // ben sees nothing of ann's and cannot read, rename, append to or delete it
        assertThat(UiHttp.json(http.as(ben, "GET", "/api/v1/chat/sessions", null)).path("total").asLong()).isZero();
        assertThat(http.as(ben, "GET", "/api/v1/chat/sessions/" + a2, null).statusCode()).isEqualTo(404);
        assertThat(http.as(ben, "PATCH", "/api/v1/chat/sessions/" + a1, "{\"title\":\"mine\"}").statusCode()).isEqualTo(404);
        assertThat(http.as(ben, "POST", "/api/v1/chat/sessions/" + a2 + "/messages",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").statusCode()).isEqualTo(404);
        assertThat(http.as(ben, "DELETE", "/api/v1/chat/sessions/" + a2, null).statusCode()).isEqualTo(404);

        HttpResponse<String> renamed = http.as(ann, "PATCH", "/api/v1/chat/sessions/" + a1, "{\"title\":\"  Coroutines  \"}");
        assertThat(UiHttp.json(renamed).path("title").asString()).isEqualTo("Coroutines");

        // regenerate: the answer at index 1 is replaced
        http.as(ann, "POST", "/api/v1/chat/sessions/" + a2 + "/messages",
                "{\"replace_from\":1,\"messages\":[{\"role\":\"assistant\",\"content\":\"다시\"}]}");
        JsonNode conv = UiHttp.json(http.as(ann, "GET", "/api/v1/chat/sessions/" + a2, null));
        assertThat(conv.path("messages").size()).isEqualTo(2);
        assertThat(conv.path("messages").get(1).path("content").asString()).isEqualTo("다시");

        assertThat(http.as(ann, "DELETE", "/api/v1/chat/sessions/" + a2, null).statusCode()).isEqualTo(204);
        assertThat(http.as(ann, "GET", "/api/v1/chat/sessions/" + a2, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsNamed() throws Exception {
        String id = create(ann, null);
        String path = "/api/v1/chat/sessions/" + id;
        assertThat(UiHttp.json(http.as(ann, "PATCH", path, "{\"title\":\"\"}")).path("error").path("param").asString()).isEqualTo("title");
        assertThat(UiHttp.json(http.as(ann, "PATCH", path, "{\"name\":\"x\"}")).path("error").path("param").asString()).isEqualTo("name");
        assertThat(UiHttp.json(http.as(ann, "POST", path + "/messages", "{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"))
                .path("error").path("param").asString()).isEqualTo("messages[0].role");
        assertThat(UiHttp.json(http.as(ann, "POST", path + "/messages", "{\"messages\":[]}")).path("error").path("param").asString())
                .isEqualTo("messages");
        assertThat(http.as(ann, "GET", "/api/v1/chat/sessions?limit=0", null).statusCode()).isEqualTo(400);
        // the cookie session must send its CSRF token to change anything
        assertThat(http.send("POST", "/api/v1/chat/sessions", "{}", null, ann.cookie(), null).statusCode()).isEqualTo(403);
    }

    @Test
    void pagesAreServedAndOtherPathsAreNot() throws Exception {
        for (String page : new String[] {"/", "/login", "/signup", "/admin", "/me", "/documents", "/files", "/jobs"}) {
            HttpResponse<String> r = http.send("GET", page, null, null, null, null);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.body()).contains("<script type=\"module\"");
        }
        assertThat(http.send("GET", "/no-such-page", null, null, null, null).statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/ui/chat.js", null, null, null, null).statusCode()).isEqualTo(200);
        assertThat(http.send("GET", "/webjars/dompurify/3.2.6/dist/purify.min.js", null, null, null, null).statusCode()).isEqualTo(200);
    }
}
