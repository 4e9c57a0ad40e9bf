package io.llmsvc.agents.router.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.ResponseFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LlmIntentVoteTest {
    static final IntentCatalog CATALOG = IntentCatalog.builtin();
    final LlmIntentVote vote = new LlmIntentVote(CATALOG);

    @Test
    void theRequestListsTheIntentsAndConstrainsTheAnswerBySchema() {
        List<ChatMessage> messages = vote.messages("연차 규정 찾아줘");
        assertThat(messages).extracting(ChatMessage::role).containsExactly("system", "user");
        assertThat(messages.get(1).content()).isEqualTo("연차 규정 찾아줘");
        for (var i : CATALOG.intents()) assertThat(messages.getFirst().content()).contains(i.name() + ": " + i.description());

        ResponseFormat f = vote.format();
        assertThat(f.type()).isEqualTo(ResponseFormat.JSON_SCHEMA);
        JsonNode s = f.schema();
        assertThat(s.get("type").asString()).isEqualTo("object");
        assertThat(s.get("additionalProperties").asBoolean()).isFalse();
        assertThat(s.get("required").toString()).isEqualTo("[\"intent\",\"confidence\"]");
        assertThat(s.get("properties").get("intent").get("enum").toString())
                .isEqualTo("[\"document_search\",\"employee_analysis\",\"client_info\",\"general\"]");
        assertThat(s.get("properties").get("confidence").get("type").asString()).isEqualTo("number");
    }

    @Test
    void onlyAnExactAnswerCountsAsAVote() {
        assertThat(vote.parse("{\"intent\": \"client_info\", \"confidence\": 0.83}")).contains(new LlmIntentVote.Vote("client_info", 0.83));
        assertThat(vote.parse(" {\"confidence\":1,\"intent\":\"general\"}\n")).contains(new LlmIntentVote.Vote("general", 1.0));
        assertThat(vote.parse("{\"intent\": \"general\", \"confidence\": 85}")).contains(new LlmIntentVote.Vote("general", 0.85));
        for (String garbage : List.of("", "   ", "general", "{\"intent\": \"general\"", "{\"intent\": \"weather\", \"confidence\": 0.9}",
                "{\"intent\": \"general\", \"confidence\": \"high\"}", "{\"intent\": \"general\", \"confidence\": -0.2}",
                "{\"intent\": \"general\", \"confidence\": 1000}", "{\"intent\": \"general\", \"confidence\": 0.5, \"why\": \"x\"}",
                "{\"intent\": 3, \"confidence\": 0.5}", "[\"general\", 0.5]", "{\"intent\": \"general\", \"confidence\": 1e999}",
                "{\"intent\": \"general\", \"confidence\": 0.5} trailing")) {
            assertThat(vote.parse(garbage)).as(garbage).isEmpty();
        }
        assertThat(vote.parse(null)).isEmpty();
    }

    @Test
    void blendFollowsTheDocumentedRule() {
        double[] classifier = {0.7, 0.1, 0.1, 0.1};
        // a sure LLM for intent 2 at weight 0.5: 0.5 * classifier + 0.5 * one-hot
        assertThat(ScoreBlend.combine(classifier, 2, 1.0, 0.5)).containsExactly(new double[] {0.35, 0.05, 0.55, 0.05}, within(1e-12));
        // confidence 0.7 spreads 0.3 over the other three intents
        assertThat(ScoreBlend.combine(classifier, 2, 0.7, 0.5)).containsExactly(new double[] {0.4, 0.1, 0.4, 0.1}, within(1e-12));
        // a confidence under 1/K counts as 1/K (uniform): the vote then changes nothing but dilutes towards uniform
        assertThat(ScoreBlend.combine(classifier, 1, 0.0, 0.5)).containsExactly(new double[] {0.475, 0.175, 0.175, 0.175}, within(1e-12));
        // weight 0: the classifier alone; weight 1: the vote alone
        assertThat(ScoreBlend.combine(classifier, 3, 0.9, 0.0)).containsExactly(classifier, within(1e-12));
        assertThat(ScoreBlend.combine(classifier, 3, 0.9, 1.0)).containsExactly(new double[] {1 / 30.0, 1 / 30.0, 1 / 30.0, 0.9}, within(1e-12));
        // a sure classifier outvotes an unsure LLM
        double[] p = ScoreBlend.combine(new double[] {0.97, 0.01, 0.01, 0.01}, 1, 0.6, 0.5);
        assertThat(p[0]).isGreaterThan(p[1]);
        assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
        assertThatThrownBy(() -> ScoreBlend.combine(classifier, 4, 0.9, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
