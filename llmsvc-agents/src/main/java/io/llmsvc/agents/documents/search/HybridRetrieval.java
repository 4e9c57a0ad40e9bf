package io.llmsvc.agents.documents.search;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.answer.GroundedAnswers;
import io.llmsvc.agents.documents.answer.Passage;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.index.ChunkIndex.ScoredChunk;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.embedding.Vectors;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.SearchHit;
import io.llmsvc.api.agents.SearchResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Search over the chunk index in four modes, which are also the stages of the default one:
 * <ul>
 *   <li>{@code bm25} — BM25 over the Korean (Nori) and English analyses of each chunk; score = BM25;</li>
 *   <li>{@code vector} — nearest neighbours of the query's embedding (HNSW); score = cosine;</li>
 *   <li>{@code fused} — the top {@code candidates} of each, merged by reciprocal rank fusion; score = RRF;</li>
 *   <li>{@code hybrid} (default) — the fused candidates reordered by the {@link Reranker}; score = its relevance
 *       estimate in [0, 1].</li>
 * </ul>
 * Answers take the hybrid results (see {@link GroundedAnswers}).
 */
public final class HybridRetrieval implements DocumentRetrieval {
    public static final List<String> MODES = List.of("hybrid", "fused", "bm25", "vector");
    public static final int MAX_TOP_K = 50;

    private final ChunkIndex index;
    private final Embedder embedder;
    private final SearchProperties settings;
    private final Reranker reranker;
    private final GroundedAnswers answers;

    public HybridRetrieval(ChunkIndex index, Embedder embedder, SearchProperties settings, Reranker reranker, GroundedAnswers answers) {
        this.index = index;
        this.embedder = embedder;
        this.settings = settings;
        this.reranker = reranker;
        this.answers = answers;
    }

    @Override
    public SearchResponse search(String query, int topK, String mode, Set<String> allowedDocuments) {
        String m = mode == null || mode.isBlank() ? "hybrid" : mode.strip().toLowerCase(Locale.ROOT);
        if (!MODES.contains(m)) throw LlmsvcException.invalid("mode", "mode must be one of " + String.join(", ", MODES));
        if (topK < 1 || topK > MAX_TOP_K) throw LlmsvcException.invalid("top_k", "top_k must be from 1 to " + MAX_TOP_K);
        if (query == null || query.isBlank()) throw LlmsvcException.invalid("query", "query must not be empty");
        List<SearchHit> hits = switch (m) {
            case "bm25" -> hits(index.keywordSearch(query, topK, allowedDocuments));
            case "vector" -> hits(index.vectorSearch(embedder.embedQuery(query), topK, allowedDocuments));
            case "fused" -> fused(query, allowedDocuments).stream().limit(topK).map(c -> hit(c.chunk(), c.fused())).toList();
            default -> rerank(query, allowedDocuments).stream().limit(topK).map(s -> hit(s.chunk(), s.relevance())).toList();
        };
        return new SearchResponse(hits, m);
    }

    @Override
    public AnswerResponse answer(String question, int topK, String model, Set<String> allowedDocuments,
                                 java.util.function.Predicate<String> mayUse) {
        return answers.answer(question, passages(question, topK, allowedDocuments), model, mayUse);
    }

    @Override
    public io.llmsvc.api.agents.AnswerStream streamAnswer(String question, int topK, String model, Set<String> allowedDocuments,
                                                          java.util.function.Predicate<String> mayUse) {
        return answers.stream(question, passages(question, topK, allowedDocuments), model, mayUse);
    }

    /** The passages an answer is written from: the reranked hybrid results, best first. */
    private List<Passage> passages(String question, int topK, Set<String> allowedDocuments) {
        if (question == null || question.isBlank()) throw LlmsvcException.invalid("question", "question must not be empty");
        if (topK < 1 || topK > MAX_TOP_K) throw LlmsvcException.invalid("top_k", "top_k must be from 1 to " + MAX_TOP_K);
        return rerank(question, allowedDocuments).stream().limit(topK).map(s -> new Passage(s.chunk(), s.relevance())).toList();
    }

    /** BM25 and kNN candidates merged by reciprocal rank fusion, best first. */
    public List<Candidate> fused(String query, Set<String> allowedDocuments) {
        return fused(query, embedder.embedQuery(query), allowedDocuments);
    }

    private List<Candidate> fused(String query, float[] queryVector, Set<String> allowedDocuments) {
        int n = settings.candidates();
        List<ScoredChunk> keyword = index.keywordSearch(query, n, allowedDocuments);
        List<ScoredChunk> vector = index.vectorSearch(queryVector, n, allowedDocuments);
        Map<String, Chunk> chunks = new HashMap<>();
        Map<String, double[]> bm25 = new HashMap<>(); // score, rank
        Map<String, double[]> knn = new HashMap<>();
        List<String> keywordIds = new ArrayList<>();
        List<String> vectorIds = new ArrayList<>();
        for (int i = 0; i < keyword.size(); i++) {
            ScoredChunk s = keyword.get(i);
            chunks.put(s.chunk().chunkId(), s.chunk());
            bm25.put(s.chunk().chunkId(), new double[] {s.score(), i + 1});
            keywordIds.add(s.chunk().chunkId());
        }
        for (int i = 0; i < vector.size(); i++) {
            ScoredChunk s = vector.get(i);
            chunks.putIfAbsent(s.chunk().chunkId(), s.chunk());
            knn.put(s.chunk().chunkId(), new double[] {s.score(), i + 1});
            vectorIds.add(s.chunk().chunkId());
        }
        List<Candidate> out = new ArrayList<>();
        for (var e : RankFusion.fuse(settings.rrfK(), List.of(keywordIds, vectorIds))) {
            double[] b = bm25.get(e.getKey());
            double[] v = knn.get(e.getKey());
            out.add(new Candidate(chunks.get(e.getKey()), b == null ? 0 : b[0], b == null ? 0 : (int) b[1],
                    v == null ? Double.NaN : v[0], v == null ? 0 : (int) v[1], e.getValue()));
        }
        return out;
    }

    /** Fused candidates, the first {@code rerank-depth} reordered by the reranker, then the rest in fused order. */
    public List<Reranker.Scored> rerank(String query, Set<String> allowedDocuments) {
        float[] q = embedder.embedQuery(query);
        List<Candidate> fused = fused(query, q, allowedDocuments);
        int depth = Math.min(fused.size(), settings.rerankDepth());
        List<Candidate> head = new ArrayList<>(fused.subList(0, depth));
        // BM25-only candidates have no cosine yet: take the stored vectors rather than embedding passages again
        List<String> missing = head.stream().filter(c -> Double.isNaN(c.cosine())).map(c -> c.chunk().chunkId()).toList();
        if (!missing.isEmpty()) {
            Map<String, float[]> stored = index.vectors(missing);
            if (!stored.isEmpty()) {
                head.replaceAll(c -> stored.containsKey(c.chunk().chunkId())
                        ? c.withCosine(Vectors.dot(q, stored.get(c.chunk().chunkId()))) : c);
            }
        }
        List<Reranker.Scored> out = new ArrayList<>(reranker.rerank(query, head, index.documentFrequencies(Reranker.queryTerms(query)),
                index.size(), index.passageTerms(head.stream().map(c -> c.chunk().chunkId()).toList())));
        for (Candidate c : fused.subList(depth, fused.size())) out.add(new Reranker.Scored(c, null, 0));
        return out;
    }

    private static List<SearchHit> hits(List<ScoredChunk> found) {
        Map<String, SearchHit> out = new LinkedHashMap<>();
        for (ScoredChunk s : found) out.put(s.chunk().chunkId(), hit(s.chunk(), s.score()));
        return List.copyOf(out.values());
    }

    static SearchHit hit(Chunk c, double score) {
        return new SearchHit(c.documentId(), c.chunkId(), c.title(), c.source(), c.page(), c.section(), c.text(), score, c.start(), c.end());
    }
}
