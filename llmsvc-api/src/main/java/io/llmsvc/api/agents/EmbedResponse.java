package io.llmsvc.api.agents;

import java.util.List;

/** @param model the embedder's id (e.g. {@code builtin:all-minilm-l6-v2-q}, {@code worker:<model>}, {@code upstream:<model>}) */
public record EmbedResponse(String model, int dimensions, List<float[]> embeddings) {}
