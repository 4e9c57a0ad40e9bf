package io.llmsvc.agents.documents.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.search.SearchProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundedAnswersTest {
    final GroundedAnswers answers = new GroundedAnswers(null, SearchProperties.defaults());

    static Passage passage(String doc, String text, double relevance) {
        return new Passage(new Chunk(doc + ":0", doc, 0, text, "T " + doc, doc + ".pdf", 2, null, 0, text.length(), 10), relevance);
    }

    @Test
    void citationMarkersAreParsedInEveryCommonForm() {
        assertThat(GroundedAnswers.cited("A [1]. B [2][3]. C [1, 4]. D [9]. E [x] [0]", 4)).containsExactly(1, 2, 3, 4);
        assertThat(GroundedAnswers.cited("no citations", 3)).isEmpty();
    }

    @Test
    void extractiveQuotesTheCoveringSentencesInDocumentOrder() {
        var a = answers.answer("When is the office closed for holidays?", List.of(
                passage("a", "The cafeteria serves lunch at noon. The office is closed on public holidays and on December 24.", 0.8),
                passage("b", "Holidays requested in advance are approved by the manager.", 0.5),
                passage("c", "Parking is free.", 0.4)), null);
        assertThat(a.method()).isEqualTo("extractive");
        assertThat(a.found()).isTrue();
        assertThat(a.answer()).startsWith("The office is closed on public holidays and on December 24. [1]")
                .contains("approved by the manager. [2]").doesNotContain("cafeteria").doesNotContain("Parking");
        assertThat(a.citations()).extracting(c -> c.number() + ":" + c.documentId()).containsExactly("1:a", "2:b");
        assertThat(a.citations().getFirst().page()).isEqualTo(2);
        assertThat(a.citations().getFirst().source()).isEqualTo("a.pdf");
    }

    @Test
    void belowTheRelevanceFloorNothingIsFound() {
        var a = answers.answer("When is the office closed?", List.of(passage("a", "The office is closed on Sundays.", 0.1)), null);
        assertThat(a.found()).isFalse();
        assertThat(a.method()).isEqualTo("none");
        assertThat(a.citations()).isEmpty();
        assertThat(answers.answer("사무실은 언제 닫나요?", List.of(), null).answer()).isEqualTo(GroundedAnswers.NOT_FOUND_KO);
    }

    @Test
    void aMatchByMeaningAloneQuotesTheOpeningOfTheBestPassage() {
        var a = answers.answer("vacation entitlement", List.of(passage("a", "New hires get 15 days. Unused days carry over. Ask HR.", 0.7)), null);
        assertThat(a.answer()).isEqualTo("New hires get 15 days. [1] Unused days carry over. [1]");
        assertThat(a.citations()).hasSize(1);
    }
}
