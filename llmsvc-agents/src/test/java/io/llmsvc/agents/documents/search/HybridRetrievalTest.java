package io.llmsvc.agents.documents.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.answer.GroundedAnswers;
import io.llmsvc.agents.documents.index.lucene.LuceneChunkIndex;
import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.SearchHit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four search modes and extractive answers over a real Lucene index with the built-in embedder. */
class HybridRetrievalTest {
    @TempDir static Path dir;
    static Embedder embedder;
    static LuceneChunkIndex index;
    static HybridRetrieval retrieval;
    static final Set<String> ALL = Set.of("leave", "refund", "wifi", "kr-leave", "kr-parking");

    @BeforeAll
    static void build() {
        embedder = new BuiltinEmbedder();
        index = new LuceneChunkIndex(dir, embedder);
        put("leave", "Leave policy", "New employees receive 15 days of annual leave in their first year. Unused days carry over until March.",
                "Sick leave requires a doctor's note after three consecutive days.");
        put("refund", "Refund policy", "Customers can request a refund within 30 days of purchase. Refunds are paid to the original card.");
        put("wifi", "Office network", "The guest Wi-Fi password changes every Monday. Ask the front desk for the current one.");
        put("kr-leave", "휴가 규정", "신입 사원은 입사 첫해에 연차 휴가 15일을 받습니다. 사용하지 않은 휴가는 3월까지 이월됩니다.");
        put("kr-parking", "주차 안내", "본사 지하 주차장은 오전 7시부터 오후 10시까지 운영합니다. 방문객은 안내 데스크에서 주차권을 받습니다.");
        retrieval = new HybridRetrieval(index, embedder, SearchProperties.defaults(), new Reranker(Reranker.DEFAULT),
                new GroundedAnswers(null, SearchProperties.defaults()));
    }

    @AfterAll
    static void close() { index.close(); }

    static void put(String doc, String title, String... texts) {
        List<Chunk> chunks = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new Chunk(Chunk.idOf(doc, i), doc, i, texts[i], title, doc + ".txt", null, null, at, at + texts[i].length(), 20));
            at += texts[i].length() + 1;
        }
        index.replaceDocument(doc, chunks, embedder.embedPassages(List.of(texts)));
    }

    static List<String> docs(List<SearchHit> hits) { return hits.stream().map(SearchHit::documentId).toList(); }

    @Test
    void everyModeFindsTheAnsweringDocumentFirst() {
        for (String mode : HybridRetrieval.MODES) {
            var res = retrieval.search("How many vacation days do new hires get?", 3, mode, ALL);
            assertThat(res.mode()).isEqualTo(mode);
            if (!mode.equals("bm25")) assertThat(docs(res.results()).getFirst()).as(mode).isEqualTo("leave"); // "vacation" ≠ "leave": needs vectors
        }
        var hybrid = retrieval.search("How many vacation days do new hires get?", 5, null, ALL);
        assertThat(hybrid.mode()).isEqualTo("hybrid");
        assertThat(hybrid.results()).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a))
                .allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        SearchHit top = hybrid.results().getFirst();
        assertThat(top.title()).isEqualTo("Leave policy");
        assertThat(top.source()).isEqualTo("leave.txt");
        assertThat(top.text()).startsWith("New employees");
        assertThat(top.end()).isGreaterThan(top.start());
    }

    @Test
    void koreanQuestionsAreCarriedByNori() {
        assertThat(docs(retrieval.search("연차 휴가는 며칠인가요?", 2, "bm25", ALL).results()).getFirst()).isEqualTo("kr-leave");
        assertThat(docs(retrieval.search("주차장 운영 시간", 2, "hybrid", ALL).results()).getFirst()).isEqualTo("kr-parking");
    }

    @Test
    void onlyAllowedDocumentsAreSearched() {
        for (String mode : HybridRetrieval.MODES) {
            assertThat(docs(retrieval.search("refund within 30 days", 5, mode, Set.of("wifi", "kr-parking")).results()))
                    .as(mode).doesNotContain("refund").isSubsetOf("wifi", "kr-parking");
            assertThat(retrieval.search("refund", 5, mode, Set.of()).results()).as(mode).isEmpty();
        }
    }

    @Test
    void badRequestsAreInvalid() {
        assertThatThrownBy(() -> retrieval.search("q", 5, "magic", ALL)).isInstanceOfSatisfying(LlmsvcException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThatThrownBy(() -> retrieval.search("q", 0, "bm25", ALL)).hasMessageContaining("top_k");
        assertThatThrownBy(() -> retrieval.search("q", 51, "bm25", ALL)).hasMessageContaining("top_k");
        assertThatThrownBy(() -> retrieval.search(" ", 5, "bm25", ALL)).hasMessageContaining("query");
        assertThatThrownBy(() -> retrieval.answer("", 5, null, ALL)).hasMessageContaining("question");
    }

    @Test
    void withoutAModelAnswersAreExtractiveWithCitations() {
        AnswerResponse a = retrieval.answer("How long do customers have to ask for a refund?", 3, null, ALL);
        assertThat(a.method()).isEqualTo("extractive");
        assertThat(a.found()).isTrue();
        assertThat(a.model()).isNull();
        assertThat(a.answer()).contains("within 30 days").contains("[1]");
        assertThat(a.citations()).isNotEmpty();
        assertThat(a.citations().getFirst().number()).isEqualTo(1);
        assertThat(a.citations().getFirst().documentId()).isEqualTo("refund");
        AnswerResponse ko = retrieval.answer("방문객 주차권은 어디서 받나요?", 3, null, ALL);
        assertThat(ko.answer()).contains("주차권").contains("[1]");
        assertThat(ko.citations().getFirst().documentId()).isEqualTo("kr-parking");
    }

    @Test
    void unrelatedQuestionsAreNotFound() {
        AnswerResponse a = retrieval.answer("What is the boiling point of liquid nitrogen in Kelvin?", 3, null, ALL);
        assertThat(a.found()).isFalse();
        assertThat(a.method()).isEqualTo("none");
        assertThat(a.citations()).isEmpty();
        assertThat(a.answer()).contains("do not contain");
        AnswerResponse ko = retrieval.answer("액체 질소의 끓는점은?", 3, null, ALL);
        assertThat(ko.found()).isFalse();
        assertThat(ko.answer()).contains("찾을 수 없습니다");
        assertThat(retrieval.answer("refund", 3, null, Set.of()).found()).isFalse();
    }
}
