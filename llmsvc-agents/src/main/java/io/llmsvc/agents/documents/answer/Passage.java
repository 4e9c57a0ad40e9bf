package io.llmsvc.agents.documents.answer;

import io.llmsvc.agents.documents.Chunk;

/** A retrieved chunk offered to an answer, with the reranker's relevance estimate (0–1). */
public record Passage(Chunk chunk, double relevance) {}
