package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.gateway.auth.ApiKeyInfo;
import io.llmsvc.gateway.auth.Authenticator;
import io.llmsvc.gateway.auth.KeyLimits;
import io.llmsvc.gateway.auth.Principal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request logs, usage and metrics over real HTTP: every request shows up with its tokens, TTFT and overhead; a user
 * sees only their own; parameters are checked; the Prometheus endpoint has the series; every /v1 response carries
 * the overhead header. Two non-admin users come from a test authenticator until API keys exist.
 */
class RequestLogIT {
    static final String ALICE = "sk-test-user-alice-0123456789";
    static final String BOB = "sk-test-user-bob-0123456789";
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TestServer server;

    /** Registered through {@code spring.main.sources} (no annotation, so other tests' component scans skip it). */
    public static final class TestUsers implements Authenticator {
        @Override
        public Optional<Principal> fromBearer(String token) {
            if (token.equals(ALICE)) return Optional.of(user("alice", "sk-alic"));
            if (token.equals(BOB)) return Optional.of(user("bob", "sk-bob0"));
            return Optional.empty();
        }

        private static Principal user(String id, String prefix) {
            return new Principal(id, id, Set.of(Principal.USER), new ApiKeyInfo("key-" + id, prefix, KeyLimits.NONE));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("--spring.main.sources=" + TestUsers.class.getName(), "--llmsvc.logs.flush-interval=50ms");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> send(String key, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String key, String path) throws Exception {
        HttpResponse<String> r = send(key, "GET", path, null);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    /** The log rows matching {@code query}, once {@code until} holds for them (the writer is asynchronous). */
    static List<JsonNode> awaitLogs(String key, String query, Predicate<List<JsonNode>> until) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonNode> rows;
        do {
            rows = new ArrayList<>();
            for (JsonNode n : getJson(key, "/api/v1/logs?" + query).path("data")) rows.add(n);
            if (until.test(rows)) return rows;
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        return rows;
    }

    static final String CHAT = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":4,\"temperature\":0}";
    static final String STREAM = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":4,\"stream\":true}";

    @Test
    void everyRequestIsLoggedWithTokensTtftAndOverheadAndSummedInUsage() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        assertThat(send(TestServer.KEY, "POST", "/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(send(TestServer.KEY, "POST", "/v1/chat/completions", STREAM).statusCode()).isEqualTo(200);
        assertThat(send(TestServer.KEY, "POST", "/v1/embeddings", "{\"model\":\"tiny-embed\",\"input\":\"hello\"}").statusCode()).isEqualTo(200);
        assertThat(send(TestServer.KEY, "POST", "/v1/chat/completions", CHAT.replace("\"tiny\"", "\"nope\"")).statusCode()).isEqualTo(404);

        String q = "user_id=bootstrap&from=" + enc(from.toString());
        List<JsonNode> rows = awaitLogs(TestServer.KEY, q, r -> r.size() >= 4);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(4);

        JsonNode chat = rows.stream().filter(r -> r.path("route").asString().equals("/v1/chat/completions")
                && r.path("status").asInt() == 200 && !r.path("streamed").asBoolean()).findFirst().orElseThrow();
        assertThat(chat.path("id").isString()).isTrue();
        assertThat(chat.path("user_id").asString()).isEqualTo("bootstrap");
        assertThat(chat.path("key_prefix").isNull()).isTrue();
        assertThat(chat.path("model").asString()).isEqualTo("tiny");
        assertThat(chat.path("target").asString()).isNotBlank();
        assertThat(chat.path("tokens_in").asInt()).isPositive();
        assertThat(chat.path("tokens_out").asInt()).isBetween(1, 4);
        assertThat(chat.path("ttft_ms").asDouble()).isPositive();
        assertThat(chat.path("latency_ms").asDouble()).isGreaterThanOrEqualTo(chat.path("ttft_ms").asDouble());
        assertThat(chat.path("overhead_ms").asDouble()).isGreaterThan(0).isLessThan(chat.path("latency_ms").asDouble());
        assertThat(chat.path("error_code").isNull()).isTrue();

        JsonNode stream = rows.stream().filter(r -> r.path("streamed").asBoolean()).findFirst().orElseThrow();
        assertThat(stream.path("tokens_out").asInt()).isPositive();
        assertThat(stream.path("ttft_ms").isNumber()).isTrue();

        JsonNode embed = rows.stream().filter(r -> r.path("route").asString().equals("/v1/embeddings")).findFirst().orElseThrow();
        assertThat(embed.path("tokens_in").asInt()).isPositive();
        assertThat(embed.path("model").asString()).isEqualTo("tiny-embed");

        JsonNode missing = rows.stream().filter(r -> r.path("status").asInt() == 404).findFirst().orElseThrow();
        assertThat(missing.path("error_code").asString()).isEqualTo("model_not_found");

        // paging: one row per page, the cursor walks through all of them without repeats
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = getJson(TestServer.KEY, "/api/v1/logs?limit=1&" + q + (cursor == null ? "" : "&cursor=" + cursor));
            page.path("data").forEach(n -> ids.add(n.path("id").asString()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asString();
        } while (cursor != null && ids.size() < 100);
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);

        JsonNode usage = getJson(TestServer.KEY, "/api/v1/usage?group_by=model&user_id=bootstrap&from=" + enc(from.toString()));
        JsonNode tiny = null;
        for (JsonNode g : usage.path("data")) if (g.path("key").asString().equals("tiny")) tiny = g;
        assertThat(tiny).as(usage.toString()).isNotNull();
        assertThat(tiny.path("requests").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(tiny.path("tokens_out").asInt()).isPositive();
        assertThat(tiny.path("avg_ttft_ms").asDouble()).isPositive();
        assertThat(getJson(TestServer.KEY, "/api/v1/usage?group_by=day").path("data").get(0).path("key").asString())
                .matches("\\d{4}-\\d{2}-\\d{2}");
    }

    @Test
    void aUserSeesOnlyTheirOwnRequests() throws Exception {
        assertThat(send(ALICE, "POST", "/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(send(BOB, "GET", "/v1/models", null).statusCode()).isEqualTo(200);
        awaitLogs(TestServer.KEY, "user_id=bob", r -> !r.isEmpty());

        List<JsonNode> alice = awaitLogs(ALICE, "limit=1000", r -> !r.isEmpty());
        assertThat(alice).isNotEmpty().allSatisfy(r -> assertThat(r.path("user_id").asString()).isEqualTo("alice"));
        assertThat(alice).anySatisfy(r -> assertThat(r.path("key_prefix").asString()).isEqualTo("sk-alic"));
        assertThat(awaitLogs(BOB, "limit=1000", r -> !r.isEmpty()))
                .allSatisfy(r -> assertThat(r.path("user_id").asString()).isEqualTo("bob"));
        assertThat(awaitLogs(ALICE, "user_id=alice", r -> !r.isEmpty())).isNotEmpty();

        HttpResponse<String> peek = send(ALICE, "GET", "/api/v1/logs?user_id=bob", null);
        assertThat(peek.statusCode()).isEqualTo(403);
        assertThat(peek.body()).contains("only an admin");
        assertThat(send(ALICE, "GET", "/api/v1/usage?user_id=bob", null).statusCode()).isEqualTo(403);

        JsonNode usage = getJson(ALICE, "/api/v1/usage?group_by=user");
        assertThat(usage.path("data")).hasSize(1);
        assertThat(usage.path("data").get(0).path("key").asString()).isEqualTo("alice");
        JsonNode all = getJson(TestServer.KEY, "/api/v1/usage?group_by=user");
        List<String> users = new ArrayList<>();
        all.path("data").forEach(g -> users.add(g.path("key").asString()));
        assertThat(users).contains("alice", "bob", "bootstrap");
        assertThat(getJson(TestServer.KEY, "/api/v1/usage?group_by=key&user_id=alice").path("data").get(0).path("key").asString())
                .isEqualTo("sk-alic");
    }

    @Test
    void badParametersAreRejectedWithClearMessages() throws Exception {
        String[][] cases = {
                {"/api/v1/logs?limit=0", "limit"},
                {"/api/v1/logs?limit=abc", "limit"},
                {"/api/v1/logs?limit=100000", "limit"},
                {"/api/v1/logs?status=999", "status"},
                {"/api/v1/logs?from=yesterday", "from"},
                {"/api/v1/logs?from=2026-02-02&to=2026-01-01", "to"},
                {"/api/v1/logs?cursor=-4", "cursor"},
                {"/api/v1/logs?colour=red", "colour"},
                {"/api/v1/logs?model=a&model=b", "model"},
                {"/api/v1/usage?group_by=colour", "group_by"},
                {"/api/v1/usage?cursor=1", "cursor"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send(TestServer.KEY, "GET", c[0], null);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            JsonNode err = JSON.readTree(r.body()).path("error");
            assertThat(err.path("message").asString()).as(c[0]).contains(c[1]);
            assertThat(err.path("param").asString()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(send(null, "GET", "/api/v1/logs", null).statusCode()).isEqualTo(401);
        assertThat(send(null, "GET", "/api/v1/usage", null).statusCode()).isEqualTo(401);
    }

    @Test
    void prometheusHasTheRequestWorkerAndLogQueueSeries() throws Exception {
        send(TestServer.KEY, "POST", "/v1/chat/completions", STREAM);
        send(null, "GET", "/v1/models", null);
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String text;
        do {
            text = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (text.contains("llmsvc_workers{state=\"ready\"} 1")) break;
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        assertThat(text).contains(
                "llmsvc_gateway_requests_total{code=\"none\",route=\"/v1/chat/completions\",status=\"200\"}",
                "llmsvc_gateway_requests_total{code=\"invalid_api_key\",route=\"unmatched\",status=\"401\"}",
                "llmsvc_gateway_request_duration_seconds_bucket{route=\"/v1/chat/completions\",le=",
                "llmsvc_gateway_overhead_seconds_bucket{route=\"/v1/chat/completions\",le=",
                "llmsvc_gateway_ttft_seconds_bucket{model=\"tiny\",le=",
                "llmsvc_gateway_tokens_total{kind=\"completion\",model=\"tiny\"}",
                "llmsvc_gateway_tokens_per_second_count{model=\"tiny\"}",
                "llmsvc_workers{state=\"ready\"} 1",
                "llmsvc_worker_queue_length{worker=",
                "llmsvc_controller_up 1",
                "llmsvc_request_log_dropped_total 0",
                "llmsvc_request_log_queue ");
        assertThat(text).doesNotContain(TestServer.KEY);
    }

    @Test
    void everyV1ResponseCarriesTheOverheadHeader() throws Exception {
        List<HttpResponse<String>> responses = List.of(
                send(TestServer.KEY, "GET", "/v1/models", null),
                send(TestServer.KEY, "GET", "/v1/models/tiny", null),
                send(TestServer.KEY, "GET", "/v1/models/nope", null),
                send(null, "GET", "/v1/models", null),
                send("sk-wrong-key-0123456789", "POST", "/v1/chat/completions", CHAT),
                send(TestServer.KEY, "GET", "/v1/no-such-route", null),
                send(TestServer.KEY, "POST", "/v1/chat/completions", "{not json"),
                send(TestServer.KEY, "POST", "/v1/chat/completions", CHAT),
                send(TestServer.KEY, "POST", "/v1/chat/completions", STREAM),
                send(TestServer.KEY, "POST", "/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"max_tokens\":3}"),
                send(TestServer.KEY, "POST", "/v1/embeddings", "{\"model\":\"tiny-embed\",\"input\":\"hi\"}"),
                send(TestServer.KEY, "POST", "/api/v1/chat", "{\"user_message\":\"hi\",\"model\":\"tiny\",\"max_tokens\":3}"),
                send(TestServer.KEY, "GET", "/api/v1/logs?limit=1", null));
        for (HttpResponse<String> r : responses) {
            Optional<String> h = r.headers().firstValue("X-Llmsvc-Overhead-Ms");
            assertThat(h).as(r.request().method() + " " + r.uri() + " " + r.statusCode()).isPresent();
            assertThat(Double.parseDouble(h.get())).isGreaterThanOrEqualTo(0);
        }
    }
}
