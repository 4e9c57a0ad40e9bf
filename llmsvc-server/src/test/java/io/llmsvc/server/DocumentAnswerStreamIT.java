package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/documents/answer} with {@code "stream": true}: server-sent events over real HTTP, a grounded
 * answer of the tiny model arriving piece by piece, an extractive one as a single piece, the complete answer last.
 */
class DocumentAnswerStreamIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DOC = "# Widgets\n\nThe Zorblax protocol needs seventeen blue widgets.\n";
    static final String QUESTION = "{\"question\":\"How many blue widgets does Zorblax need?\",\"top_k\":1,\"stream\":true%s}";
    static TestServer server;
    static Users.Account owner;

    @BeforeAll
    static void start() throws Exception {
        // room for the grounding prompt (the tiny model's tokenizer spends about a token per character)
        server = TestServer.start("--llmsvc.worker.models.tiny.context-size=1024");
        owner = new Users(server).create("stream-owner", List.of("user"));
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

    /** A key of the owner limited to another model than the agents' one. */
    static String otherModelKey() throws Exception {
        HttpResponse<String> made = call("POST", "/api/v1/keys", owner.key(), "{\"name\":\"limited\",\"allowed_models\":[\"other-model\"]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        return JSON.readTree(made.body()).path("key").asString();
    }

    /** The events of a streamed answer, in order, read from the open connection as they arrive. */
    static List<JsonNode> events(String key, String body) throws Exception {
        HttpResponse<InputStream> res = TestServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/documents/answer"))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) out.add(JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asString()).toList();
    }

    static String deltas(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        for (JsonNode e : events) if (e.path("type").asString().equals("delta")) text.append(e.path("text").asString());
        return text.toString();
    }

    @Test
    void aGroundedAnswerStreamsInSeveralPiecesThenTheWholeAnswer() throws Exception {
        List<JsonNode> events = events(owner.key(), QUESTION.formatted(""));
        List<String> types = types(events);
        assertThat(types.getFirst()).as(types.toString()).isEqualTo("start");
        assertThat(types.getLast()).as(events.toString()).isEqualTo("done");
        assertThat(types.subList(1, types.size() - 1)).as(types.toString()).hasSizeGreaterThan(1).containsOnly("delta");
        JsonNode start = events.getFirst();
        assertThat(start.path("method").asString()).isEqualTo("llm");
        assertThat(start.path("citations").size()).isEqualTo(1);
        JsonNode done = events.getLast();
        assertThat(done.path("method").asString()).as(done.toString()).isEqualTo("llm");
        assertThat(done.path("model").asString()).isEqualTo("tiny");
        assertThat(done.path("usage").path("total_tokens").asInt()).isPositive();
        assertThat(done.path("citations").size()).isEqualTo(1);
        assertThat(done.path("citations").get(0).path("text").asString()).contains("seventeen blue widgets");
        assertThat(deltas(events)).isEqualTo(done.path("answer").asString()).isNotEmpty();
    }

    @Test
    void anExtractiveAnswerArrivesAsOnePiece() throws Exception {
        String limited = otherModelKey();
        List<JsonNode> events = events(limited, QUESTION.formatted(""));
        assertThat(types(events)).containsExactly("start", "delta", "done");
        JsonNode done = events.getLast();
        assertThat(done.path("method").asString()).isEqualTo("extractive");
        assertThat(done.path("reason").asString()).isEqualTo("model_not_allowed");
        assertThat(done.has("usage")).isFalse();
        assertThat(events.get(1).path("text").asString()).isEqualTo(done.path("answer").asString()).contains("seventeen blue widgets");
    }

    @Test
    void aRefusedRequestIsAnErrorBeforeAnyEvent() throws Exception {
        String limited = otherModelKey();
        HttpResponse<String> asked = call("POST", "/api/documents/answer", limited, QUESTION.formatted(",\"model\":\"tiny\""));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(403);
        assertThat(asked.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        HttpResponse<String> bad = call("POST", "/api/documents/answer", owner.key(),
                "{\"question\":\"x\",\"stream\":\"yes\"}");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    }
}
