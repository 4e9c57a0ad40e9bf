package io.llmsvc.agents.embedding;

/**
 * The default embedder: quantized all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime from its Maven
 * artifact, no download. English only: Korean text gets vectors of little use, which is why BM25 with Nori carries
 * Korean retrieval unless an operator configures a multilingual model. One thread per text ({@link SingleThreadMiniLm}).
 */
public final class BuiltinEmbedder extends InProcessEmbedder {
    public static final String ID = "builtin:all-minilm-l6-v2-q";

    public BuiltinEmbedder() {
        // one in-process batch can be large: langchain4j already runs its texts in parallel on every core
        super(ID, new SingleThreadMiniLm(), "", "", 256, 384);
    }
}
