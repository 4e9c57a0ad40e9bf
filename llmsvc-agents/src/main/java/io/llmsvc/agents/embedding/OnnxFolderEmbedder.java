package io.llmsvc.agents.embedding;

import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.util.Locale;

/**
 * Any sentence-transformer exported to ONNX in a local folder ({@code model.onnx} + Hugging Face
 * {@code tokenizer.json}), e.g. multilingual-e5-small ({@code pooling: mean}, prefixes {@code "query: "} /
 * {@code "passage: "}) or bge-m3 ({@code pooling: cls}). Id: {@code onnx:<folder name>}.
 */
final class OnnxFolderEmbedder extends InProcessEmbedder {

    OnnxFolderEmbedder(EmbeddingProperties p) {
        super("onnx:" + p.onnx().dir().toAbsolutePath().normalize().getFileName(),
                new OnnxEmbeddingModel(p.onnx().dir().resolve(p.onnx().modelFile()), p.onnx().dir().resolve(p.onnx().tokenizerFile()),
                        PoolingMode.valueOf(p.onnx().pooling().toUpperCase(Locale.ROOT))),
                p.queryPrefix(), p.passagePrefix(), 256, p.dimensions());
    }
}
