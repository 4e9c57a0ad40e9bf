package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.answer.GroundedAnswers;
import io.llmsvc.agents.documents.answer.Passage;
import io.llmsvc.agents.documents.search.SearchProperties;
import io.llmsvc.agents.llm.AgentModel;
import io.llmsvc.api.agents.AnswerResponse;
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
 * Why a documents answer is extractive, with a real model loaded: a tiny model with a 256-token context cannot take
 * the answer prompt (instructions, question and even a shortened passage, in its byte-level tokens), so the answer
 * quotes the passages and says the context was too small, not that there is no model.
 */
class AnswerReasonsIT {
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyModels.write(models, "tiny");
        context = new SpringApplication(LlmsvcApplication.class).run("--server.port=0", "--llmsvc.target=all",
                "--llmsvc.data-dir=" + dir.resolve("data"), "--llmsvc.models-dir=" + models,
                "--llmsvc.bootstrap-key=sk-answer-reasons-it-0123456789", "--llmsvc.worker.slots=1",
                "--llmsvc.worker.context-size=256");
    }

    @AfterAll
    static void stop() {
        if (context != null) context.close();
    }

    static Passage passage(String text) {
        return new Passage(new Chunk("d:0", "d", 0, text, "Handbook", "handbook.md", 1, null, 0, text.length(), 100), 0.9);
    }

    @Test
    void aPromptThatCannotFitIsLabelledContextTooSmall() {
        AgentModel model = context.getBean(AgentModel.class);
        assertThat(model.chatModel()).contains("tiny");
        String text = "The office is closed on public holidays and on December 24. ".repeat(14);
        AnswerResponse a = new GroundedAnswers(model, SearchProperties.defaults())
                .answer("When is the office closed for holidays?", List.of(passage(text)), null);
        assertThat(a.method()).isEqualTo("extractive");
        assertThat(a.reason()).isEqualTo(AnswerResponse.CONTEXT_TOO_SMALL);
        assertThat(a.answer()).contains("December 24");
    }

    @Test
    void withoutAModelTheReasonIsNoModel() {
        AnswerResponse a = new GroundedAnswers(null, SearchProperties.defaults())
                .answer("When is the office closed?", List.of(passage("The office is closed on Sundays.")), null);
        assertThat(a.method()).isEqualTo("extractive");
        assertThat(a.reason()).isEqualTo(AnswerResponse.NO_MODEL);
    }
}
