package io.llmsvc.worker.engine.upstream;

import static io.llmsvc.worker.engine.upstream.FakeUpstream.content;
import static io.llmsvc.worker.engine.upstream.FakeUpstream.error;
import static io.llmsvc.worker.engine.upstream.FakeUpstream.finish;
import static io.llmsvc.worker.engine.upstream.FakeUpstream.role;
import static io.llmsvc.worker.engine.upstream.FakeUpstream.sse;
import static io.llmsvc.worker.engine.upstream.FakeUpstream.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.ResponseFormat;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class UpstreamEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Longer than any await below, so that the idle timeout cannot be what ends an exchange in those tests. */
    private static final Duration LONG = Duration.ofSeconds(120);
    private FakeUpstream up;
    private final List<UpstreamEngine> engines = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        up = new FakeUpstream();
    }

    @AfterEach
    void stop() {
        engines.forEach(UpstreamEngine::close);
        up.close();
    }

    private UpstreamEngine engine(int retries, Duration timeout) {
        UpstreamEngine e = new UpstreamEngine(up.settings("default", "op-key", retries, timeout), "fake-model");
        engines.add(e);
        return e;
    }

    static GenerationRequest chat(String text) {
        return new GenerationRequest("r1", "fake-model", List.of(ChatMessage.of("user", text)), null,
                null, null, null, null, null, null, null, null, null);
    }

    static List<GenerationEvent> drain(TokenStream s) {
        List<GenerationEvent> events = new ArrayList<>();
        s.forEachRemaining(events::add);
        return events;
    }

    static String text(List<GenerationEvent> events) {
        return events.stream().filter(e -> e instanceof GenerationEvent.Delta)
                .map(e -> ((GenerationEvent.Delta) e).text()).collect(Collectors.joining());
    }

    static JsonNode json(String s) {
        return UpstreamErrors.JSON.readTree(s);
    }

    @Test
    void streamsTextAndEndsWithTheUpstreamsUsage() {
        up.then(sse(role(), content("Hel"), content("lo"), content(" world"), finish("stop"), usage(12, 3), "[DONE]"));

        List<GenerationEvent> events = drain(engine(0, TIMEOUT).generate(chat("hi")));

        assertThat(text(events)).isEqualTo("Hello world");
        assertThat(events).hasSize(4); // no event for the role chunk, the finish chunk or the usage chunk
        assertThat(events.getLast()).isEqualTo(new GenerationEvent.Done(FinishReason.STOP, new Usage(12, 3)));
    }

    @Test
    void passesToolCallDeltasThroughRaw() {
        String first = "[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]";
        String second = "[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Seoul\\\"}\"}}]";
        up.then(sse(FakeUpstream.chunkWith("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":" + first + "}", null),
                FakeUpstream.chunkWith("{\"tool_calls\":" + second + "}", null),
                finish("tool_calls"), usage(20, 9), "[DONE]"));

        List<GenerationEvent> events = drain(engine(0, TIMEOUT).generate(chat("weather?")));

        assertThat(events).containsExactly(
                new GenerationEvent.Delta("", json(first)),
                new GenerationEvent.Delta("", json(second)),
                new GenerationEvent.Done(FinishReason.TOOL_CALLS, new Usage(20, 9)));
    }

    @Test
    void sendsEveryChatFieldTheUpstreamNeeds() {
        up.then(sse(content("ok"), finish("stop"), "[DONE]"));
        JsonNode toolCalls = json("[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]");
        JsonNode tools = json("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]");
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}");
        GenerationRequest req = new GenerationRequest("r2", "fake-model", List.of(
                new ChatMessage("system", "be brief", null, null, null),
                new ChatMessage("user", "call f", "alice", null, null),
                new ChatMessage("assistant", null, null, toolCalls, null),
                new ChatMessage("tool", "{\"r\":1}", null, null, "call_1")),
                null, 64, 0.5f, 0.9f, 42, List.of("END"), new ResponseFormat(ResponseFormat.JSON_SCHEMA, "answer", schema, true),
                tools, json("\"auto\""), null);

        drain(engine(0, TIMEOUT).generate(req));

        assertThat(up.seen).hasSize(1);
        FakeUpstream.Seen seen = up.seen.getFirst();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(json(seen.body())).isEqualTo(json("""
                {"model":"fake-model",
                 "messages":[{"role":"system","content":"be brief"},
                             {"role":"user","content":"call f","name":"alice"},
                             {"role":"assistant","content":null,"tool_calls":%s},
                             {"role":"tool","content":"{\\"r\\":1}","tool_call_id":"call_1"}],
                 "stream":true,"stream_options":{"include_usage":true},
                 "max_tokens":64,"temperature":0.5,"top_p":0.9,"seed":42,"stop":["END"],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":%s,"strict":true}},
                 "tools":%s,"tool_choice":"auto"}""".formatted(toolCalls, schema, tools)));
    }

    @Test
    void rawPromptsGoToCompletions() {
        up.then(sse("{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"abc\",\"finish_reason\":null}]}",
                "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"length\"}]}",
                "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1}}",
                "[DONE]"));
        GenerationRequest req = new GenerationRequest("r3", "fake-model", null, "Once upon", 1, null, null, null, null,
                new ResponseFormat(ResponseFormat.JSON_OBJECT, null, null, null), null, null, null);

        List<GenerationEvent> events = drain(engine(0, TIMEOUT).generate(req));

        assertThat(events).containsExactly(GenerationEvent.Delta.text("abc"),
                new GenerationEvent.Done(FinishReason.LENGTH, new Usage(2, 1)));
        FakeUpstream.Seen seen = up.seen.getFirst();
        assertThat(seen.path()).isEqualTo("/v1/completions");
        JsonNode body = json(seen.body());
        assertThat(body.path("prompt").stringValue()).isEqualTo("Once upon");
        assertThat(body.path("response_format")).isEqualTo(json("{\"type\":\"json_object\"}"));
        assertThat(body.has("messages")).isFalse();
    }

    @Test
    void estimatesUsageWhenTheUpstreamSendsNone() {
        up.then(sse(content("abcdefgh"), finish("stop"), "[DONE]"));

        GenerationEvent last = drain(engine(0, TIMEOUT).generate(chat("hi"))).getLast();

        // 8 bytes / 4; prompt: 3 priming + 4 per message + "user" (1) + "hi" (1)
        assertThat(last).isEqualTo(new GenerationEvent.Done(FinishReason.STOP, new Usage(9, 2)));
    }

    @Test
    void resendsWithoutStreamOptionsWhenTheUpstreamRefusesThem() {
        up.then(error(400, "invalid_request_error", "Unrecognized request argument supplied: stream_options"))
                .then(sse(content("fine"), finish("stop"), "[DONE]"));

        List<GenerationEvent> events = drain(engine(0, TIMEOUT).generate(chat("hi")));

        assertThat(text(events)).isEqualTo("fine");
        assertThat(up.seen).hasSize(2);
        assertThat(json(up.seen.get(1).body()).has("stream_options")).isFalse();
    }

    @Test
    void retriesA503BeforeTheFirstToken() {
        up.then(error(503, "server_error", "overloaded"))
                .then(sse(role(), content("Hello"), finish("stop"), usage(1, 1), "[DONE]"));

        List<GenerationEvent> events = drain(engine(2, TIMEOUT).generate(chat("hi")));

        assertThat(text(events)).isEqualTo("Hello");
        assertThat(events.getLast()).isInstanceOf(GenerationEvent.Done.class);
        assertThat(up.seen("/v1/chat/completions")).hasSize(2);
    }

    @Test
    void retriesAStreamThatBreaksBeforeTheFirstToken() {
        up.then(sse(role())) // headers and a role chunk, then the body ends: no finish, no [DONE]
                .then(sse(role(), content("Hello"), finish("stop"), "[DONE]"));

        List<GenerationEvent> events = drain(engine(1, TIMEOUT).generate(chat("hi")));

        assertThat(events).containsExactly(GenerationEvent.Delta.text("Hello"),
                new GenerationEvent.Done(FinishReason.STOP, new Usage(9, 2)));
        assertThat(up.seen).hasSize(2);
    }

    @Test
    void failsWithoutRetryOnceADeltaReachedTheCaller() {
        up.then(sse(role(), content("Hel")))
                .then(sse(content("Hello"), finish("stop"), "[DONE]"));

        List<GenerationEvent> events = drain(engine(3, TIMEOUT).generate(chat("hi")));

        assertThat(events).containsExactly(GenerationEvent.Delta.text("Hel"),
                new GenerationEvent.Failed("service_unavailable", "upstream 'fake' ended the stream early"));
        assertThat(up.seen).hasSize(1);
    }

    @Test
    void timesOutWaitingForTheAnswerAfterRetrying() {
        CountDownLatch release = new CountDownLatch(1);
        FakeUpstream.Script silent = ex -> release.await(20, TimeUnit.SECONDS);
        up.then(silent).then(silent);
        try {
            assertThatThrownBy(() -> engine(1, Duration.ofMillis(800)).generate(chat("hi")))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("upstream 'fake' did not answer within 800ms");
                    });
            assertThat(up.seen).hasSize(2);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aStreamThatFallsSilentAfterATokenFailsWithTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        up.then(ex -> {
            OutputStream out = FakeUpstream.startSse(ex);
            FakeUpstream.event(out, content("Hel"));
            release.await(20, TimeUnit.SECONDS);
        });
        try {
            List<GenerationEvent> events = drain(engine(2, Duration.ofMillis(500)).generate(chat("hi")));

            assertThat(events).hasSize(2);
            assertThat(events.getLast()).isInstanceOfSatisfying(GenerationEvent.Failed.class,
                    f -> assertThat(f.code()).isEqualTo("timeout"));
            assertThat(up.seen).hasSize(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSlowCallerIsNoUpstreamTimeout() throws Exception {
        up.then(ex -> {
            OutputStream out = FakeUpstream.startSse(ex);
            FakeUpstream.event(out, content("a"));
            Thread.sleep(100); // "b" arrives while the caller is busy, after the reader last waited
            for (String d : List.of(content("b"), finish("stop"), "[DONE]")) FakeUpstream.event(out, d);
        });
        TokenStream stream = engine(0, Duration.ofMillis(500)).generate(chat("hi"));
        assertThat(stream.next()).isEqualTo(GenerationEvent.Delta.text("a"));

        Thread.sleep(1500); // the caller dawdles for longer than the upstream's timeout

        List<GenerationEvent> rest = drain(stream);
        assertThat(rest).first().isEqualTo(GenerationEvent.Delta.text("b"));
        assertThat(rest.getLast()).isInstanceOf(GenerationEvent.Done.class);
    }

    @Test
    void cancelAbortsTheHttpExchange() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        up.then(endlessStream(clientGone));
        TokenStream stream = engine(0, LONG).generate(chat("hi"));
        assertThat(stream.next()).isEqualTo(GenerationEvent.Delta.text("x"));

        stream.cancel();

        assertThat(clientGone.await(30, TimeUnit.SECONDS)).as("the upstream saw the connection closed").isTrue();
        assertThat(stream.hasNext()).isFalse();
    }

    @Test
    void closingTheEngineAbortsStreamsInFlight() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        up.then(endlessStream(clientGone));
        UpstreamEngine engine = engine(0, LONG);
        TokenStream stream = engine.generate(chat("hi"));
        assertThat(stream.next()).isInstanceOf(GenerationEvent.Delta.class);

        engine.close();

        assertThat(clientGone.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.hasNext()).isFalse();
        assertThatThrownBy(() -> engine.generate(chat("again")))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    /** Writes a token every 10 ms (at most 6000) until a write fails because the client went away. */
    private static FakeUpstream.Script endlessStream(CountDownLatch clientGone) {
        return ex -> {
            OutputStream out = FakeUpstream.startSse(ex);
            try {
                for (int i = 0; i < 6000; i++) {
                    FakeUpstream.event(out, content("x"));
                    Thread.sleep(10);
                }
            } catch (IOException e) {
                clientGone.countDown();
            }
        };
    }

    @ParameterizedTest
    @CsvSource({
            "400, invalid_request_error, max_tokens is too large, INVALID_REQUEST, max_tokens is too large, 1",
            "400, context_length_exceeded, This model's maximum context length is 8 tokens, CONTEXT_LENGTH_EXCEEDED, This model's maximum context length is 8 tokens, 1",
            "401, invalid_api_key, Incorrect API key, UPSTREAM_ERROR, upstream rejected the provider key, 1",
            "403, forbidden, Project lacks access, UPSTREAM_ERROR, upstream rejected the provider key, 1",
            "404, model_not_found, no such model, MODEL_NOT_FOUND, model 'fake-model' is not available at upstream 'fake', 1",
            "413, too_large, request too large, PAYLOAD_TOO_LARGE, the request is too large for upstream 'fake', 1",
            "429, rate_limit_exceeded, slow down, RATE_LIMITED, upstream 'fake' is rate limiting requests; try again later, 3",
            "429, insufficient_quota, You exceeded your current quota, INSUFFICIENT_QUOTA, upstream 'fake' reports the provider quota is used up, 1",
            "500, server_error, boom, UPSTREAM_ERROR, upstream 'fake' answered HTTP 500, 3"})
    void mapsUpstreamErrors(int status, String code, String message, ErrorCode expected, String expectedMessage, int attempts) {
        for (int i = 0; i < 3; i++) up.then(error(status, code, message));

        assertThatThrownBy(() -> engine(2, TIMEOUT).generate(chat("hi")))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(expected);
                    assertThat(e.getMessage()).isEqualTo(expectedMessage);
                });
        assertThat(up.seen).hasSize(attempts);
    }

    @Test
    void anErrorInsideTheStreamIsAFinalFailure() {
        up.then(sse(content("a"), "{\"error\":{\"message\":\"engine crashed\",\"type\":\"server_error\"}}"));

        List<GenerationEvent> events = drain(engine(2, TIMEOUT).generate(chat("hi")));

        assertThat(events).containsExactly(GenerationEvent.Delta.text("a"),
                new GenerationEvent.Failed("upstream_error", "upstream 'fake' failed: engine crashed"));
    }

    @Test
    void discoversModelIdsExactlyAsTheUpstreamNamesThem() {
        up.models = List.of("llama3:latest", "Qwen/Qwen2.5-0.5B-Instruct");
        var settings = new io.llmsvc.worker.WorkerProperties.Upstream("fake", up.baseUrl(), "op-key", "default",
                List.of(), TIMEOUT, 0, 3);

        List<UpstreamEngine> found = UpstreamEngine.forUpstream(settings);
        engines.addAll(found);

        assertThat(found).extracting(e -> e.card().id()).containsExactly("llama3:latest", "Qwen/Qwen2.5-0.5B-Instruct");
        assertThat(found.getFirst().card()).isEqualTo(new ModelCard("llama3:latest", "upstream", 0,
                java.util.Set.of("chat", "completion", "embeddings", "tools", "json")));
        assertThat(found.getFirst().slots()).isEqualTo(3);
        assertThat(up.seen("/v1/models")).extracting(FakeUpstream.Seen::authorization).containsExactly("Bearer op-key");
    }

    @Test
    void embedsInInputOrder() {
        up.then(FakeUpstream.json(200, """
                {"object":"list","model":"fake-model","data":[
                  {"object":"embedding","index":1,"embedding":[0.5,-1.0]},
                  {"object":"embedding","index":0,"embedding":[0.25,2.0]}],
                 "usage":{"prompt_tokens":7,"total_tokens":7}}"""));

        var result = engine(0, TIMEOUT).embed(new EmbeddingRequest("fake-model", List.of("first", "second"), null));

        assertThat(result.vectors()).containsExactly(new float[] {0.25f, 2.0f}, new float[] {0.5f, -1.0f});
        assertThat(result.promptTokens()).isEqualTo(7);
        FakeUpstream.Seen seen = up.seen.getFirst();
        assertThat(seen.path()).isEqualTo("/v1/embeddings");
        assertThat(json(seen.body())).isEqualTo(json(
                "{\"model\":\"fake-model\",\"input\":[\"first\",\"second\"],\"encoding_format\":\"float\"}"));
    }

    @Test
    void tokenizeIsAnEstimateWithUnknownContext() {
        var result = engine(0, TIMEOUT).tokenize(new TokenizeRequest("fake-model", "abcdefghi", null));

        assertThat(result.tokens()).isEqualTo(3); // 9 UTF-8 bytes / 4, rounded up
        assertThat(result.contextLength()).isZero();
        assertThat(up.seen).isEmpty();
    }
}
