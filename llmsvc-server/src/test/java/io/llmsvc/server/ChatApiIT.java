package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Seed 002's chat API, system info and health over real HTTP. */
class ChatApiIT {
    static TestServer server;
    static final HttpClient http = TestServer.HTTP;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return server.send(method, path, body);
    }

    @Test
    void chatKeepsTheSessionServerSide() throws Exception {
        HttpResponse<String> first = send("POST", "/api/v1/chat", """
                {"session_id":"s-1","user_message":"안녕하세요, 반갑습니다","role":"You are helpful.",
                 "memory_context":["The user likes tea"],"model":"tiny","max_tokens":8,"temperature":0}""");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(first.body());
        assertThat(a.path("success").asBoolean()).isTrue();
        assertThat(a.path("session_id").asString()).isEqualTo("s-1");
        assertThat(a.path("total_tokens_used").asInt()).isPositive();
        assertThat(a.path("response_time").isNumber()).isTrue();
        assertThat(a.path("error_message").isNull()).isTrue();

        send("POST", "/api/v1/chat", "{\"session_id\":\"s-1\",\"user_message\":\"second\",\"model\":\"tiny\",\"max_tokens\":4}");
        JsonNode session = JSON.readTree(send("GET", "/api/v1/chat/sessions/s-1", null).body());
        assertThat(session.path("messages").size()).isEqualTo(4);
        assertThat(session.path("messages").get(0).path("content").asString()).isEqualTo("안녕하세요, 반갑습니다");
        assertThat(session.path("messages").get(1).path("role").asString()).isEqualTo("assistant");

        assertThat(send("DELETE", "/api/v1/chat/sessions/s-1", null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/chat/sessions/s-1", null).statusCode()).isEqualTo(404);
    }

    @Test
    void conversationHistoryAcceptsTheSeedFormat() throws Exception {
        HttpResponse<String> res = send("POST", "/api/v1/chat", """
                {"user_message":"and now?","conversation_history":["user:hi","assistant:hello"],"model":"tiny","max_tokens":4}""");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).path("session_id").asString()).isNotBlank();
    }

    @Test
    void failuresKeepTheSeedShape() throws Exception {
        HttpResponse<String> empty = send("POST", "/api/v1/chat", "{\"user_message\":\"   \"}");
        assertThat(empty.statusCode()).isEqualTo(400);
        JsonNode e = JSON.readTree(empty.body());
        assertThat(e.path("success").asBoolean()).isFalse();
        assertThat(e.path("error_message").asString()).contains("user_message");

        HttpResponse<String> bad = send("POST", "/api/v1/chat", "{\"user_message\":\"hi\",\"model\":\"nope\"}");
        assertThat(bad.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(bad.body()).path("success").asBoolean()).isFalse();

        HttpResponse<String> history = send("POST", "/api/v1/chat", "{\"user_message\":\"hi\",\"conversation_history\":[\"nocolon\"]}");
        assertThat(history.statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/chat", "{oops").statusCode()).isEqualTo(400);
    }

    @Test
    void unauthenticatedAndOversizedCallsAnswerInTheSeedShape() throws Exception {
        HttpResponse<String> anon = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/chat"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"user_message\":\"hi\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anon.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anon.body()).path("success").asBoolean(true)).isFalse();
        assertThat(JSON.readTree(anon.body()).path("error_code").asString()).isEqualTo("invalid_api_key");
        HttpResponse<String> big = send("POST", "/api/v1/chat", "{\"user_message\":\"" + "가".repeat(3_000_000) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(big.body()).path("error_message").asString()).contains("max-body-size");
    }

    @Test
    void systemInfoAndHealth() throws Exception {
        JsonNode info = JSON.readTree(send("GET", "/api/v1/system/info", null).body());
        assertThat(info.path("cpu").path("available_processors").asInt()).isPositive();
        assertThat(info.path("memory").path("heap_max_bytes").asLong()).isPositive();
        assertThat(info.path("targets").toString()).contains("gateway", "controller", "worker");
        assertThat(info.path("models").toString()).contains("tiny");

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode h = JSON.readTree(health.body());
        assertThat(h.path("status").asString()).isEqualTo("UP");
        assertThat(h.path("checks").path("cluster").path("details").path("workers").size()).isEqualTo(1);
    }
}
