package io.llmsvc.worker.engine.upstream;

import static io.llmsvc.worker.engine.upstream.FakeUpstream.content;
import static io.llmsvc.worker.engine.upstream.FakeUpstream.error;
import static io.llmsvc.worker.engine.upstream.FakeUpstream.finish;
import static io.llmsvc.worker.engine.upstream.FakeUpstream.sse;
import static io.llmsvc.worker.engine.upstream.UpstreamEngineTest.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 002's key selection, asserted on the Authorization header the upstream received; and keys never leak. */
class UpstreamKeyModeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String CANARY = "sk-CANARY-7f3a9c";
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

    private UpstreamEngine engine(String keyMode, String operatorKey) {
        UpstreamEngine e = new UpstreamEngine(up.settings(keyMode, operatorKey, 0, TIMEOUT), "fake-model");
        engines.add(e);
        return e;
    }

    private static GenerationRequest chat(String providerKey) {
        return new GenerationRequest("r1", "fake-model", List.of(ChatMessage.of("user", "hi")), null,
                null, null, null, null, null, null, null, null, Secret.of(providerKey));
    }

    private void answerOk(int times) {
        for (int i = 0; i < times; i++) up.then(sse(content("ok"), finish("stop"), "[DONE]"));
    }

    private List<String> chatAuthorizations() {
        return up.seen("/v1/chat/completions").stream().map(FakeUpstream.Seen::authorization).toList();
    }

    private List<String> probes() {
        return up.seen("/v1/models").stream().map(FakeUpstream.Seen::authorization).toList();
    }

    @Test
    void defaultModeAlwaysSendsTheOperatorKey() {
        answerOk(2);
        UpstreamEngine engine = engine("default", "op-key");

        drain(engine.generate(chat("user-key")));
        drain(engine.generate(chat(null)));

        assertThat(chatAuthorizations()).containsExactly("Bearer op-key", "Bearer op-key");
        assertThat(probes()).isEmpty();
    }

    @Test
    void defaultModeWithoutAnOperatorKeySendsNoAuthorization() {
        answerOk(1);

        drain(engine("default", null).generate(chat("user-key")));

        assertThat(chatAuthorizations()).containsExactly((String) null);
    }

    @Test
    void userModeSendsTheCallersKey() {
        answerOk(1);

        drain(engine("user", "op-key").generate(chat("user-key")));

        assertThat(chatAuthorizations()).containsExactly("Bearer user-key");
    }

    @Test
    void userModeWithoutACallerKeyIsUnauthorizedBeforeAnyRequest() {
        UpstreamEngine engine = engine("user", "op-key");

        assertThatThrownBy(() -> engine.generate(chat(null)))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).isEqualTo("this model needs your provider key: send it in the X-Provider-Key header");
                });
        assertThatThrownBy(() -> engine.embed(new EmbeddingRequest("fake-model", List.of("x"), null)))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThat(up.seen).isEmpty();
    }

    @Test
    void freeModeUsesAValidCallerKeyAndCachesTheVerdict() {
        up.validKeys = Set.of("user-good", "op-key");
        answerOk(2);
        UpstreamEngine engine = engine("free", "op-key");

        drain(engine.generate(chat("user-good")));
        drain(engine.generate(chat("user-good")));

        assertThat(chatAuthorizations()).containsExactly("Bearer user-good", "Bearer user-good");
        assertThat(probes()).containsExactly("Bearer user-good");
    }

    @Test
    void freeModeFallsBackToTheOperatorKeyForAnInvalidCallerKey() {
        up.validKeys = Set.of("op-key");
        answerOk(2);
        UpstreamEngine engine = engine("free", "op-key");

        drain(engine.generate(chat("user-bad")));
        drain(engine.generate(chat("user-bad")));

        assertThat(chatAuthorizations()).containsExactly("Bearer op-key", "Bearer op-key");
        assertThat(probes()).containsExactly("Bearer user-bad");
    }

    @Test
    void freeModeWithoutACallerKeyUsesTheOperatorKey() {
        answerOk(1);

        drain(engine("free", "op-key").generate(chat(null)));

        assertThat(chatAuthorizations()).containsExactly("Bearer op-key");
        assertThat(probes()).isEmpty();
    }

    @Test
    void rejectedKeysAreNeverEchoed() {
        // The upstream echoes the key in its 401 message, as OpenAI does.
        up.then(error(401, "invalid_api_key", "Incorrect API key provided: " + CANARY));

        Throwable t = catchThrowable(() -> engine("user", "op-key").generate(chat(CANARY)));

        assertThat(t).isInstanceOfSatisfying(LlmsvcException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
            assertThat(e.getMessage()).isEqualTo("upstream rejected the provider key");
        });
        assertNoCanary(t);
    }

    @Test
    void upstreamMessagesThatQuoteAKeyAreScrubbed() {
        up.then(error(400, "invalid_request_error", "bad request from " + CANARY));
        up.then(error(400, "invalid_request_error", "operator key op-" + CANARY + " is odd"));
        up.then(sse(content("a"), "{\"error\":{\"message\":\"key " + CANARY + " exhausted\"}}"));

        Throwable byUserKey = catchThrowable(() -> engine("user", null).generate(chat(CANARY)));
        Throwable byOperatorKey = catchThrowable(() -> engine("default", "op-" + CANARY).generate(chat(null)));
        List<GenerationEvent> events = drain(engine("user", null).generate(chat(CANARY)));

        assertThat(byUserKey).hasMessage("bad request from ****");
        assertThat(byOperatorKey).hasMessage("operator key **** is odd");
        assertNoCanary(byUserKey);
        assertNoCanary(byOperatorKey);
        assertThat(events.getLast()).isInstanceOfSatisfying(GenerationEvent.Failed.class,
                f -> assertThat(f.message()).isEqualTo("upstream 'fake' failed: key **** exhausted"));
    }

    @Test
    void noToStringOrCacheHoldsAKey() throws Exception {
        up.validKeys = Set.of(CANARY);
        answerOk(1);
        UpstreamConnection connection = new UpstreamConnection(up.settings("free", CANARY, 0, TIMEOUT));
        UpstreamEngine engine = new UpstreamEngine(connection, "fake-model");
        engines.add(engine);
        connection.close();
        GenerationRequest request = chat(CANARY);

        try (TokenStream stream = engine.generate(request)) {
            assertThat(String.join(" ", engine.toString(), connection.toString(), connection.keys().toString(),
                    stream.toString(), request.toString()))
                    .doesNotContain(CANARY);
        }
        assertThat(chatAuthorizations()).containsExactly("Bearer " + CANARY);
        Field verdicts = KeySelector.class.getDeclaredField("verdicts");
        verdicts.setAccessible(true);
        Map<?, ?> cache = (Map<?, ?>) verdicts.get(connection.keys());
        assertThat(cache).hasSize(1);
        assertThat(cache.keySet().iterator().next().toString()).doesNotContain(CANARY).hasSize(64);
        assertThat(cache.values().iterator().next().toString()).doesNotContain(CANARY);
    }

    private static void assertNoCanary(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(CANARY);
            assertThat(c.toString()).doesNotContain(CANARY);
        }
    }
}
