package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.gguf.TinyModels;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The controller in its own application context, a gateway with a worker in another (talking over HTTP, as
 * across processes). The controller goes down: requests get a quick 503 with an error body, and once the circuit
 * is open they fail without even trying. The controller comes back on the same address: the worker re-registers,
 * the circuit's probe succeeds, and requests work again without restarting the gateway.
 */
class ControllerOutageIT {
    static final String TOKEN = "cluster-token-for-outage-test-0123";
    static final String KEY = "sk-outage-test-bootstrap-key-0123";
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CHAT = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":3}";

    @TempDir
    static Path dir;
    static int controllerPort;
    static ConfigurableApplicationContext controller, gateway;
    static String gatewayUrl;

    static ConfigurableApplicationContext startController() {
        return new SpringApplication(LlmsvcApplication.class).run("--server.port=" + controllerPort,
                "--llmsvc.target=controller", "--llmsvc.cluster-token=" + TOKEN,
                "--llmsvc.data-dir=" + dir.resolve("controller-data"),
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
    }

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            controllerPort = s.getLocalPort();
        }
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        controller = startController();
        gateway = new SpringApplication(LlmsvcApplication.class).run("--server.port=0",
                "--llmsvc.target=gateway,worker", "--llmsvc.cluster-token=" + TOKEN,
                "--llmsvc.peers.controller=http://127.0.0.1:" + controllerPort,
                "--llmsvc.data-dir=" + dir.resolve("gateway-data"), "--llmsvc.models-dir=" + models,
                "--llmsvc.bootstrap-key=" + KEY, "--llmsvc.worker.slots=1", "--llmsvc.worker.context-size=256");
        gatewayUrl = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
        assertThat(awaitStatus(200, Duration.ofSeconds(90)).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (controller != null) controller.close();
    }

    static HttpResponse<String> chat() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> awaitStatus(int status, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> r;
        do {
            r = chat();
            if (r.statusCode() == status) return r;
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        return r;
    }

    @Test
    void aDownControllerGivesAQuick503AndRecoveryNeedsNoRestart() throws Exception {
        controller.close();
        controller = null;

        HttpResponse<String> first = chat();
        assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
        JsonNode err = JSON.readTree(first.body()).path("error");
        assertThat(err.path("code").asString()).isEqualTo("service_unavailable");
        assertThat(err.path("message").asString()).contains("controller");
        assertThat(first.headers().firstValue("X-Llmsvc-Overhead-Ms")).isPresent();

        // after a few failures the circuit opens: calls no longer try the dead controller
        HttpResponse<String> open = chat();
        for (int i = 0; i < 5 && !open.body().contains("paused"); i++) open = chat();
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(open.body()).contains("paused");
        long t = System.nanoTime();
        HttpResponse<String> fast = chat();
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertThat(fast.statusCode()).isEqualTo(503);
        assertThat(ms).as("an open circuit answers without waiting for the controller").isLessThan(2_000);
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/models"))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(models.body()).path("error").path("type").asString()).isEqualTo("server_error");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("llmsvc_circuit_open{peer=\"controller\"} 1.0");

        controller = startController();
        HttpResponse<String> back = awaitStatus(200, Duration.ofSeconds(90));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(JSON.readTree(back.body()).path("choices").size()).isEqualTo(1);
    }
}
