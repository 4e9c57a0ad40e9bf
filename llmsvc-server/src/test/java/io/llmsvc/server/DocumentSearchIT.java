package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.search.DocumentRetrieval;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.embedding.Vectors;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.runtime.config.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The document agent's configurable embedders and LLM answers on the whole system: server A embeds with a GGUF
 * model served by its own worker through the llama.cpp runner ({@code provider=worker}, tiny generated model) and
 * answers with the tiny chat model; server B embeds through an OpenAI-compatible upstream, which is server A's
 * {@code /v1/embeddings} with A's API key ({@code provider=upstream}). Tiny models produce gibberish, so the
 * assertions are on shapes, identity of vectors, the answer method, citations and the found flag.
 */
class DocumentSearchIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> DOCS = Set.of("policy", "menu", "handbook");
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() throws Exception {
        a = TestServer.start("--llmsvc.agents.embeddings.provider=worker", "--llmsvc.agents.embeddings.worker.model=tiny-embed",
                "--llmsvc.worker.models.tiny.context-size=1024");
        b = TestServer.start("--llmsvc.agents.embeddings.provider=upstream",
                "--llmsvc.agents.embeddings.upstream.base-url=" + a.url() + "/v1",
                "--llmsvc.agents.embeddings.upstream.model=tiny-embed",
                "--llmsvc.agents.embeddings.upstream.api-key=" + TestServer.KEY,
                "--llmsvc.agents.embeddings.batch-size=2");
        index(a, "policy", "Leave policy", "New employees receive fifteen days of annual leave.", "Unused leave days carry over until March.");
        index(a, "menu", "Cafeteria", "The cafeteria serves lunch from noon until two.");
        // longer than the answer model's context on its own: the prompt must be cut to fit
        index(a, "handbook", "Handbook", "Annual leave for new employees is described in the leave policy. ".repeat(60));
    }

    @AfterAll
    static void stop() {
        if (b != null) b.close();
        if (a != null) a.close();
    }

    static void index(TestServer s, String doc, String title, String... texts) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) chunks.add(new Chunk(Chunk.idOf(doc, i), doc, i, texts[i], title, doc + ".md", null, null, 0, texts[i].length(), 12));
        s.context.getBean(ChunkIndex.class).replaceDocument(doc, chunks, s.context.getBean(Embedder.class).embedPassages(List.of(texts)));
    }

    static List<float[]> v1Embeddings(TestServer s, List<String> input) throws Exception {
        var res = s.send("POST", "/v1/embeddings", JSON.writeValueAsString(java.util.Map.of("model", "tiny-embed", "input", input)));
        assertThat(res.statusCode()).isEqualTo(200);
        List<float[]> out = new ArrayList<>();
        for (JsonNode item : JSON.readTree(res.body()).get("data")) {
            float[] v = new float[item.get("embedding").size()];
            for (int i = 0; i < v.length; i++) v[i] = (float) item.get("embedding").get(i).asDouble();
            out.add(Vectors.normalize(v));
        }
        return out;
    }

    @Test
    void workerEmbedderUsesTheGgufModelThroughTheRunner() throws Exception {
        Embedder e = a.context.getBean(Embedder.class);
        assertThat(e.id()).isEqualTo("worker:tiny-embed");
        List<String> texts = List.of("annual leave", "연차 휴가", "lunch");
        List<float[]> vectors = e.embedPassages(texts);
        List<float[]> viaApi = v1Embeddings(a, texts);
        assertThat(e.dimensions()).isGreaterThan(1).isEqualTo(viaApi.getFirst().length);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(Vectors.dot(vectors.get(i), vectors.get(i))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(vectors.get(i)).containsExactly(viaApi.get(i), org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(vectors.get(0)).isNotEqualTo(vectors.get(2));
    }

    @Test
    void upstreamEmbedderGetsTheSameVectorsFromOurOwnEmbeddingsApi() {
        Embedder upstream = b.context.getBean(Embedder.class);
        Embedder worker = a.context.getBean(Embedder.class);
        assertThat(upstream.id()).isEqualTo("upstream:tiny-embed");
        List<String> texts = List.of("one", "two", "three"); // batch size 2: two upstream calls
        List<float[]> got = upstream.embedPassages(texts);
        List<float[]> expected = worker.embedPassages(texts);
        for (int i = 0; i < texts.size(); i++) assertThat(got.get(i)).containsExactly(expected.get(i), org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(upstream.embedQuery("one")).containsExactly(expected.getFirst(), org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void searchAndLlmAnswerWithCitations() {
        DocumentRetrieval retrieval = a.context.getBean(DocumentRetrieval.class);
        var hits = retrieval.search("annual leave days", 3, "hybrid", DOCS).results();
        assertThat(hits).isNotEmpty();
        assertThat(hits.getFirst().documentId()).isEqualTo("policy");
        AnswerResponse answer = retrieval.answer("How many days of annual leave do new employees receive?", 3, "tiny", DOCS);
        assertThat(answer.method()).isEqualTo("llm");
        assertThat(answer.model()).isEqualTo("tiny");
        assertThat(answer.found()).isTrue();
        assertThat(answer.answer()).isNotBlank();
        assertThat(answer.citations()).isNotEmpty().allSatisfy(c -> assertThat(DOCS).contains(c.documentId()));
        assertThat(answer.citations()).extracting(c -> c.documentId()).contains("policy");
    }

    @Test
    void nothingRelevantIsNotFoundWithoutAskingTheModel() {
        DocumentRetrieval retrieval = a.context.getBean(DocumentRetrieval.class);
        AnswerResponse answer = retrieval.answer("What is the boiling point of liquid nitrogen?", 3, "no-such-model", DOCS);
        // the requested model does not exist: had it been called, this would be an error
        assertThat(answer.found()).isFalse();
        assertThat(answer.method()).isEqualTo("none");
        assertThat(answer.citations()).isEmpty();
        assertThat(retrieval.answer("annual leave", 3, "tiny", Set.of()).found()).isFalse();
    }

    @Test
    void aRequestedModelThatFailsIsAnError() {
        DocumentRetrieval retrieval = a.context.getBean(DocumentRetrieval.class);
        assertThatThrownBy(() -> retrieval.answer("annual leave days for new employees", 3, "no-such-model", DOCS))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isIn(ErrorCode.MODEL_NOT_FOUND, ErrorCode.NO_WORKER));
    }

    @Test
    void wrongUpstreamKeyIsAClearError() throws Exception {
        try (TestServer c = TestServer.start("--llmsvc.agents.embeddings.provider=upstream",
                "--llmsvc.agents.embeddings.upstream.base-url=" + a.url() + "/v1",
                "--llmsvc.agents.embeddings.upstream.model=tiny-embed",
                "--llmsvc.agents.embeddings.upstream.api-key=sk-wrong-key-0000000000000")) {
            assertThatThrownBy(() -> c.context.getBean(Embedder.class).embedQuery("x"))
                    .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                        assertThat(e.getMessage()).contains("HTTP 401").doesNotContain("sk-wrong-key");
                    });
        }
    }

    @Test
    void anIndexBuiltByAnotherEmbedderStopsTheStart() throws Exception {
        var indexDir = a.dir.resolve("reused-index");
        try (TestServer c = TestServer.start("--llmsvc.documents.index.dir=" + indexDir)) { // builtin embedder
            index(c, "doc", "Doc", "some text");
        }
        assertThatThrownBy(() -> TestServer.start("--llmsvc.documents.index.dir=" + indexDir,
                "--llmsvc.agents.embeddings.provider=worker", "--llmsvc.agents.embeddings.worker.model=tiny-embed"))
                .hasRootCauseInstanceOf(InvalidSettingException.class)
                .rootCause().hasMessageContaining("builtin:all-minilm-l6-v2-q").hasMessageContaining("worker:tiny-embed");
    }
}
