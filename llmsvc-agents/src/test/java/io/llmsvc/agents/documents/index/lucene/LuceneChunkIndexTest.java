package io.llmsvc.agents.documents.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.index.ChunkIndex.ScoredChunk;
import io.llmsvc.agents.documents.index.PassageTerms;
import io.llmsvc.runtime.config.InvalidSettingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneChunkIndexTest {
    static final int DIMS = 8;

    @TempDir Path dir;
    LuceneChunkIndex index;

    @BeforeEach
    void open() { index = new LuceneChunkIndex(dir, new FixedEmbedder("test:fixed", DIMS)); }

    @AfterEach
    void close() { index.close(); }

    static Chunk chunk(String doc, int ordinal, String title, String text) {
        return new Chunk(Chunk.idOf(doc, ordinal), doc, ordinal, text, title, title + ".txt", null, null, ordinal * 100, ordinal * 100 + text.length(), text.length() / 4);
    }

    void put(String doc, String title, int axis, String... texts) {
        List<Chunk> chunks = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(chunk(doc, i, title, texts[i]));
            vectors.add(FixedEmbedder.axis(DIMS, axis, 0.1f * i));
        }
        index.replaceDocument(doc, chunks, vectors);
    }

    static List<String> ids(List<ScoredChunk> hits) { return hits.stream().map(h -> h.chunk().chunkId()).toList(); }

    @Test
    void koreanQueryFindsKoreanChunkThroughNoriMorphemes() {
        put("ko1", "검색 안내", 0, "한국어 형태소 분석기로 문서를 검색합니다.");
        put("ko2", "휴가 규정", 1, "연차 휴가는 입사일 기준으로 매년 15일이 부여됩니다.");
        put("en1", "Guide", 2, "This guide explains the morphology of search engines.");
        // "분석" never occurs as a word in the chunk: "분석기로" must be split into 분석 + 기 (+ 로), "형태소" into 형태 + 소
        List<ScoredChunk> hits = index.keywordSearch("형태소 분석", 10, null);
        assertThat(ids(hits)).containsExactly("ko1:0");
        assertThat(ids(index.keywordSearch("휴가는 며칠인가요?", 10, null))).containsExactly("ko2:0");
    }

    @Test
    void englishQueryMatchesStemsAndTitles() {
        put("a", "Refund policy", 0, "Refunds are processed within 14 days of the request.");
        put("b", "Travel", 1, "Book flights through the travel portal.");
        assertThat(ids(index.keywordSearch("refunding processes", 10, null))).containsExactly("a:0");
        // the title is searched too (with a lower weight)
        assertThat(ids(index.keywordSearch("policy", 10, null))).containsExactly("a:0");
        assertThat(index.keywordSearch("the of and", 10, null)).isEmpty(); // stop words only
    }

    @Test
    void userInputIsNeverQuerySyntax() {
        put("a", "Refund policy", 0, "Refunds are processed within 14 days.");
        for (String q : List.of("\"refunds AND (", "title:refund*", "refund~2 ^3 [a TO z]", "\\", "&& || !", "", "   ")) {
            List<ScoredChunk> hits = index.keywordSearch(q, 5, null);
            assertThat(hits.size()).as(q).isLessThanOrEqualTo(1);
        }
        assertThat(ids(index.keywordSearch("(refunds)* AND title: \"refund\"~", 5, null))).containsExactly("a:0");
    }

    @Test
    void searchesReturnOnlyAllowedDocuments() {
        put("a", "Alpha", 0, "shared words about invoices");
        put("b", "Beta", 1, "shared words about invoices too");
        assertThat(ids(index.keywordSearch("invoices", 10, null))).containsExactlyInAnyOrder("a:0", "b:0");
        assertThat(ids(index.keywordSearch("invoices", 10, Set.of("b")))).containsExactly("b:0");
        assertThat(index.keywordSearch("invoices", 10, Set.of())).isEmpty();
        float[] nearA = FixedEmbedder.axis(DIMS, 0, 0);
        assertThat(ids(index.vectorSearch(nearA, 10, null))).containsExactly("a:0", "b:0");
        assertThat(ids(index.vectorSearch(nearA, 10, Set.of("b")))).containsExactly("b:0");
        assertThat(index.vectorSearch(nearA, 10, Set.of("nope"))).isEmpty();
    }

    @Test
    void termVectorsGiveTheSameTermsAsAnalysingAgain() {
        String text = "한국어 형태소 분석기로 문서를 검색합니다. The HR team's refunds were processed in 2024, 연차 15일.";
        put("a", "휴가 규정 Leave", 0, text);
        PassageTerms stored = index.passageTerms(List.of("a:0", "nope:0")).get("a:0");
        PassageTerms fresh = PassageTerms.analyse(text, "휴가 규정 Leave");
        assertThat(index.passageTerms(List.of("a:0", "nope:0"))).containsOnlyKeys("a:0");
        assertThat(stored.korean()).containsExactly(fresh.korean());
        assertThat(stored.english()).containsExactly(fresh.english());
        assertThat(stored.meta()).containsExactlyInAnyOrderElementsOf(fresh.meta());
        assertThat(stored.korean()).contains("ko:형태", "ko:소", "ko:분석", "ko:15");
        assertThat(stored.english()).contains("en:refund", "en:process").doesNotContain("en:the");
    }

    @Test
    void anAllowedSetCoveringEveryDocumentNeedsNoFilterButStillCounts() {
        put("a", "Alpha", 0, "common words");
        put("b", "Beta", 1, "common words");
        assertThat(index.allowsEverything(Set.of("a", "b"))).isTrue();
        assertThat(index.allowsEverything(Set.of("a", "b", "gone"))).isTrue();
        assertThat(index.allowsEverything(Set.of("a"))).isFalse();
        assertThat(ids(index.keywordSearch("common", 5, Set.of("a", "b", "gone")))).hasSize(2);
        put("c", "Gamma", 2, "common words");
        assertThat(index.allowsEverything(Set.of("a", "b"))).isFalse();
        assertThat(ids(index.keywordSearch("common", 5, Set.of("a", "b")))).containsExactlyInAnyOrder("a:0", "b:0");
        index.deleteDocument("c");
        assertThat(index.allowsEverything(Set.of("a", "b"))).isTrue();
        index.replaceDocument("b", List.of(), List.of()); // no chunks left: the document is gone
        assertThat(index.allowsEverything(Set.of("a"))).isTrue();
    }

    @Test
    void vectorScoresAreCosines() {
        put("a", "Alpha", 0, "one", "two");
        List<ScoredChunk> hits = index.vectorSearch(FixedEmbedder.axis(DIMS, 0, 0), 2, null);
        assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(hits.get(1).score()).isCloseTo(1 / Math.sqrt(1.01), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(index.vectors(List.of("a:1", "zz:0"))).containsOnlyKeys("a:1");
        assertThat(index.vectors(List.of("a:1")).get("a:1")).containsExactly(FixedEmbedder.axis(DIMS, 0, 0.1f));
    }

    @Test
    void replaceDeleteAndLookups() {
        put("a", "Alpha", 0, "first version one", "first version two", "first version three");
        put("b", "Beta", 1, "other");
        assertThat(index.size()).isEqualTo(4);
        put("a", "Alpha", 0, "second version");
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.keywordSearch("first", 10, null)).isEmpty();
        assertThat(index.chunk("a:0").text()).isEqualTo("second version");
        assertThat(index.chunk("a:1")).isNull();
        Chunk c = index.chunk("b:0");
        assertThat(c).isEqualTo(chunk("b", 0, "Beta", "other"));
        assertThat(index.documentIds()).containsExactly("a", "b");
        index.deleteDocument("a");
        assertThat(index.documentIds()).containsExactly("b");
        assertThat(index.keywordSearch("second", 10, null)).isEmpty();
        assertThat(index.vectorSearch(FixedEmbedder.axis(DIMS, 0, 0), 10, null)).extracting(h -> h.chunk().documentId()).containsOnly("b");
    }

    @Test
    void failedReplaceLeavesTheOldVersion() {
        put("a", "Alpha", 0, "old text");
        List<Chunk> chunks = List.of(chunk("a", 0, "Alpha", "new text"), chunk("a", 1, "Alpha", "more new text"));
        assertThatThrownBy(() -> index.replaceDocument("a", chunks, List.of(new float[DIMS], new float[DIMS + 1])))
                .hasMessageContaining("dimensional");
        assertThat(ids(index.keywordSearch("text", 10, null))).containsExactly("a:0");
        assertThat(index.chunk("a:0").text()).isEqualTo("old text");
    }

    @Test
    void searchersSeeAWholeVersionOfADocumentNeverAMix() throws Exception {
        int n = 6;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> mixed = new AtomicReference<>();
        AtomicInteger looks = new AtomicInteger();
        put("doc", "Versions", 0, versionTexts("v0", n));
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get() && mixed.get() == null) {
                List<ScoredChunk> hits = index.keywordSearch("marker", 50, Set.of("doc"));
                var versions = hits.stream().map(h -> h.chunk().text().split(" ")[0]).distinct().toList();
                if (versions.size() != 1 || hits.size() != n) mixed.set(hits.size() + " chunks of versions " + versions);
                looks.incrementAndGet();
            }
        });
        for (int v = 1; v <= 60; v++) put("doc", "Versions", v % DIMS, versionTexts("v" + v, n));
        done.set(true);
        reader.join();
        assertThat(mixed.get()).as("a searcher saw a half-replaced document").isNull();
        assertThat(looks.get()).isPositive();
    }

    static String[] versionTexts(String version, int n) {
        String[] t = new String[n];
        for (int i = 0; i < n; i++) t[i] = version + " marker chunk " + i;
        return t;
    }

    @Test
    void reopenKeepsChunksAndRefusesAnotherEmbedder() {
        put("a", "Alpha", 0, "persisted text");
        index.close();
        index = new LuceneChunkIndex(dir, new FixedEmbedder("test:fixed", DIMS));
        assertThat(index.indexedEmbedder().dimensions()).isEqualTo(DIMS);
        assertThat(ids(index.keywordSearch("persisted", 5, null))).containsExactly("a:0");
        index.close();
        assertThatThrownBy(() -> new LuceneChunkIndex(dir, new FixedEmbedder("test:other", DIMS)))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("test:fixed").hasMessageContaining("test:other");
        assertThatThrownBy(() -> new LuceneChunkIndex(dir, new FixedEmbedder("test:fixed", DIMS * 2)))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("llmsvc.agents.embeddings.dimensions");
        index = new LuceneChunkIndex(dir, new FixedEmbedder("test:fixed", DIMS));
    }

    @Test
    void wideVectorsFit(@TempDir Path other) {
        try (LuceneChunkIndex wide = new LuceneChunkIndex(other, new FixedEmbedder("test:wide", 1536))) {
            wide.replaceDocument("w", List.of(chunk("w", 0, "Wide", "wide vector")), List.of(FixedEmbedder.axis(1536, 7, 0)));
            assertThat(ids(wide.vectorSearch(FixedEmbedder.axis(1536, 7, 0), 1, null))).containsExactly("w:0");
        }
    }
}
