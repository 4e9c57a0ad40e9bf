package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The keys API and key limits over real HTTP, with the OpenAI SDK on tiny real models. */
class ApiKeysIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("--llmsvc.limits.key-cache-ttl=5s");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    static Reply call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isBlank() ? null : JSON.readTree(r.body()), r);
    }

    static JsonNode create(String key, String body) throws Exception {
        Reply r = call("POST", "/api/v1/keys", key, body);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r.body();
    }

    static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey(key).maxRetries(0).build();
    }

    static Reply chat(String key) throws Exception {
        return call("POST", "/v1/chat/completions", key,
                "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}");
    }

    static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model("tiny").addUserMessage("Hello").maxCompletionTokens(3).temperature(0.0).build();
    }

    /** A key of a plain user, written straight into the database (users come from the users feature). */
    static String userKey(String userId) {
        String raw = "sk-llmsvc-" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        jdbc().sql("INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID().toString(), userId, "seed", raw.substring(0, 16), sha256(raw), Timestamp.from(Instant.now()))
                .update();
        return raw;
    }

    static JdbcClient jdbc() {
        return JdbcClient.create(server.context.getBean(DataSource.class));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKeyIsShownOnceWorksWithTheSdkIsListedByPrefixAndStopsWhenRevoked() throws Exception {
        JsonNode created = create(TestServer.KEY, "{\"name\":\"sdk test\",\"expires_in_days\":30}");
        String key = created.get("key").asString();
        String id = created.get("id").asString();
        assertThat(key).startsWith("sk-llmsvc-").hasSizeGreaterThanOrEqualTo(10 + 43);
        assertThat(created.get("prefix").asString()).isEqualTo(key.substring(0, 16));
        assertThat(created.get("status").asString()).isEqualTo("active");

        ChatCompletion c = client(key).chat().completions().create(hello());
        assertThat(c.choices()).hasSize(1);

        Reply list = call("GET", "/api/v1/keys", TestServer.KEY, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().body()).doesNotContain(key).doesNotContain(sha256(key)).contains(created.get("prefix").asString());
        Reply one = call("GET", "/api/v1/keys/" + id, TestServer.KEY, null);
        assertThat(one.body().has("key")).isFalse();
        assertThat(one.body().get("name").asString()).isEqualTo("sdk test");

        Reply revoked = call("DELETE", "/api/v1/keys/" + id, TestServer.KEY, null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("status").asString()).isEqualTo("revoked");
        assertThatThrownBy(() -> client(key).chat().completions().create(hello()))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("API key revoked");
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        JsonNode created = create(TestServer.KEY, "{\"name\":\"short\",\"expires_at\":\"2035-01-01T00:00:00Z\"}");
        jdbc().sql("UPDATE api_keys SET expires_at = ? WHERE id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), created.get("id").asString()).update();
        Reply r = chat(created.get("key").asString());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().at("/error/message").asString()).isEqualTo("API key expired");
    }

    @Test
    void aModelOutsideTheAllowListIsForbidden() throws Exception {
        String key = create(TestServer.KEY, "{\"name\":\"embed only\",\"allowed_models\":[\"tiny-embed\"]}").get("key").asString();
        assertThatThrownBy(() -> client(key).chat().completions().create(hello())).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void requestsPerMinuteAnswer429WithRetryAfterAndAnOpenAiBody() throws Exception {
        String key = create(TestServer.KEY, "{\"name\":\"slow\",\"rpm\":2}").get("key").asString();
        assertThat(chat(key).status()).isEqualTo(200);
        assertThat(chat(key).status()).isEqualTo(200);
        Reply r = chat(key);
        assertThat(r.status()).isEqualTo(429);
        assertThat(Long.parseLong(r.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 61L);
        assertThat(r.body().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(r.body().at("/error/type").asString()).isEqualTo("rate_limit_error");
        assertThat(r.body().at("/error/message").asString()).contains("2 requests per minute");
    }

    @Test
    void aSpentBudgetAnswersInsufficientQuota() throws Exception {
        String key = create(TestServer.KEY, "{\"name\":\"tiny budget\",\"budget_tokens\":5,\"budget_period\":\"day\"}").get("key").asString();
        assertThat(chat(key).status()).isEqualTo(200); // uses more than 5 tokens (prompt + reply)
        Reply r = chat(key);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.body().at("/error/code").asString()).isEqualTo("insufficient_quota");
        assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void usersSeeAndChangeOnlyTheirOwnKeys() throws Exception {
        String alice = userKey("alice-" + UUID.randomUUID());
        String bob = userKey("bob-" + UUID.randomUUID());
        JsonNode mine = create(alice, "{\"name\":\"alice's\"}");
        String id = mine.get("id").asString();
        assertThat(mine.get("user_id").asString()).startsWith("alice-");

        assertThat(call("GET", "/api/v1/keys/" + id, bob, null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/keys/" + id, bob, null).status()).isEqualTo(404);
        assertThat(call("PATCH", "/api/v1/keys/" + id, bob, "{\"rpm\":1}").status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/keys", bob, null).raw().body()).doesNotContain(id);
        assertThat(call("GET", "/api/v1/keys?all=true", bob, null).status()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/keys?user_id=" + mine.get("user_id").asString(), bob, null).status()).isEqualTo(403);

        assertThat(call("GET", "/api/v1/keys", alice, null).raw().body()).contains(id);
        assertThat(call("GET", "/api/v1/keys?user_id=" + mine.get("user_id").asString(), TestServer.KEY, null).raw().body()).contains(id);
        Reply patched = call("PATCH", "/api/v1/keys/" + id, alice, "{\"name\":\"renamed\",\"rpm\":7,\"allowed_models\":[\"tiny\"]}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("rpm").asInt()).isEqualTo(7);
        assertThat(call("DELETE", "/api/v1/keys/" + id, alice, null).status()).isEqualTo(200);
        assertThat(call("PATCH", "/api/v1/keys/" + id, alice, "{\"rpm\":1}").status()).isEqualTo(409);

        // a key with limits cannot mint an unlimited one
        String limited = create(alice, "{\"name\":\"limited\",\"rpm\":100}").get("key").asString();
        assertThat(call("POST", "/api/v1/keys", limited, "{\"name\":\"escape\"}").status()).isEqualTo(403);
    }

    @Test
    void badInputAnswers400WithAClearMessage() throws Exception {
        String[][] cases = {
                {"{", "malformed JSON"},
                {"[]", "JSON object"},
                {"{}", "'name' is required"},
                {"{\"name\":\"x\",\"rpm\":\"ten\"}", "'rpm' must be an integer"},
                {"{\"name\":\"x\",\"rpm\":0}", "'rpm' must be an integer from 1"},
                {"{\"name\":\"x\",\"tpm\":1.5}", "'tpm' must be an integer"},
                {"{\"name\":\"x\",\"budget_period\":\"week\"}", "'day' or 'month'"},
                {"{\"name\":\"x\",\"budget_period\":\"day\"}", "needs 'budget_tokens'"},
                {"{\"name\":\"x\",\"expires_at\":\"tomorrow\"}", "ISO-8601"},
                {"{\"name\":\"x\",\"expires_at\":\"2001-01-01T00:00:00Z\"}", "in the future"},
                {"{\"name\":\"x\",\"expires_in_days\":1,\"expires_at\":\"2031-01-01T00:00:00Z\"}", "not both"},
                {"{\"name\":\"x\",\"allowed_models\":\"tiny\"}", "array of model ids"},
                {"{\"name\":\"x\",\"allowed_models\":[\"a,b\"]}", "without commas"},
                {"{\"name\":\"x\",\"colour\":\"red\"}", "unknown field 'colour'"},
                {"{\"name\":\"" + "n".repeat(101) + "\"}", "at most 100"},
        };
        for (String[] c : cases) {
            Reply r = call("POST", "/api/v1/keys", TestServer.KEY, c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.body().at("/error/message").asString()).as(c[0]).contains(c[1]);
        }
        assertThat(call("GET", "/api/v1/keys?limit=0", TestServer.KEY, null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/keys/nope", TestServer.KEY, null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/keys", null, null).status()).isEqualTo(401);
    }

    @Test
    void theRawKeyNeverReachesTheDatabase() throws Exception {
        JsonNode created = create(TestServer.KEY, "{\"name\":\"canary\",\"budget_tokens\":100000}");
        String key = created.get("key").asString();
        assertThat(chat(key).status()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!call("GET", "/api/v1/keys/" + created.get("id").asString(), TestServer.KEY, null).body().hasNonNull("last_used_at")) {
            assertThat(System.nanoTime()).as("last_used_at is written in the background").isLessThan(deadline);
            Thread.sleep(200);
        }
        List<String> found = new ArrayList<>();
        int prefixHits = 0;
        try (Connection c = server.context.getBean(DataSource.class).getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            }
            assertThat(tables).isNotEmpty();
            for (String t : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\"")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            String v = rs.getString(i);
                            if (v == null) continue;
                            if (v.contains(key)) found.add(t + "." + rs.getMetaData().getColumnName(i));
                            if (v.equals(created.get("prefix").asString())) prefixHits++;
                        }
                    }
                }
            }
        }
        // the prefix is in the key row and in the request log (it is what logs show instead of the key)
        assertThat(prefixHits).as("the scan sees the key's row").isGreaterThanOrEqualTo(1);
        assertThat(found).isEmpty();
    }
}
