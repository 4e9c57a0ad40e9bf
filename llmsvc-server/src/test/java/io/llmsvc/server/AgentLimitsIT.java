package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every path to a model goes through the caller's key limits: the document agent's answers (its route and the chat)
 * respect a key's model allow-list and budget like {@code /v1} does, and their usage is charged to the key.
 */
class AgentLimitsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DOC = "# Widgets\n\nThe Zorblax protocol needs seventeen blue widgets.\n";
    static final String QUESTION = "{\"question\":\"How many blue widgets does Zorblax need?\",\"top_k\":1%s}";
    static TestServer server;
    static Users.Account owner;

    @BeforeAll
    static void start() throws Exception {
        // room for the grounding prompt (the tiny model's tokenizer spends about a token per character)
        server = TestServer.start("--llmsvc.worker.models.tiny.context-size=1024");
        owner = new Users(server).create("limits-owner", List.of("user"));
        server.uploadReady(owner.key(), "widgets.md", DOC);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        return TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A key of the owner with these limits (JSON fields), made with the owner's unrestricted key. */
    static String key(String limits) throws Exception {
        HttpResponse<String> made = call("POST", "/api/v1/keys", owner.key(), "{\"name\":\"limited\"," + limits + "}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return JSON.readTree(made.body()).path("key").asString();
    }

    @Test
    void anUnlimitedKeyGetsAModelAnswerWithItsUsage() throws Exception {
        HttpResponse<String> r = call("POST", "/api/documents/answer", owner.key(), QUESTION.formatted(""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("method").asString()).as(r.body()).isEqualTo("llm");
        assertThat(a.path("usage").path("total_tokens").asInt()).isPositive();
    }

    @Test
    void aKeyLimitedToAnotherModelNeverReachesTheAgentsModel() throws Exception {
        String limited = key("\"allowed_models\":[\"other-model\"]");
        HttpResponse<String> asked = call("POST", "/api/documents/answer", limited, QUESTION.formatted(",\"model\":\"tiny\""));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(403);
        assertThat(JSON.readTree(asked.body()).path("error").path("message").asString()).contains("may not use model 'tiny'");
        // the agents' default model is not for this key either: the passages are quoted, and the answer says why
        JsonNode a = JSON.readTree(call("POST", "/api/documents/answer", limited, QUESTION.formatted("")).body());
        assertThat(a.path("method").asString()).isEqualTo("extractive");
        assertThat(a.path("reason").asString()).isEqualTo("model_not_allowed");
        assertThat(a.has("usage")).isFalse();
        JsonNode chat = JSON.readTree(call("POST", "/api/v1/chat", limited,
                "{\"user_message\":\"How many blue widgets does Zorblax need?\",\"agent\":\"documents\"}").body());
        assertThat(chat.path("service_used").asString()).as(chat.toString()).isEqualTo("documents");
        assertThat(chat.path("method").asString()).isEqualTo("extractive");
        assertThat(chat.path("reason").asString()).isEqualTo("model_not_allowed");
    }

    @Test
    void aSpentBudgetStopsAgentAnswersToo() throws Exception {
        String budget = key("\"budget_tokens\":5,\"budget_period\":\"day\"");
        HttpResponse<String> first = call("POST", "/api/documents/answer", budget, QUESTION.formatted(""));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("usage").path("total_tokens").asInt()).isGreaterThan(5);
        // the first answer's tokens were charged: the budget is spent on every path
        HttpResponse<String> again = call("POST", "/api/documents/answer", budget, QUESTION.formatted(""));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(429);
        assertThat(JSON.readTree(again.body()).path("error").path("code").asString()).isEqualTo("insufficient_quota");
        HttpResponse<String> chat = call("POST", "/api/v1/chat", budget,
                "{\"user_message\":\"How many blue widgets does Zorblax need?\",\"agent\":\"documents\"}");
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(429);
        HttpResponse<String> v1 = call("POST", "/v1/chat/completions", budget,
                "{\"model\":\"tiny\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(v1.statusCode()).as(v1.body()).isEqualTo(429);
    }
}
