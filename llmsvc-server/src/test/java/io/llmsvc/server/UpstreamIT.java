package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.sun.net.httpserver.HttpServer;
import io.llmsvc.testkit.gguf.TinyModels;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second llmsvc whose worker serves models of upstreams: the first llmsvc (a real OpenAI-compatible server with
 * llama.cpp models behind it), a server that always rate-limits, and an address where nothing listens.
 */
class UpstreamIT {
    static final String KEY_B = "sk-upstream-front-key-0123456789";
    @TempDir
    static Path dir;
    static TestServer upstream;
    static HttpServer limited;
    static ConfigurableApplicationContext front;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = TestServer.start();
        limited = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        limited.createContext("/", ex -> {
            byte[] body = "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(429, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        limited.start();
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "local");
        front = new SpringApplication(LlmsvcApplication.class).run("--server.port=0",
                "--llmsvc.data-dir=" + dir.resolve("data"), "--llmsvc.models-dir=" + models,
                "--llmsvc.bootstrap-key=" + KEY_B, "--llmsvc.worker.context-size=256",
                "--llmsvc.worker.upstreams[0].name=other-llmsvc",
                "--llmsvc.worker.upstreams[0].base-url=" + upstream.url() + "/v1",
                "--llmsvc.worker.upstreams[0].api-key=" + TestServer.KEY,
                "--llmsvc.worker.upstreams[0].key-mode=free",
                "--llmsvc.worker.upstreams[1].name=limited",
                "--llmsvc.worker.upstreams[1].base-url=http://127.0.0.1:" + limited.getAddress().getPort() + "/v1",
                "--llmsvc.worker.upstreams[1].models=limited-model",
                "--llmsvc.worker.upstreams[1].retries=1",
                "--llmsvc.worker.upstreams[2].name=dead",
                "--llmsvc.worker.upstreams[2].base-url=http://127.0.0.1:" + deadPort + "/v1",
                "--llmsvc.worker.upstreams[2].models=dead-model",
                "--llmsvc.worker.upstreams[2].retries=0");
        String url = "http://127.0.0.1:" + front.getEnvironment().getProperty("local.server.port");
        client = OpenAIOkHttpClient.builder().baseUrl(url + "/v1").apiKey(KEY_B).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        if (front != null) front.close();
        if (limited != null) limited.stop(0);
        if (upstream != null) upstream.close();
    }

    @Test
    void discoversTheUpstreamsModelsBesideTheLocalOne() {
        List<String> ids = client.models().list().items().stream().map(m -> m.id()).toList();
        assertThat(ids).contains("local", "tiny", "tiny-embed", "limited-model", "dead-model");
    }

    @Test
    void chatStreamingAndEmbeddingsThroughAnotherLlmsvc() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("tiny").addUserMessage("hi")
                .maxCompletionTokens(6).temperature(0.0).build();
        ChatCompletion viaUpstream = client.chat().completions().create(params);
        OpenAIClient direct = OpenAIOkHttpClient.builder().baseUrl(upstream.url() + "/v1").apiKey(TestServer.KEY).maxRetries(0).build();
        ChatCompletion directly = direct.chat().completions().create(params);
        assertThat(viaUpstream.choices().get(0).message().content()).isEqualTo(directly.choices().get(0).message().content());
        assertThat(viaUpstream.usage().get().completionTokens()).isEqualTo(directly.usage().get().completionTokens());

        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed.toString()).isEqualTo(directly.choices().get(0).message().content().orElse(""));

        var emb = client.embeddings().create(EmbeddingCreateParams.builder().model("tiny-embed").input("hello").build());
        assertThat(emb.data().get(0).embedding()).isNotEmpty();
    }

    @Test
    void anUpstreamThatRateLimitsGives429() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("limited-model").addUserMessage("hi").build()))
                .isInstanceOf(RateLimitException.class);
    }

    @Test
    void anUnreachableUpstreamGives503() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("dead-model").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.code()).contains("no_worker_available");
                });
    }
}
