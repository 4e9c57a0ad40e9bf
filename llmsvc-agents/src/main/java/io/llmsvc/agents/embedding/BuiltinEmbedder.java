package io.llmsvc.agents.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/**
 * The default embedder: quantized all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime from its Maven
 * artifact, no download. English only: Korean text gets vectors of little use, which is why BM25 with Nori carries
 * Korean retrieval unless an operator configures a multilingual model.
 */
public final class BuiltinEmbedder implements Embedder {
    public static final String ID = "builtin:all-minilm-l6-v2-q";

    private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public String id() { return ID; }

    @Override
    public int dimensions() { return 384; }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        var segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(e -> Vectors.normalize(e.vector())).toList();
    }

    @Override
    public float[] embedQuery(String text) {
        return Vectors.normalize(model.embed(text).content().vector());
    }
}
