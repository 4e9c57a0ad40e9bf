package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateways sharing nothing but Redis and the database: the whole system ({@code all}) and a second,
 * gateway-only application on another port that uses the first one's controller. One key's requests per minute
 * hold across both: with per-process counters each gateway would admit the full limit.
 */
class RedisLimitsIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void requestsPerMinuteHoldAcrossTwoGateways() throws Exception {
        String redis = TestRedis.url();
        Path dir = Files.createTempDirectory("llmsvc-redis-it");
        String[] shared = {
                "--llmsvc.limits.store=redis",
                "--llmsvc.limits.redis-url=" + redis,
                "--llmsvc.limits.redis-prefix=" + TestRedis.prefix(),
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("shared-db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--llmsvc.cluster-token=redis-it-cluster-token-0123456789"};
        try (TestServer a = TestServer.start(shared)) {
            String[] args = new String[shared.length + 5];
            System.arraycopy(shared, 0, args, 0, shared.length);
            args[shared.length] = "--server.port=0";
            args[shared.length + 1] = "--llmsvc.target=gateway";
            args[shared.length + 2] = "--llmsvc.peers.controller=" + a.url();
            args[shared.length + 3] = "--llmsvc.data-dir=" + dir.resolve("b");
            args[shared.length + 4] = "--llmsvc.bootstrap-key=" + TestServer.KEY;
            try (ConfigurableApplicationContext b = new SpringApplication(LlmsvcApplication.class).run(args)) {
                String bUrl = "http://127.0.0.1:" + b.getEnvironment().getProperty("local.server.port");
                HttpResponse<String> created = send(a.url(), "/api/v1/keys", TestServer.KEY, "{\"name\":\"shared\",\"rpm\":6}");
                assertThat(created.statusCode()).isEqualTo(201);
                String key = JsonMapper.builder().build().readTree(created.body()).get("key").asString();

                int[] admitted = new int[2];
                int refused = 0;
                String retryAfter = null;
                for (int i = 0; i < 16; i++) {
                    HttpResponse<String> r = send(i % 2 == 0 ? a.url() : bUrl, "/v1/chat/completions", key,
                            "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1}");
                    if (r.statusCode() == 200) admitted[i % 2]++;
                    else {
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                        assertThat(r.body()).contains("rate_limit_exceeded");
                        refused++;
                        retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                    }
                }
                assertThat(admitted[0] + admitted[1]).isEqualTo(6);
                assertThat(admitted[0]).isEqualTo(3); // both gateways served, taking turns until the shared limit
                assertThat(admitted[1]).isEqualTo(3);
                assertThat(refused).isEqualTo(10);
                assertThat(retryAfter).isNotNull();
            }
        }
    }

    static HttpResponse<String> send(String base, String path, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
