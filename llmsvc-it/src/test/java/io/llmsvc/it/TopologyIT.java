package io.llmsvc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmsvc.testkit.gguf.TinyModels;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Controller, two workers and a gateway as four separate processes of the executable jar. The same API scenario
 * as in one process, then a worker is killed under load: requests that had not started streaming are retried on
 * the other worker, the dead one expires, nothing hangs; restarted, it rejoins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyIT {
    static final String KEY = "sk-topology-test-key-0123456789";
    static final String TOKEN = "cluster-token-for-topology-test-0123";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static Proc controller, worker1, worker2, gateway;
    static Path models;

    @BeforeAll
    static void startCluster() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        controller = proc("controller", "controller").start();
        controller.awaitLive(Duration.ofSeconds(60));
        worker1 = worker("worker-1", Proc.freePort()).start();
        worker2 = worker("worker-2", Proc.freePort()).start();
        gateway = proc("gateway", "gateway").start();
        worker1.awaitLive(Duration.ofSeconds(180));
        worker2.awaitLive(Duration.ofSeconds(180));
        gateway.awaitLive(Duration.ofSeconds(180));
        awaitWorkers(2, "ready", Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopCluster() {
        for (Proc p : new Proc[] {gateway, worker1, worker2, controller}) {
            if (p != null) p.close();
        }
    }

    static Proc proc(String name, String target) throws Exception {
        return proc(name, target, Proc.freePort());
    }

    static Proc proc(String name, String target, int port) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data-" + name));
        List<String> args = new ArrayList<>(List.of("--target", target,
                "--llmsvc.controller.worker-expiry=3s", "--llmsvc.worker.heartbeat-interval=500ms",
                "--llmsvc.worker.context-size=256", "--llmsvc.worker.slots=2"));
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "LLMSVC_CLUSTER_TOKEN", TOKEN,
                "LLMSVC_BOOTSTRAP_KEY", KEY,
                "LLMSVC_DATA_DIR", data.toString(),
                "LLMSVC_MODELS_DIR", models.toString()));
        if (controller != null) env.put("LLMSVC_CONTROLLER_URL", controller.url());
        return new Proc(name, port, dir.resolve(name + ".log"), args, env);
    }

    static Proc worker(String name, int port) throws Exception {
        return proc(name, "worker", port);
    }

    static JsonNode workers() throws Exception {
        HttpResponse<String> r = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(controller.url() + "/internal/controller/workers"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    static long countInState(String state) throws Exception {
        long n = 0;
        for (JsonNode w : workers()) if (state.equals(w.path("state").asString())) n++;
        return n;
    }

    static void awaitWorkers(int count, String state, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (countInState(state) == count) return;
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + count + " workers " + state + ", got " + workers());
    }

    static OpenAIClient client() {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.url() + "/v1").apiKey(KEY).maxRetries(0).build();
    }

    @Test
    @Order(1)
    void theApiWorksAcrossProcesses() {
        OpenAIClient client = client();
        assertThat(client.models().list().items()).extracting(m -> m.id()).containsExactly("tiny");
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model("tiny")
                .addUserMessage("hello").maxCompletionTokens(6).temperature(0.0).build());
        assertThat(c.usage().get().completionTokens()).isBetween(1L, 6L);
    }

    @Test
    @Order(2)
    void workerCalledWithoutTheClusterTokenRefuses() throws Exception {
        HttpResponse<String> r = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(worker1.url() + "/internal/worker/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    /** Outcome of one streamed request: whether it got its first token and whether it ended cleanly. */
    record Outcome(boolean started, boolean completed, String error) {}

    static Outcome streamOnce() {
        String body = "{\"model\":\"tiny\",\"stream\":true,\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
        boolean started = false;
        try {
            HttpResponse<InputStream> r = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                return new Outcome(false, false, "HTTP " + r.statusCode() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                boolean finished = false;
                while ((line = in.readLine()) != null) {
                    if (!line.startsWith("data: ")) continue;
                    String data = line.substring(6);
                    if (data.equals("[DONE]")) return new Outcome(true, finished, finished ? null : "no finish_reason");
                    JsonNode ev = JSON.readTree(data);
                    if (ev.has("error")) return new Outcome(started, false, ev.path("error").path("message").asString());
                    JsonNode choice = ev.path("choices").path(0);
                    if (!choice.path("delta").path("content").asString("").isEmpty()) started = true;
                    if (choice.hasNonNull("finish_reason")) finished = true;
                }
                return new Outcome(started, false, "stream ended without [DONE]");
            }
        } catch (Exception e) {
            return new Outcome(started, false, e.toString());
        }
    }

    @Test
    @Order(3)
    void killingAWorkerUnderLoadLosesOnlyRequestsItWasStreaming() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Outcome>> before = new ArrayList<>();
        for (int i = 0; i < 8; i++) before.add(pool.submit(TopologyIT::streamOnce));
        Thread.sleep(300);
        worker1.kill();
        List<Future<Outcome>> after = new ArrayList<>();
        for (int i = 0; i < 12; i++) after.add(pool.submit(TopologyIT::streamOnce));

        for (Future<Outcome> f : before) {
            Outcome o = f.get(90, TimeUnit.SECONDS); // nothing hangs
            // a request that was streaming from the killed worker may end with an error event, never silently
            if (!o.completed()) assertThat(o.started()).as("failed before streaming but not retried: " + o.error()).isTrue();
        }
        for (Future<Outcome> f : after) {
            Outcome o = f.get(90, TimeUnit.SECONDS);
            assertThat(o.completed()).as("request after the kill: " + o.error()).isTrue();
        }
        pool.shutdown();
        awaitWorkers(1, "expired", Duration.ofSeconds(20));
    }

    @Test
    @Order(4)
    void aRestartedWorkerRejoins() throws Exception {
        worker1 = worker("worker-1", worker1.port).start();
        worker1.awaitLive(Duration.ofSeconds(180));
        awaitWorkers(2, "ready", Duration.ofSeconds(120));
        for (int i = 0; i < 4; i++) assertThat(streamOnce().completed()).isTrue();
    }
    @Test
    @Order(5)
    void withNoLiveWorkerTheGatewaySaysSoAndIsNotReady() throws Exception {
        HttpResponse<String> up = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        worker1.kill();
        worker2.kill();
        awaitWorkers(2, "expired", Duration.ofSeconds(30));
        HttpResponse<String> chat = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(503);
        assertThat(JSON.readTree(chat.body()).path("error").path("message").asString()).contains("no worker is live").doesNotContain("no model is loaded");
        HttpResponse<String> health = Proc.HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("no live worker");
    }
}
