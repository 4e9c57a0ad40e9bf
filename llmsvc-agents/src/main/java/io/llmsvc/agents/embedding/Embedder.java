package io.llmsvc.agents.embedding;

import java.util.List;

/**
 * Turns texts into unit-length vectors. Implementations: the built-in ONNX model (English), a local ONNX
 * sentence-transformer folder, a GGUF embedding model through a worker's llama.cpp runner, or an upstream
 * {@code /v1/embeddings}. Queries and passages may be embedded differently (e5-style prefixes).
 */
public interface Embedder {

    /** A stable id, stored with every vector so that a model change is noticed (e.g. {@code builtin:all-minilm-l6-v2-q}). */
    String id();

    int dimensions();

    /** Passages for the index, in input order. */
    List<float[]> embedPassages(List<String> texts);

    /** One search query. */
    float[] embedQuery(String text);
}
