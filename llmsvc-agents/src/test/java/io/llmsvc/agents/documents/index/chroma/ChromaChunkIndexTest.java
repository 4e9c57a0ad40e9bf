package io.llmsvc.agents.documents.index.chroma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.index.ChunkIndex.ScoredChunk;
import io.llmsvc.agents.documents.index.lucene.LuceneChunkIndex;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.embedding.Vectors;
import io.llmsvc.runtime.config.InvalidSettingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The Chroma adapter against a real ChromaDB server (npm {@code chromadb}, see {@link ChromaServer}). */
class ChromaChunkIndexTest {
    static final int DIMS = 8;
    static ChromaServer server;
    @TempDir static Path chromaData;
    @TempDir Path keywordsDir;
    ChromaChunkIndex index;
    String collection;

    record TestEmbedder(String id, int dimensions) implements Embedder {
        public List<float[]> embedPassages(List<String> texts) { throw new UnsupportedOperationException(); }
        public float[] embedQuery(String text) { throw new UnsupportedOperationException(); }
    }

    @BeforeAll
    static void startChroma() throws Exception { server = ChromaServer.start(chromaData); }

    @AfterAll
    static void stopChroma() throws Exception { if (server != null) server.close(); }

    @BeforeEach
    void open(org.junit.jupiter.api.TestInfo info) {
        collection = "t-" + info.getTestMethod().orElseThrow().getName().toLowerCase();
        index = open(new TestEmbedder("test:fixed", DIMS));
    }

    ChromaChunkIndex open(Embedder e) {
        return new ChromaChunkIndex(server.url, "default_tenant", "default_database", collection, null, Duration.ofSeconds(30),
                e, new LuceneChunkIndex(keywordsDir, null));
    }

    @AfterEach
    void close() { if (index != null) index.close(); }

    static float[] axis(int axis, float tilt) {
        float[] v = new float[DIMS];
        v[axis % DIMS] = 1;
        v[(axis + 1) % DIMS] = tilt;
        return Vectors.normalize(v);
    }

    void put(String doc, int axis, String... texts) {
        List<Chunk> chunks = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new Chunk(Chunk.idOf(doc, i), doc, i, texts[i], "Title " + doc, doc + ".md", i + 1, "Intro", i * 10, i * 10 + 5, 3));
            vectors.add(axis(axis, 0.1f * i));
        }
        index.replaceDocument(doc, chunks, vectors);
    }

    static List<String> ids(List<ScoredChunk> hits) { return hits.stream().map(h -> h.chunk().chunkId()).toList(); }

    @Test
    void vectorsInChromaKeywordsInLucene() {
        put("a", 0, "연차 휴가는 매년 15일이 부여됩니다.", "Refunds are processed within 14 days.");
        put("b", 3, "Travel is booked through the portal.");
        assertThat(index.chromaCount()).isEqualTo(3);
        List<ScoredChunk> near = index.vectorSearch(axis(0, 0), 3, null);
        assertThat(ids(near)).containsExactly("a:0", "a:1", "b:0");
        assertThat(near.getFirst().score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(near.getFirst().chunk()).isEqualTo(index.chunk("a:0"));
        assertThat(near.getFirst().chunk().page()).isEqualTo(1);
        assertThat(ids(index.vectorSearch(axis(0, 0), 3, Set.of("b")))).containsExactly("b:0");
        assertThat(index.vectorSearch(axis(0, 0), 3, Set.of())).isEmpty();
        assertThat(ids(index.keywordSearch("휴가 며칠", 5, null))).containsExactly("a:0");
        assertThat(ids(index.keywordSearch("refund", 5, Set.of("b")))).isEmpty();
        assertThat(index.documentIds()).containsExactly("a", "b");
        assertThat(index.vectors(List.of("a:1", "b:0")).get("a:1")).containsExactly(axis(0, 0.1f), org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void replaceSwitchesGenerationsAndCleansUp() {
        put("a", 0, "old one", "old two", "old three");
        put("a", 0, "new one");
        assertThat(index.chromaCount()).isEqualTo(1);
        assertThat(index.vectorSearch(axis(0, 0), 10, null)).extracting(h -> h.chunk().text()).containsExactly("new one");
        assertThat(index.keywordSearch("old", 10, null)).isEmpty();
    }

    @Test
    void vectorsOfAGenerationThatIsNotCurrentAreNeverReturned() {
        put("a", 0, "current text");
        // what a crash leaves behind: vectors of a generation the keyword index never switched to
        ChromaClient client = new ChromaClient(server.url, "default_tenant", "default_database", null, Duration.ofSeconds(30));
        String id = client.collection(collection, ChromaClient.object().put(ChromaChunkIndex.META_EMBEDDER, "test:fixed")).path("id").asString();
        ObjectNode records = ChromaClient.object();
        records.putArray("ids").add("a:0@stale").add("a:7@stale");
        records.putArray("embeddings").add(floats(axis(0, 0))).add(floats(axis(0, 0)));
        records.putArray("documents").add("stale text").add("stale extra");
        records.putArray("metadatas").add(ChromaClient.object().put("document_id", "a").put("chunk_id", "a:0").put("generation", "stale"))
                .add(ChromaClient.object().put("document_id", "a").put("chunk_id", "a:7").put("generation", "stale"));
        client.add(id, records);
        assertThat(index.chromaCount()).isEqualTo(3);
        assertThat(index.vectorSearch(axis(0, 0), 10, null)).extracting(h -> h.chunk().text()).containsExactly("current text");
        put("a", 0, "next text"); // the next replace removes every other generation
        assertThat(index.chromaCount()).isEqualTo(1);
    }

    @Test
    void deleteRemovesFromBothStores() {
        put("a", 0, "alpha text");
        put("b", 1, "beta text");
        index.deleteDocument("a");
        assertThat(index.chromaCount()).isEqualTo(1);
        assertThat(index.documentIds()).containsExactly("b");
        assertThat(ids(index.vectorSearch(axis(0, 0), 10, null))).containsExactly("b:0");
        assertThat(index.keywordSearch("alpha", 10, null)).isEmpty();
    }

    @Test
    void anotherEmbedderIsRefusedAtStart() {
        put("a", 0, "alpha text");
        index.close();
        index = null;
        assertThatThrownBy(() -> open(new TestEmbedder("test:other", DIMS)))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("test:fixed").hasMessageContaining("test:other");
        assertThatThrownBy(() -> open(new TestEmbedder("test:fixed", DIMS + 1)))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("dimensions");
        index = open(new TestEmbedder("test:fixed", DIMS));
        assertThat(ids(index.vectorSearch(axis(0, 0), 1, null))).containsExactly("a:0");
    }

    static tools.jackson.databind.node.ArrayNode floats(float[] v) {
        var a = ChromaClient.JSON.createArrayNode();
        for (float x : v) a.add(x);
        return a;
    }
}
