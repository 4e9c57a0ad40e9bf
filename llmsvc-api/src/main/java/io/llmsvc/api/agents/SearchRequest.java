package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /api/documents/search}.
 *
 * @param topK results wanted, 1–50 (default 5)
 * @param mode {@code hybrid} (default: BM25 + vectors fused by reciprocal rank, then reranked), {@code bm25},
 *             {@code vector}, or {@code fused} (hybrid without the rerank) — the stages, to compare them
 */
public record SearchRequest(String query, @JsonProperty("top_k") Integer topK, String mode) {}
