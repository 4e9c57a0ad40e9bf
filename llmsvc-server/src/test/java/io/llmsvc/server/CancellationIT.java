package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.gguf.TinyModels;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that hangs up mid-stream frees the model's only slot at once: the next request is served while the
 * abandoned one, had it run on, would still hold the slot for many seconds. The same holds for a streamed document
 * answer written by that model.
 */
class CancellationIT {
    static final String KEY = "sk-cancel-test-key-0123456789";
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext ctx;
    static String url;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        // big enough that a full-context generation takes far longer than the second request's deadline
        TinyModels.builder().layers(4).embedding(256).feedForward(512).heads(4).kvHeads(2).contextLength(8192)
                .write(models, "slow");
        ctx = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.data-dir=" + dir.resolve("data"),
                "--llmsvc.models-dir=" + models, "--llmsvc.bootstrap-key=" + KEY,
                "--llmsvc.worker.slots=1", "--llmsvc.worker.context-size=8192",
                // a document answer as long as the /v1 one below, so that only a cancelled one frees the slot in time
                "--llmsvc.documents.search.answer-max-tokens=8000");
        url = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (ctx != null) ctx.close();
    }

    static HttpRequest chat(int maxTokens, boolean stream) {
        return HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slow\",\"stream\":" + stream + ",\"max_tokens\":" + maxTokens
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"go on forever\"}]}")).build();
    }

    @Test
    void hangingUpFreesTheSlot() throws Exception {
        HttpResponse<InputStream> res = http.send(chat(8000, true), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
        int contentChunks = 0;
        String line;
        while (contentChunks < 3 && (line = in.readLine()) != null) {
            if (line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) contentChunks++;
        }
        assertThat(contentChunks).isEqualTo(3);
        in.close(); // the client goes away mid-generation
        assertTheSlotIsFree();
    }

    @Test
    void hangingUpOnADocumentAnswerFreesTheSlot() throws Exception {
        String boundary = "cancel-boundary";
        String upload = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"widgets.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n# Widgets\n\nThe Zorblax protocol needs seventeen blue widgets.\n\r\n--" + boundary + "--\r\n";
        HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(url + "/api/documents"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(upload)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(202);
        var json = JsonMapper.builder().build();
        String id = json.readTree(made.body()).path("id").asString();
        for (int i = 0; i < 600 && !json.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/api/documents/" + id))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("status").asString().equals("ready"); i++) {
            Thread.sleep(100);
        }
        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(url + "/api/documents/answer"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"How many blue widgets does Zorblax need?\",\"stream\":true}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
        int deltas = 0;
        String line;
        while (deltas < 3 && (line = in.readLine()) != null) {
            assertThat(line).doesNotContain("\"type\":\"done\"");
            if (line.contains("\"type\":\"delta\"")) deltas++;
        }
        assertThat(deltas).isEqualTo(3);
        in.close(); // the client goes away while the model writes the answer
        assertTheSlotIsFree();
    }

    /** The model's only slot serves a short request within 20 s: the abandoned generation no longer holds it. */
    static void assertTheSlotIsFree() throws Exception {
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(chat(4, false).uri())
                        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slow\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(next.body()).path("usage").path("completion_tokens").asInt()).isBetween(1, 4);
    }
}
