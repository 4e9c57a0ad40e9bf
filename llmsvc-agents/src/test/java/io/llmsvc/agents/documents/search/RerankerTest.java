package io.llmsvc.agents.documents.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.agents.documents.Chunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RerankerTest {

    static Candidate candidate(String id, String title, String text, double bm25, double cosine, double fused) {
        return new Candidate(new Chunk(id + ":0", id, 0, text, title, id + ".md", null, null, 0, text.length(), 10),
                bm25, bm25 > 0 ? 1 : 0, cosine, Double.isNaN(cosine) ? 0 : 1, fused);
    }

    @Test
    void aPassageThatAnswersBeatsOnesThatOnlyShareWordsOrTopic() {
        String q = "How many days of annual leave do new employees get?";
        var answer = candidate("answer", "Leave policy", "New employees get 15 days of annual leave in their first year.", 4.0, 0.62, 0.030);
        var words = candidate("words", "Cafeteria", "New menu days: employees get a free dessert on annual events.", 6.0, 0.20, 0.031);
        var topic = candidate("topic", "Benefits", "Our benefits include health insurance and a pension plan.", 0, 0.45, 0.015);
        var ranked = new Reranker(Reranker.DEFAULT).rerank(q, List.of(words, topic, answer),
                Map.of("en:new", 40, "en:employe", 30, "en:dai", 20, "en:annual", 10, "en:leav", 5), 100);
        assertThat(ranked).extracting(s -> s.chunk().documentId()).containsExactly("answer", "words", "topic");
        assertThat(ranked.getFirst().relevance()).isGreaterThan(0.5);
        assertThat(ranked.getLast().relevance()).isLessThan(0.2);
        double[] f = ranked.getFirst().features();
        assertThat(f).hasSize(Reranker.FEATURES.size());
        assertThat(f[2]).as("coverage").isEqualTo(1.0);
        assertThat(f[4]).as("title").isGreaterThan(0); // "leave" is in the title
    }

    @Test
    void koreanTermsAreMatchedAsMorphemes() {
        String q = "연차 휴가는 며칠인가요?";
        var answer = candidate("ko", "휴가 규정", "연차 휴가는 입사 첫해에 15일이 주어집니다.", 3.0, Double.NaN, 0.03);
        var other = candidate("other", "식당", "구내식당은 오전 11시 30분에 엽니다.", 1.0, Double.NaN, 0.03);
        var ranked = new Reranker(Reranker.DEFAULT).rerank(q, List.of(other, answer), Map.of(), 0);
        assertThat(ranked.getFirst().chunk().documentId()).isEqualTo("ko");
        // query terms 연차, 휴가, 며칠: the pair 연차–휴가 is in the passage, 휴가–며칠 is not
        assertThat(ranked.getFirst().features()[3]).as("proximity").isEqualTo(0.5);
        assertThat(ranked.getLast().features()[2]).as("coverage").isZero();
    }

    @Test
    void questionWordsAreNotContentTerms() {
        assertThat(Reranker.queryTerms("What is the refund policy?")).containsExactly("en:refund", "en:polici");
        assertThat(Reranker.queryTerms("환불 규정은 무엇인가요?")).contains("ko:환불", "ko:규정").doesNotContain("ko:무엇");
    }
}
