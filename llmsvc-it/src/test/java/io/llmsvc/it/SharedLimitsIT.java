package io.llmsvc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.db.TestDatabase;
import io.llmsvc.testkit.gguf.TinyModels;
import io.llmsvc.testkit.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateway processes behind one controller and worker, sharing a real PostgreSQL database and a real Redis:
 * a key made on one gateway works on the other, and its requests-per-minute limit holds for both together.
 */
class SharedLimitsIT {
    static final String KEY = "sk-shared-limits-admin-0123456789";
    static final String TOKEN = "cluster-token-shared-limits-0123456";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static TestDatabase.Instance db;
    static Proc controller, worker, gatewayA, gatewayB;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.POSTGRES.create();
        String redis = TestRedis.url();
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        Map<String, String> env = new HashMap<>(Map.of(
                "LLMSVC_CLUSTER_TOKEN", TOKEN, "LLMSVC_BOOTSTRAP_KEY", KEY, "LLMSVC_MODELS_DIR", models.toString(),
                "LLMSVC_DATABASE_URL", db.url(), "LLMSVC_DATABASE_USER", db.username(),
                "LLMSVC_DATABASE_PASSWORD", db.password(), "LLMSVC_REDIS_URL", redis));
        controller = proc("controller", "controller", env).start();
        controller.awaitLive(Duration.ofSeconds(180));
        env.put("LLMSVC_CONTROLLER_URL", controller.url());
        worker = proc("worker", "worker", env).start();
        List<String> limits = List.of("--llmsvc.limits.store=redis", "--llmsvc.limits.redis-prefix=" + TestRedis.prefix());
        gatewayA = proc("gateway-a", "gateway", env, limits).start();
        gatewayB = proc("gateway-b", "gateway", env, limits).start();
        worker.awaitLive(Duration.ofSeconds(180));
        gatewayA.awaitLive(Duration.ofSeconds(180));
        gatewayB.awaitLive(Duration.ofSeconds(180));
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end && models(gatewayA) == 0) Thread.sleep(200);
    }

    @AfterAll
    static void stop() {
        for (Proc p : new Proc[] {gatewayA, gatewayB, worker, controller}) if (p != null) p.close();
        if (db != null) db.close();
    }

    static Proc proc(String name, String target, Map<String, String> env) throws Exception {
        return proc(name, target, env, List.of());
    }

    static Proc proc(String name, String target, Map<String, String> env, List<String> extra) throws Exception {
        Map<String, String> e = new HashMap<>(env);
        e.put("LLMSVC_DATA_DIR", Files.createDirectories(dir.resolve("data-" + name)).toString());
        List<String> args = new ArrayList<>(List.of("--target", target, "--llmsvc.worker.context-size=256"));
        args.addAll(extra);
        return new Proc(name, Proc.freePort(), dir.resolve(name + ".log"), args, e);
    }

    static HttpResponse<String> call(Proc gw, String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url() + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Proc.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int models(Proc gw) throws Exception {
        HttpResponse<String> r = call(gw, "GET", "/v1/models", KEY, null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()).path("data").size() : 0;
    }

    @Test
    void aKeysRateLimitHoldsAcrossBothGateways() throws Exception {
        HttpResponse<String> created = call(gatewayA, "POST", "/api/v1/keys", KEY, "{\"name\":\"shared\",\"rpm\":6}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = JSON.readTree(created.body()).path("key").asString();
        String chat = "{\"model\":\"tiny\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        int ok = 0, limited = 0;
        for (int i = 0; i < 16; i++) {
            HttpResponse<String> r = call(i % 2 == 0 ? gatewayA : gatewayB, "POST", "/v1/chat/completions", key, chat);
            if (r.statusCode() == 200) ok++;
            else if (r.statusCode() == 429) {
                limited++;
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                JsonNode err = JSON.readTree(r.body()).path("error");
                assertThat(err.path("code").asString()).isEqualTo("rate_limit_exceeded");
            } else {
                throw new AssertionError("unexpected " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(ok).isEqualTo(6);
        assertThat(limited).isEqualTo(10);
    }
}
