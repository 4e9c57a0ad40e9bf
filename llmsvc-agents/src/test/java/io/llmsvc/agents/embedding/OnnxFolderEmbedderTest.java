package io.llmsvc.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX-folder provider on a real sentence-transformer folder: the all-MiniLM-L6-v2 model and tokenizer that the
 * built-in embedder's Maven artifact ships, copied out of the jar into a folder as an operator would lay out
 * multilingual-e5 or bge-m3. Both paths must then produce the same vectors.
 */
class OnnxFolderEmbedderTest {

    static Path extractMiniLm(Path dir) throws Exception {
        for (String[] f : new String[][] {{"/all-minilm-l6-v2-q.onnx", "model.onnx"}, {"/all-minilm-l6-v2-q-tokenizer.json", "tokenizer.json"}}) {
            try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(f[0])) {
                assertThat(in).as(f[0] + " in the langchain4j jar").isNotNull();
                Files.copy(in, dir.resolve(f[1]));
            }
        }
        return dir;
    }

    static EmbeddingProperties onnx(Path dir, String queryPrefix) {
        var d = EmbeddingProperties.defaults();
        return new EmbeddingProperties("onnx", null, queryPrefix, "", 32,
                new EmbeddingProperties.Onnx(dir, "model.onnx", "tokenizer.json", "mean"), d.worker(), d.upstream());
    }

    @Test
    void folderModelEmbedsExactlyLikeTheBuiltin(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("all-minilm"));
        extractMiniLm(dir);
        Embedder folder = Embedders.create(onnx(dir, ""), null);
        Embedder builtin = new BuiltinEmbedder();
        assertThat(folder.id()).isEqualTo("onnx:all-minilm");
        assertThat(Embedders.dimensionsKnown(folder)).isFalse();
        assertThat(folder.dimensions()).isEqualTo(384); // learnt from a probe
        List<String> texts = List.of("Refunds are processed within 14 days.", "연차 휴가는 매년 15일입니다.", "");
        List<float[]> a = folder.embedPassages(texts);
        List<float[]> b = builtin.embedPassages(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(a.get(i)).hasSize(384).containsExactly(b.get(i));
            assertThat(Vectors.dot(a.get(i), a.get(i))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(folder.embedQuery("refund policy")).containsExactly(builtin.embedQuery("refund policy"));
    }

    @Test
    void queryPrefixChangesOnlyQueries(@TempDir Path tmp) throws Exception {
        Path dir = extractMiniLm(Files.createDirectories(tmp.resolve("m")));
        Embedder plain = new BuiltinEmbedder();
        Embedder prefixed = Embedders.create(onnx(dir, "query: "), null);
        assertThat(prefixed.embedQuery("refund policy")).containsExactly(plain.embedPassages(List.of("query: refund policy")).getFirst());
        assertThat(prefixed.embedPassages(List.of("refund policy")).getFirst()).containsExactly(plain.embedPassages(List.of("refund policy")).getFirst());
    }
}
