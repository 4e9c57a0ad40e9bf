package io.llmsvc.agents.documents.search;

import io.llmsvc.agents.documents.Chunk;

/**
 * A chunk found by the first stage, with what each retriever said of it.
 *
 * @param bm25       BM25 score, 0 when BM25 did not return it
 * @param bm25Rank   1-based rank in the BM25 list, 0 when absent
 * @param cosine     cosine similarity to the query, when known (kNN hit or stored vector), else NaN
 * @param vectorRank 1-based rank in the kNN list, 0 when absent
 * @param fused      reciprocal rank fusion score
 */
public record Candidate(Chunk chunk, double bm25, int bm25Rank, double cosine, int vectorRank, double fused) {

    Candidate withCosine(double c) { return new Candidate(chunk, bm25, bm25Rank, c, vectorRank, fused); }
}
