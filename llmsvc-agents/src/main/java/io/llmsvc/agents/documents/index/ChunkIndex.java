package io.llmsvc.agents.documents.index;

import io.llmsvc.agents.documents.Chunk;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where chunks and their vectors live for search: embedded Lucene (BM25 with Nori for Korean + HNSW) or ChromaDB
 * for the vectors. The relational document store stays the source of truth for ownership, visibility and status;
 * searches name the documents they may return.
 *
 * <p>{@code allowedDocuments}: only chunks of these documents are returned; an empty set finds nothing; {@code null}
 * means no restriction (benchmarks and maintenance only — the document service always passes a set).
 */
public interface ChunkIndex extends AutoCloseable {

    /**
     * Replaces every chunk of a document at once: after this returns, searches see all new chunks and none of the
     * old; if it throws, they see the old state (never a half-indexed document). {@code vectors} are unit length, one
     * per chunk, from the configured embedder.
     */
    void replaceDocument(String documentId, List<Chunk> chunks, List<float[]> vectors);

    void deleteDocument(String documentId);

    /** Ids of every document that has chunks in the index (for reconciliation after a crash). */
    Set<String> documentIds();

    /** BM25 over chunk text (and title/section), restricted to {@code allowedDocuments}; best first. */
    List<ScoredChunk> keywordSearch(String query, int k, Set<String> allowedDocuments);

    /** Nearest chunks by vector, restricted to {@code allowedDocuments}; best first; score = cosine similarity. */
    List<ScoredChunk> vectorSearch(float[] query, int k, Set<String> allowedDocuments);

    /** The stored vectors of these chunks (for reranking); chunks without one are absent from the map. */
    default Map<String, float[]> vectors(Collection<String> chunkIds) { return Map.of(); }

    /**
     * How many chunks contain each term, for terms as {@link TextAnalysis#queryTerms} writes them ({@code ko:…},
     * {@code en:…}); used to weight terms by rarity when reranking. Empty when the index cannot tell.
     */
    default Map<String, Integer> documentFrequencies(Collection<String> terms) { return Map.of(); }

    /**
     * The analysed terms of these chunks (for reranking without analysing their text again); chunks the index cannot
     * tell are absent, and the caller analyses them itself ({@link PassageTerms#analyse}).
     */
    default Map<String, PassageTerms> passageTerms(Collection<String> chunkIds) { return Map.of(); }

    /** One chunk by id, or null. */
    Chunk chunk(String chunkId);

    int size();

    @Override
    void close();

    /** A chunk found with the index's own score (not comparable between keyword and vector searches). */
    record ScoredChunk(Chunk chunk, double score) {}
}
