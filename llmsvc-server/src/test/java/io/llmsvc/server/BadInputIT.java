package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed, mistyped, out-of-range, oversized and unauthorised requests, and bodies that give a field twice: 4xx with
 * a clear OpenAI error, never 500.
 */
class BadInputIT {
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

    static HttpResponse<String> post(String path, String body) throws Exception {
        return server.send("POST", path, body);
    }

    static Stream<Arguments> badChatBodies() {
        return Stream.of(
                Arguments.of("{", 400, "malformed JSON"),
                Arguments.of("[]", 400, "JSON object"),
                Arguments.of("", 400, "empty"),
                Arguments.of("{\"model\":\"tiny\"}", 400, "messages"),
                Arguments.of("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 400, "'model' is required"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":\"hi\"}", 400, "messages"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", 400, "role"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\"}]}", 400, "content"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":\"ten\"}", 400, "max_tokens"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1.5}", 400, "max_tokens"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}", 400, "max_tokens"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":7}", 400, "temperature"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":0}", 400, "top_p"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}", 400, "stream"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", 400, "stop"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream_options\":{\"include_usage\":true}}", 400, "stream_options"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"frobnicate\":1}", 400, "unknown field 'frobnicate'"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":\"xml\"}}", 400, "response_format"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":true}", 400, "logprobs"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":\"" + "x".repeat(257) + "\"}", 400, "at most 256 characters"),
                // larger than the model's whole context (256 here): refused, not silently capped
                Arguments.of("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1000000}", 400, "context of 256 tokens"),
                Arguments.of("{\"model\":\"tiny\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"x\"},".repeat(2048) + "{\"role\":\"user\",\"content\":\"x\"}]}", 400, "at most 2048 messages"),
                // more messages than the context has tokens: refused before the template renders them
                Arguments.of("{\"model\":\"tiny\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"x\"},".repeat(299) + "{\"role\":\"user\",\"content\":\"x\"}]}", 400, "300 messages cannot fit"));
    }

    @ParameterizedTest
    @MethodSource("badChatBodies")
    void badChatBodiesAreClear4xx(String body, int status, String messagePart) throws Exception {
        HttpResponse<String> res = post("/v1/chat/completions", body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        JsonNode err = JSON.readTree(res.body()).path("error");
        assertThat(err.path("message").asString()).contains(messagePart);
        assertThat(err.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(res.body()).doesNotContain("Exception").doesNotContain("at io.llmsvc");
    }

    static Stream<Arguments> duplicateFields() {
        String msgs = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        return Stream.of(
                Arguments.of("/v1/chat/completions", "{\"model\":\"tiny\",\"model\":\"tiny-embed\"," + msgs + "}", "duplicate field 'model'"),
                Arguments.of("/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"hi\"}]}",
                        "duplicate field 'messages[0].role'"),
                Arguments.of("/v1/embeddings", "{\"model\":\"tiny-embed\",\"input\":\"a\",\"input\":\"b\"}", "duplicate field 'input'"),
                Arguments.of("/api/files", "{\"name\":\"a.txt\",\"name\":\"b.txt\",\"content_type\":\"text/plain\",\"size\":1}", "duplicate field 'name'"),
                Arguments.of("/api/v1/chat/sessions", "{\"title\":\"a\",\"title\":\"b\"}", "duplicate field 'title'"),
                Arguments.of("/api/router/route", "{\"message\":\"a\",\"message\":\"b\"}", "duplicate field 'message'"));
    }

    @ParameterizedTest
    @MethodSource("duplicateFields")
    void aFieldGivenTwiceIs400(String path, String body, String message) throws Exception {
        HttpResponse<String> res = post(path, body);
        assertThat(res.statusCode()).as(path + " " + res.body()).isEqualTo(400);
        JsonNode err = JSON.readTree(res.body()).path("error");
        assertThat(err.path("message").asString()).isEqualTo(message);
        assertThat(err.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(err.path("code").asString()).isEqualTo("invalid_request");
    }

    @Test
    void aFieldGivenTwiceIs400OnTheSeedChatRoute() throws Exception {
        HttpResponse<String> res = post("/api/v1/chat", "{\"user_message\":\"hi\",\"user_message\":\"again\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("success").asBoolean(true)).isFalse();
        assertThat(body.path("error_code").asString()).isEqualTo("invalid_request");
        assertThat(body.path("error_message").asString()).isEqualTo("duplicate field 'user_message'");
    }

    @Test
    void tenMegabyteBodyIs413() throws Exception {
        String big = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}]}";
        HttpResponse<String> res = post("/v1/chat/completions", big);
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(res.body()).path("error").path("code").asString()).isEqualTo("payload_too_large");
    }

    @Test
    void chunkedOversizedBodyIs413() throws Exception {
        byte[] chunk = "x".repeat(1024 * 1024).getBytes();
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestServer.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                        java.util.Collections.enumeration(java.util.Collections.nCopies(6, chunk).stream()
                                .map(java.io.ByteArrayInputStream::new).toList())))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isIn(400, 413);
        assertThat(res.body()).doesNotContain("Exception");
    }

    @Test
    void missingKeyIs401WithOpenAiBody() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(res.body()).path("error").path("code").asString()).isEqualTo("invalid_api_key");
    }

    @Test
    void wrongMethodUnknownRouteAndContentType() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestServer.KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/nothing-here"))
                .header("Authorization", "Bearer " + TestServer.KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> xml = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/embeddings"))
                .header("Authorization", "Bearer " + TestServer.KEY).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<a/>")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(xml.body()).contains("\"error\"");
        for (String path : List.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings")) {
            HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Authorization", "Bearer " + TestServer.KEY).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"prompt\":\"a\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(text.statusCode()).as(path + " " + text.body()).isEqualTo(415);
            assertThat(JSON.readTree(text.body()).path("error").path("code").asString()).isEqualTo("unsupported_media_type");
        }
    }

    @Test
    void badEmbeddingInputs() throws Exception {
        assertThat(post("/v1/embeddings", "{\"model\":\"tiny-embed\"}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/embeddings", "{\"model\":\"tiny-embed\",\"input\":[1,2,3]}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/embeddings", "{\"model\":\"tiny-embed\",\"input\":\"x\",\"encoding_format\":\"hex\"}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void internalEndpointsRefuseCallsWithoutTheClusterCredential() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/internal/controller/workers"))
                .header("Authorization", "Bearer " + TestServer.KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"worker_id\":\"evil\",\"address\":\"http://evil\",\"models\":[],\"slots\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(401);
    }
}
