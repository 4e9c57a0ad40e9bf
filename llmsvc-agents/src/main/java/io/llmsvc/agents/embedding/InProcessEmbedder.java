package io.llmsvc.agents.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;

/** An ONNX sentence model run in this process by ONNX Runtime (langchain4j spreads a batch over the cores). */
class InProcessEmbedder extends ModelEmbedder {
    private final EmbeddingModel model;

    InProcessEmbedder(String id, EmbeddingModel model, String queryPrefix, String passagePrefix, int batchSize, Integer dimensions) {
        super(id, queryPrefix, passagePrefix, batchSize, dimensions);
        this.model = model;
    }

    @Override
    protected List<float[]> embedBatch(List<String> texts) {
        if (texts.size() == 1) return List.of(model.embed(texts.getFirst()).content().vector());
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream().map(Embedding::vector).toList();
    }
}
