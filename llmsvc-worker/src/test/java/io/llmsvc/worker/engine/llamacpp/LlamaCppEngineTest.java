package io.llmsvc.worker.engine.llamacpp;

import static io.llmsvc.worker.engine.llamacpp.Runs.chat;
import static io.llmsvc.worker.engine.llamacpp.Runs.prompt;
import static io.llmsvc.worker.engine.llamacpp.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.api.worker.ResponseFormat;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.testkit.gguf.TinyModels;
import io.llmsvc.worker.WorkerProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** One runner (2 slots, 512 tokens each, embeddings on) on a tiny random model, shared by all tests. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LlamaCppEngineTest {
    static final int CTX = 512;
    @TempDir
    static Path dir;
    static LlamaCppEngine engine;

    @BeforeAll
    static void start() {
        Path model = TinyModels.write(dir, "tiny");
        engine = new LlamaCppEngine("tiny", model, Runs.settings(2, 2048),
                new WorkerProperties.ModelOverride(null, CTX, null, true));
    }

    @AfterAll
    static void stop() {
        if (engine == null) return;
        long pid = engine.runnerPid();
        engine.close();
        assertThat(engine.runnerState()).isEqualTo(RunnerProcess.State.STOPPED);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("runner still alive").isFalse();
    }

    @Test
    void cardShowsPerSlotContextAndCapabilities() {
        ModelCard card = engine.card();
        assertThat(card.contextLength()).isEqualTo(CTX);
        assertThat(card.engine()).isEqualTo("llamacpp");
        assertThat(card.capabilities()).contains("chat", "completion", "json", "embeddings");
        assertThat(engine.slots()).isEqualTo(2);
    }

    @Test
    void greedyOutputIsDeterministic() {
        Runs.Result a = run(engine, chat("Tell me a story", 24, null, null));
        Runs.Result b = run(engine, chat("Tell me a story", 24, null, null));
        assertThat(a.text()).isNotEmpty().isEqualTo(b.text());
    }

    @Test
    void streamConcatenatesToTheTextAndEndsWithUsage() {
        Runs.Result r = run(engine, prompt("once upon a time", 16));
        assertThat(r.events()).hasSizeGreaterThan(2);
        assertThat(r.done().usage().promptTokens())
                .isEqualTo(engine.tokenize(new TokenizeRequest("tiny", "once upon a time", null)).tokens());
        assertThat(r.text()).isEqualTo(r.events().stream().filter(e -> e instanceof GenerationEvent.Delta)
                .map(e -> ((GenerationEvent.Delta) e).text()).reduce("", String::concat));
    }

    @Test
    void maxTokensEndsWithLengthAndExactCount() {
        Runs.Result r = run(engine, prompt("count with me", 7));
        assertThat(r.done().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(r.done().usage().completionTokens()).isEqualTo(7);
    }

    @Test
    void stopStringEndsTheOutputAndIsNotIncluded() {
        String free = run(engine, prompt("the quick brown fox", 30)).text();
        String stop = free.substring(8, 11);
        int at = free.indexOf(stop);
        Runs.Result r = run(engine, new GenerationRequest("r", "m", null, "the quick brown fox", 30, 0f, null, null,
                List.of(stop), null, null, null, null));
        assertThat(r.text()).isEqualTo(free.substring(0, at)).doesNotContain(stop);
        assertThat(r.done().finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void jsonObjectOutputIsJson() {
        Runs.Result r = run(engine, chat("give me json", 300, null, new ResponseFormat(ResponseFormat.JSON_OBJECT, null, null, null)));
        assertThat(r.text()).startsWith("{");
        if (r.done().finishReason() == FinishReason.STOP) {
            assertThat(InternalJson.MAPPER.readTree(r.text()).isObject()).isTrue();
        }
    }

    @Test
    void jsonSchemaOutputHasTheSchemasShape() {
        JsonNode schema = InternalJson.MAPPER.readTree("""
                {"type":"object","properties":{"ok":{"type":"boolean"},"n":{"type":"integer"}},
                 "required":["ok","n"],"additionalProperties":false}""");
        Runs.Result r = run(engine, chat("answer", 400, null, new ResponseFormat(ResponseFormat.JSON_SCHEMA, "s", schema, true)));
        assertThat(r.done().finishReason()).isEqualTo(FinishReason.STOP); // the grammar bounds the output
        JsonNode out = InternalJson.MAPPER.readTree(r.text());
        assertThat(out.propertyNames()).containsExactlyInAnyOrder("ok", "n");
        assertThat(out.get("ok").isBoolean()).isTrue();
        assertThat(out.get("n").isIntegralNumber()).isTrue();
    }

    @Test
    void unsupportedSchemaIs400AndTheRunnerSurvives() {
        long pid = engine.runnerPid();
        for (String bad : List.of("{\"type\":\"nonsense\"}", "{\"type\":\"string\",\"pattern\":\"^a$\"}")) {
            ResponseFormat f = new ResponseFormat(ResponseFormat.JSON_SCHEMA, "s", InternalJson.MAPPER.readTree(bad), null);
            assertThatThrownBy(() -> run(engine, chat("x", 10, null, f)))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
        assertThat(engine.runnerPid()).isEqualTo(pid);
        assertThat(run(engine, prompt("still alive", 3)).done().usage().completionTokens()).isEqualTo(3);
    }

    @Test
    void promptLongerThanTheContextIsRejectedNotTruncated() {
        String tooLong = "a".repeat(CTX + 10);
        assertThatThrownBy(() -> run(engine, prompt(tooLong, 5)))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_LENGTH_EXCEEDED);
                    assertThat(e.getMessage()).contains(String.valueOf(CTX + 11)).contains(String.valueOf(CTX));
                });
        // exactly one token of room (BOS + 510 byte tokens): one token comes back, the rest of max_tokens is cut
        Runs.Result r = run(engine, prompt("a".repeat(CTX - 2), 5));
        assertThat(r.done().usage().promptTokens()).isEqualTo(CTX - 1);
        assertThat(r.done().usage().completionTokens()).isEqualTo(1);
        assertThat(r.done().finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void parallelRequestsAllFinish() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Runs.Result>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String p = "request number " + i;
                all.add(pool.submit(() -> run(engine, prompt(p, 20))));
            }
            for (Future<Runs.Result> f : all) {
                assertThat(f.get(60, TimeUnit.SECONDS).done().usage().completionTokens()).isEqualTo(20);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void embeddingsAreNormalisedAndDiffer() {
        EmbeddingResult r = engine.embed(new EmbeddingRequest("tiny", List.of("hello world", "hello there friend"), null));
        assertThat(r.vectors()).hasSize(2);
        for (float[] v : r.vectors()) {
            assertThat(v).hasSize(64);
            double norm = 0;
            for (float x : v) norm += x * x;
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(r.vectors().get(0)).isNotEqualTo(r.vectors().get(1));
        assertThat(r.promptTokens()).isGreaterThan(2);
    }

    @Test
    void tokenizeCountsWithBosAndTemplate() {
        // "abc": three byte tokens (no merge applies) + the BOS this model adds
        assertThat(engine.tokenize(new TokenizeRequest("tiny", "abc", null)).tokens()).isEqualTo(4);
        var chatCount = engine.tokenize(new TokenizeRequest("tiny", null, List.of(ChatMessage.of("user", "abc"))));
        assertThat(chatCount.tokens()).isGreaterThan(4 + 2); // the template adds role markers around the text
        assertThat(chatCount.contextLength()).isEqualTo(CTX);
    }

    @Test
    void toolsAreRefused() {
        GenerationRequest withTools = new GenerationRequest("r", "m", List.of(ChatMessage.of("user", "x")), null, 5, 0f,
                null, null, null, null, InternalJson.MAPPER.readTree("[{\"type\":\"function\"}]"), null, null);
        assertThatThrownBy(() -> engine.generate(withTools)).isInstanceOfSatisfying(LlmsvcException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_PARAMETER);
            assertThat(e.getMessage()).isEqualTo("model tiny does not support tools");
        });
        GenerationRequest toolRole = chat("x", 5, null, null);
        GenerationRequest withToolMessage = new GenerationRequest("r", "m", List.of(ChatMessage.of("tool", "42")), null,
                5, 0f, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> engine.generate(withToolMessage)).isInstanceOfSatisfying(LlmsvcException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThat(run(engine, toolRole).done()).isNotNull();
    }

    @Test
    void runnerRejectsCallsWithoutItsToken() throws Exception {
        String base = engine.runner().client().baseUrl();
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/internal/worker/status"))
                .header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).contains("invalid_api_key");
    }
}
