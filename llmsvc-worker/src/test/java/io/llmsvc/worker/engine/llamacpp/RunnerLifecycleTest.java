package io.llmsvc.worker.engine.llamacpp;

import static io.llmsvc.worker.engine.llamacpp.Runs.prompt;
import static io.llmsvc.worker.engine.llamacpp.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.testkit.gguf.TinyModels;
import io.llmsvc.worker.WorkerProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One single-slot runner: cancellation, crash and restart, and load failures. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunnerLifecycleTest {
    @TempDir
    static Path dir;
    static LlamaCppEngine engine;

    @BeforeAll
    static void start() {
        // ~27M parameters: 4000 tokens take a minute here (and well over 15 s on a fast machine)
        Path model = TinyModels.builder().layers(8).embedding(512).feedForward(1536).heads(8).kvHeads(4)
                .contextLength(4096).write(dir, "one-slot");
        engine = new LlamaCppEngine("one-slot", model, Runs.settings(1, 4096), null);
    }

    @AfterAll
    static void stop() {
        if (engine != null) engine.close();
    }

    @Test
    void cancellingAStreamFreesTheSlot() {
        try (TokenStream long_ = engine.generate(prompt("go on forever", 4000))) {
            assertThat(long_.hasNext()).isTrue();
            assertThat(long_.next()).isInstanceOf(GenerationEvent.Delta.class);
            long_.cancel();
        }
        // with one slot the short request runs only once the long one gave its slot back; an abandoned generation
        // would hold it for all of its ~4000 tokens (a minute here), far beyond this generous bound
        Runs.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(engine, prompt("short", 3)));
        assertThat(r.done().usage().completionTokens()).isEqualTo(3);
        assertThat(r.done().finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void aKilledRunnerIsRestartedAndServesAgain() throws Exception {
        long pid = engine.runnerPid();
        ProcessHandle runner = ProcessHandle.of(pid).orElseThrow();
        TokenStream inFlight = engine.generate(prompt("a long answer", 4000));
        assertThat(inFlight.next()).isInstanceOf(GenerationEvent.Delta.class);
        runner.destroyForcibly(); // SIGKILL, as a native abort would end it
        runner.onExit().get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> { while (inFlight.hasNext()) inFlight.next(); })
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("stopped during the generation");
                });

        Runs.Result r = run(engine, prompt("are you back", 4));
        assertThat(r.done().usage().completionTokens()).isEqualTo(4);
        assertThat(engine.runnerPid()).isNotEqualTo(pid).isPositive();
        assertThat(engine.runnerState()).isEqualTo(RunnerProcess.State.READY);
    }

    @Test
    void embeddingsNeedAModelLoadedForThem() {
        assertThatThrownBy(() -> engine.embed(new EmbeddingRequest("one-slot", List.of("x"), null)))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("not loaded with embeddings");
                });
        assertThat(engine.card().capabilities()).doesNotContain("embeddings");
    }

    @Test
    void aCorruptModelFileIsAClearError() throws Exception {
        Path bad = Files.write(dir.resolve("broken.gguf"), new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, 1});
        assertThatThrownBy(() -> new LlamaCppEngine("broken", bad, Runs.settings(1, 256), null))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.getMessage())
                        .contains("model broken cannot be loaded").contains("broken.gguf"));
    }

    @Test
    void aModelLlamaCppCannotLoadFailsTheStartWithItsReason() throws Exception {
        // valid metadata but the tensor data is cut off: only llama.cpp notices
        byte[] whole = Files.readAllBytes(TinyModels.write(dir.resolve("cut"), "cut"));
        Path cut = Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(whole, whole.length / 2));
        WorkerProperties s = Runs.settings(1, 256);
        assertThatThrownBy(() -> new LlamaCppEngine("cut", cut, s, null))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("runner of model cut failed to start");
                });
    }
}
