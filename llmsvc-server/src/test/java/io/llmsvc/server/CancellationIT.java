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
 * abandoned one, had it run on, would still hold the slot for many seconds.
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
                "--llmsvc.worker.slots=1", "--llmsvc.worker.context-size=8192");
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

        HttpResponse<String> next = http.send(HttpRequest.newBuilder(chat(4, false).uri())
                        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"slow\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(next.body()).path("usage").path("completion_tokens").asInt()).isBetween(1, 4);
    }
}
