package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.testkit.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A key's token budget holds under 50 concurrent requests in Korean, English and mixed text, on the in-memory and
 * the Redis counter store: what the admitted requests used (their own {@code usage.total_tokens}) passes the
 * budget by at most one request's worth. Reservations count the rendered prompt with the model's tokenizer; an
 * estimate of characters / 4 spent several times the budget on Korean.
 */
class BudgetsUnderConcurrencyIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int CONCURRENT = 50;

    /** Prompt, max_tokens, budget. */
    record Case(String name, String prompt, int maxTokens, int budget) {}

    static final List<Case> CASES = List.of(
            new Case("korean", "연차 휴가는 입사 첫해에 며칠이 주어지며, 사용하지 못한 휴가는 다음 해로 이월되는지, 그리고 반차나 시간 단위로 나누어 쓸 수 있는지 자세히 알려 주세요. 감사합니다!", 1, 2000),
            new Case("english", "hi", 40, 1000),
            new Case("mixed", "우리 팀 Q3 OKR 진행 상황을 summary 해 주세요: revenue, 채용, 그리고 customer churn 지표까지.", 8, 1500));

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void theBudgetIsPassedByAtMostOneRequest(String store) throws Exception {
        String[] args = store.equals("redis")
                ? new String[] {"--llmsvc.limits.store=redis", "--llmsvc.limits.redis-url=" + TestRedis.url(),
                        "--llmsvc.limits.redis-prefix=" + TestRedis.prefix()}
                : new String[0];
        try (TestServer server = TestServer.start(args); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Case c : CASES) {
                HttpResponse<String> made = server.send("POST", "/api/v1/keys",
                        "{\"name\":\"budget " + c.name() + "\",\"budget_tokens\":" + c.budget() + ",\"budget_period\":\"day\"}");
                assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
                String key = JSON.readTree(made.body()).path("key").asString();
                String body = JSON.writeValueAsString(Map.of("model", "tiny", "max_tokens", c.maxTokens(), "temperature", 0,
                        "messages", List.of(Map.of("role", "user", "content", c.prompt()))));
                List<Future<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    calls.add(pool.submit(() -> TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                            .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString())));
                }
                long spent = 0, most = 0;
                int admitted = 0, refused = 0;
                for (Future<HttpResponse<String>> f : calls) {
                    HttpResponse<String> r = f.get(180, TimeUnit.SECONDS);
                    if (r.statusCode() == 200) {
                        long used = JSON.readTree(r.body()).path("usage").path("total_tokens").asLong();
                        assertThat(used).isPositive();
                        spent += used;
                        most = Math.max(most, used);
                        admitted++;
                    } else {
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                        JsonNode err = JSON.readTree(r.body()).path("error");
                        assertThat(err.path("code").asString()).isEqualTo("insufficient_quota");
                        refused++;
                    }
                }
                assertThat(admitted).as(c.name() + " on " + store).isPositive();
                assertThat(refused).as(c.name() + " on " + store + ": the budget must bite").isPositive();
                assertThat(spent).as(c.name() + " on " + store + ": " + admitted + " admitted, the largest used " + most)
                        .isLessThanOrEqualTo(c.budget() + most);
            }
        }
    }
}
