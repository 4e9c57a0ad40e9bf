package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmsvc.agents.llm.AgentModel;
import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.agents.router.llm.LlmIntentVote;
import io.llmsvc.api.agents.IntentAnalysis;
import io.llmsvc.api.agents.RouteDecision;
import io.llmsvc.api.agents.RouterApi;
import io.llmsvc.testkit.gguf.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The router bean of a whole system with a tiny random-weight chat model loaded: the LLM vote is really asked for
 * (the schema passes the worker's check and becomes a grammar), and whatever the gibberish model answers, the
 * analysis is well-formed; an unusable answer leaves the classifier's decision.
 */
class RouterWithTinyModelIT {
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() throws Exception {
        // the intent prompt (instructions + four descriptions) is ~1,300 tokens for the tiny model's byte-level
        // tokenizer: the model gets a 4k context (TestServer's models have 256-512 tokens; there the worker refuses
        // the prompt and the router falls back to the classifier, which RouterServiceTest covers)
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.builder().contextLength(4096).write(models, "tiny");
        context = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.target=all",
                "--llmsvc.data-dir=" + dir.resolve("data"), "--llmsvc.models-dir=" + models,
                "--llmsvc.bootstrap-key=sk-router-it-bootstrap-0123456789", "--llmsvc.worker.slots=1",
                "--llmsvc.worker.context-size=4096");
    }

    @AfterAll
    static void stop() {
        if (context != null) context.close();
    }

    @Test
    void theIntentSchemaIsAcceptedAndConstrainsTheTinyModel() {
        AgentModel model = context.getBean(AgentModel.class);
        assertThat(model.chatModel()).contains("tiny");
        LlmIntentVote vote = new LlmIntentVote(IntentCatalog.builtin());
        AgentModel.Completion c = model.complete("tiny", vote.messages("연차 규정 찾아줘"), LlmIntentVote.MAX_TOKENS, vote.format());
        assertThat(c.text()).startsWith("{");
        if (c.finishReason() == io.llmsvc.api.worker.FinishReason.STOP) {
            // the grammar only admits the schema: a complete answer names a known intent (its number may be anything)
            assertThat(c.text()).containsPattern("\\{\\s*\"intent\"\\s*:\\s*\"(document_search|employee_analysis|client_info|general)\"");
        }
    }

    @Test
    void analysesAreWellFormedWhateverTheModelAnswers() {
        RouterApi router = context.getBean(RouterApi.class);
        for (String message : List.of("What does the travel policy say about taxis?", "부서별 평균 연봉 알려줘",
                "Which clients have unpaid invoices?", "hello!")) {
            IntentAnalysis a = router.analyzeIntent(message);
            assertThat(a.method()).isIn("classifier", "classifier+llm");
            assertThat(IntentCatalog.builtin().names()).contains(a.intent());
            assertThat(a.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(a.confidence()).isBetween(0.0, 1.0);
            RouteDecision d = router.routeMessage(message);
            assertThat(d.target()).isIn("documents", "employees", "clients", "general");
        }
    }
}
