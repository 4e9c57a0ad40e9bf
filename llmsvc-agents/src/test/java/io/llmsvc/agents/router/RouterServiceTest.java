package io.llmsvc.agents.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.llm.AgentModel;
import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.agents.router.llm.ScoreBlend;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.IntentAnalysis;
import io.llmsvc.api.agents.IntentInfo;
import io.llmsvc.api.agents.RouteDecision;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.ResponseFormat;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The router service on the built-in intents. The LLM side is exercised with fixed model answers (the real model path
 * through workers is covered by the server's integration tests).
 */
class RouterServiceTest {
    static IntentClassifier classifier;

    @BeforeAll
    static void train() {
        classifier = IntentClassifier.train(IntentCatalog.builtin(), new BuiltinEmbedder(), IntentClassifier.Settings.DEFAULT);
    }

    static RouterProperties props(double threshold, boolean useLlm, Duration timeout) {
        return new RouterProperties("", "extend", threshold, useLlm, 0.5, timeout, true, 200);
    }

    static RouterService service(RouterService.LlmClient llm, RouterProperties p) {
        return new RouterService(classifier.catalog(), CompletableFuture.completedFuture(classifier), llm, p);
    }

    /** A model that answers {@code answer} (or throws what the supplier throws). */
    static RouterService.LlmClient model(Supplier<AgentModel.Completion> answer, AtomicInteger calls) {
        return new RouterService.LlmClient() {
            public Optional<String> chatModel() { return Optional.of("tiny"); }

            public AgentModel.Completion complete(String model, List<ChatMessage> messages, int maxTokens, ResponseFormat format) {
                calls.incrementAndGet();
                assertThat(format.type()).isEqualTo(ResponseFormat.JSON_SCHEMA);
                return answer.get();
            }
        };
    }

    static AgentModel.Completion says(String text, FinishReason reason) {
        return new AgentModel.Completion("tiny", text, reason, null);
    }

    @Test
    void analyzesRoutesAndListsWithTheClassifierAlone() {
        RouterService router = service(null, RouterProperties.defaults());
        IntentAnalysis a = router.analyzeIntent("What does the employee handbook say about parental leave?");
        assertThat(a.intent()).isEqualTo("document_search");
        assertThat(a.method()).isEqualTo("classifier");
        assertThat(a.scores().keySet()).containsExactly("document_search", "employee_analysis", "client_info", "general");
        assertThat(a.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(a.confidence()).isEqualTo(a.scores().get("document_search"));

        RouteDecision d = router.routeMessage("지난 분기 에이크미 매출 얼마였어?");
        assertThat(d.intent()).isEqualTo("client_info");
        assertThat(d.target()).isEqualTo("clients");
        assertThat(router.routeMessage("부서별 평균 연봉 알려줘").target()).isEqualTo("employees");
        assertThat(router.routeMessage("Write a limerick about cats").target()).isEqualTo("general");

        assertThat(router.listIntents()).extracting(IntentInfo::name, IntentInfo::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple("document_search", "documents"),
                org.assertj.core.groups.Tuple.tuple("employee_analysis", "employees"),
                org.assertj.core.groups.Tuple.tuple("client_info", "clients"),
                org.assertj.core.groups.Tuple.tuple("general", "general"));
        assertThat(router.listIntents()).allMatch(i -> i.examples() >= 80);
    }

    @Test
    void belowTheThresholdTheIntentIsGeneralWithTheScoresUnchanged() {
        RouterService router = service(null, props(0.4, false, Duration.ofSeconds(1)));
        IntentAnalysis unsure = router.decide(new double[] {0.35, 0.3, 0.2, 0.15}, "classifier");
        assertThat(unsure.intent()).isEqualTo("general");
        assertThat(unsure.confidence()).isEqualTo(0.15);
        assertThat(unsure.scores().get("document_search")).isEqualTo(0.35);
        IntentAnalysis sure = router.decide(new double[] {0.1, 0.45, 0.3, 0.15}, "classifier");
        assertThat(sure.intent()).isEqualTo("employee_analysis");

        // through the service: with a threshold no message can reach, everything goes to general
        RouterService strict = service(null, props(0.9999999, false, Duration.ofSeconds(1)));
        IntentAnalysis a = strict.analyzeIntent("Find the travel policy document");
        assertThat(a.intent()).isEqualTo("general");
        assertThat(a.scores().get("document_search")).isGreaterThan(a.scores().get("general"));
    }

    @Test
    void messagesAreValidated() {
        RouterService router = service(null, props(0.4, false, Duration.ofSeconds(1)));
        for (String bad : new String[] {null, "", "   \n"}) {
            assertThatThrownBy(() -> router.analyzeIntent(bad)).isInstanceOfSatisfying(LlmsvcException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(e.param()).isEqualTo("message");
            });
        }
        assertThatThrownBy(() -> router.routeMessage("x".repeat(201)))
                .isInstanceOf(LlmsvcException.class).hasMessageContaining("longer than 200 characters");
        assertThat(router.analyzeIntent("x".repeat(200)).intent()).isNotNull();
    }

    @Test
    void aUsableLlmVoteIsBlendedIn() {
        AtomicInteger calls = new AtomicInteger();
        String message = "Which customers have unpaid invoices?";
        RouterService router = service(model(() -> says("{\"intent\": \"general\", \"confidence\": 0.9}", FinishReason.STOP), calls),
                props(0.4, true, Duration.ofSeconds(5)));
        IntentAnalysis a = router.analyzeIntent(message);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(a.method()).isEqualTo("classifier+llm");
        double[] alone = classifier.classify(message);
        double[] expected = ScoreBlend.combine(alone, 3, 0.9, 0.5);
        assertThat(a.scores().values().stream().mapToDouble(Double::doubleValue).toArray()).containsExactly(expected, within(1e-12));
    }

    @Test
    void anUnusableOrFailingLlmLeavesTheClassifierAlone() {
        String message = "What does the security policy say about USB drives?";
        IntentAnalysis alone = service(null, RouterProperties.defaults()).analyzeIntent(message);
        List<Supplier<AgentModel.Completion>> bad = List.of(
                () -> says("{\"intent\": \"general\", \"confidence\": 0.00000000000000000000000000000000000000", FinishReason.LENGTH),
                () -> says("{\"intent\": \"weather\", \"confidence\": 0.5}", FinishReason.STOP),
                () -> says("ꙮꙮꙮ", FinishReason.STOP),
                () -> { throw new LlmsvcException(ErrorCode.NO_WORKER, "no worker could serve model 'tiny'"); },
                () -> { throw new IllegalStateException("runner died"); });
        for (Supplier<AgentModel.Completion> answer : bad) {
            AtomicInteger calls = new AtomicInteger();
            IntentAnalysis a = service(model(answer, calls), props(0.4, true, Duration.ofSeconds(5))).analyzeIntent(message);
            assertThat(calls.get()).isEqualTo(1);
            assertThat(a).isEqualTo(alone);
        }
    }

    @Test
    void aSlowLlmIsNotAwaitedPastTheTimeout() {
        AtomicInteger calls = new AtomicInteger();
        RouterService router = service(model(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return says("{\"intent\": \"general\", \"confidence\": 1}", FinishReason.STOP);
        }, calls), props(0.4, true, Duration.ofMillis(200)));
        IntentAnalysis a = router.analyzeIntent("How many people joined in March?");
        assertThat(a.method()).isEqualTo("classifier");
        assertThat(a.intent()).isEqualTo("employee_analysis");
        router.close();
    }

    @Test
    void noModelOrLlmSwitchedOffMeansNoCall() {
        AtomicInteger calls = new AtomicInteger();
        RouterService.LlmClient none = new RouterService.LlmClient() {
            public Optional<String> chatModel() { return Optional.empty(); }

            public AgentModel.Completion complete(String model, List<ChatMessage> messages, int maxTokens, ResponseFormat format) {
                calls.incrementAndGet();
                throw new AssertionError("not loaded");
            }
        };
        assertThat(service(none, RouterProperties.defaults()).analyzeIntent("hello").method()).isEqualTo("classifier");
        RouterService.LlmClient loaded = model(() -> says("{\"intent\": \"general\", \"confidence\": 1}", FinishReason.STOP), calls);
        assertThat(service(loaded, props(0.4, false, Duration.ofSeconds(1))).analyzeIntent("hello").method()).isEqualTo("classifier");
        assertThat(calls.get()).isZero();
    }

    @Test
    void aClassifierThatFailedToTrainGivesAClearError() {
        RouterService router = new RouterService(IntentCatalog.builtin(), CompletableFuture.failedFuture(new IllegalStateException("boom")),
                (RouterService.LlmClient) null, RouterProperties.defaults());
        assertThat(router.listIntents()).hasSize(4);
        assertThatThrownBy(() -> router.analyzeIntent("hi")).isInstanceOfSatisfying(LlmsvcException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
