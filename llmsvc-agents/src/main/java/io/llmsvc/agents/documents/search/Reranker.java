package io.llmsvc.agents.documents.search;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.index.PassageTerms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reorders fused candidates by an estimate of their relevance: a logistic model over features a cross-encoder would
 * learn implicitly, computed from the query, the passage and the first-stage scores. No neural model: none for
 * reranking is available from the Maven repository, and this keeps reranking at well under a millisecond a passage.
 *
 * <p>Features, each roughly in [0, 1]:
 * <ol>
 *   <li>{@code cosine} — cosine similarity of query and passage vectors (the embedder's view);</li>
 *   <li>{@code bm25} — the BM25 score divided by the best BM25 score among the candidates (0 if BM25 missed it);</li>
 *   <li>{@code coverage} — share of the query's content terms (Nori morphemes and English stems) found in the passage
 *       or its title/section, each term weighted by its rarity in the index (IDF);</li>
 *   <li>{@code proximity} — share of adjacent query-term pairs found within three positions of each other in the
 *       passage (a phrase or close paraphrase);</li>
 *   <li>{@code title} — IDF-weighted share of query terms in the document title and section path;</li>
 *   <li>{@code fused} — the reciprocal-rank-fusion score divided by the best one (agreement of both retrievers).</li>
 * </ol>
 * The relevance is {@code σ(bias + Σ wᵢ·fᵢ)}. The default weights were fitted on the development split of the
 * bilingual retrieval set in {@code bench/} (never on its evaluation questions), see {@link #DEFAULT},
 * {@code bench/README.md} ("retrieval") and {@code docs/search.md}; the relevance is calibrated so that 0.5 separates
 * questions the documents answer from those they do not.
 */
public final class Reranker {
    public static final List<String> FEATURES = List.of("cosine", "bm25", "coverage", "proximity", "title", "fused");
    /**
     * Fitted on the development split of the bench's bilingual set ({@code bench/run retrieval --fit=true}, which
     * prints them): logistic regression, then coordinate ascent on MRR@10, then Platt scaling so that the relevance
     * of the best passage estimates whether the documents answer the question. Order as {@link #FEATURES}.
     */
    public static final Weights DEFAULT = new Weights(-7.59, new double[] {0.59, 2.85, 8.48, 1.42, 4.41, 2.71});
    private static final int WINDOW = 3;

    /** {@code relevance = σ(bias + Σ weights[i] · feature[i])}. */
    public record Weights(double bias, double[] weights) {
        public double relevance(double[] f) {
            double z = bias;
            for (int i = 0; i < f.length; i++) z += weights[i] * f[i];
            return 1.0 / (1.0 + Math.exp(-z));
        }
    }

    /** A candidate with its features and relevance. */
    public record Scored(Candidate candidate, double[] features, double relevance) {
        public Chunk chunk() { return candidate.chunk(); }
    }

    private final Weights weights;

    public Reranker(Weights weights) { this.weights = weights; }

    /**
     * Scores every candidate and returns them by relevance, best first.
     *
     * @param documentFrequencies chunks per term (see {@code ChunkIndex.documentFrequencies}); empty = all terms equal
     * @param indexSize           chunks in the index, for IDF
     */
    public List<Scored> rerank(String query, List<Candidate> candidates, Map<String, Integer> documentFrequencies, int indexSize) {
        return rerank(query, candidates, documentFrequencies, indexSize, Map.of());
    }

    /**
     * @param passageTerms the candidates' analysed terms as the index keeps them; candidates missing here are
     *                     analysed now
     */
    public List<Scored> rerank(String query, List<Candidate> candidates, Map<String, Integer> documentFrequencies, int indexSize,
                               Map<String, PassageTerms> passageTerms) {
        List<String> terms = QueryTerms.of(query);
        Map<String, Double> idf = idf(terms, documentFrequencies, indexSize);
        double maxBm25 = candidates.stream().mapToDouble(Candidate::bm25).max().orElse(0);
        double maxFused = candidates.stream().mapToDouble(Candidate::fused).max().orElse(0);
        List<Scored> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            PassageTerms pt = passageTerms.get(c.chunk().chunkId());
            if (pt == null) pt = PassageTerms.analyse(c.chunk().text(), meta(c.chunk()));
            double[] f = features(terms, idf, c, pt, maxBm25, maxFused);
            out.add(new Scored(c, f, weights.relevance(f)));
        }
        out.sort((a, b) -> Double.compare(b.relevance(), a.relevance()));
        return out;
    }

    /** Query terms for {@link #rerank}'s document-frequency lookup. */
    public static List<String> queryTerms(String query) { return QueryTerms.of(query); }

    static double[] features(List<String> terms, Map<String, Double> idf, Candidate c, PassageTerms passage, double maxBm25, double maxFused) {
        Set<String> bodyTerms = new HashSet<>();
        for (String t : passage.korean()) if (t != null) bodyTerms.add(t);
        for (String t : passage.english()) if (t != null) bodyTerms.add(t);
        Set<String> metaTerms = new HashSet<>(passage.meta());
        double total = 0, covered = 0, inTitle = 0;
        for (String t : terms) {
            double w = idf.getOrDefault(t, 1.0);
            total += w;
            if (bodyTerms.contains(t) || metaTerms.contains(t)) covered += w;
            if (metaTerms.contains(t)) inTitle += w;
        }
        double cosine = Double.isNaN(c.cosine()) ? 0 : c.cosine();
        return new double[] {
                cosine,
                maxBm25 > 0 ? c.bm25() / maxBm25 : 0,
                total > 0 ? covered / total : 0,
                proximity(terms, List.of(passage.korean(), passage.english())),
                total > 0 ? inTitle / total : 0,
                maxFused > 0 ? c.fused() / maxFused : 0};
    }

    /** Share of adjacent query-term pairs (per analysis) that occur within {@link #WINDOW} positions in the passage. */
    static double proximity(List<String> terms, List<String[]> passage) {
        int pairs = 0, found = 0;
        for (String prefix : List.of("ko:", "en:")) {
            List<String> q = terms.stream().filter(t -> t.startsWith(prefix)).toList();
            if (q.size() < 2) continue;
            Map<String, List<Integer>> positions = new HashMap<>();
            for (String[] seq : passage) {
                for (int i = 0; i < seq.length; i++) {
                    if (seq[i] != null && seq[i].startsWith(prefix)) positions.computeIfAbsent(seq[i], k -> new ArrayList<>()).add(i);
                }
            }
            for (int i = 0; i + 1 < q.size(); i++) {
                pairs++;
                if (near(positions.get(q.get(i)), positions.get(q.get(i + 1)))) found++;
            }
        }
        return pairs == 0 ? 0 : (double) found / pairs;
    }

    private static boolean near(List<Integer> a, List<Integer> b) {
        if (a == null || b == null) return false;
        for (int x : a) for (int y : b) if (x != y && Math.abs(x - y) <= WINDOW) return true;
        return false;
    }

    /** BM25-style IDF over the index's chunks; terms the index does not know weigh as the rarest. */
    private static Map<String, Double> idf(List<String> terms, Map<String, Integer> df, int n) {
        Map<String, Double> out = new HashMap<>();
        if (df.isEmpty() || n <= 0) return out;
        for (String t : terms) {
            int d = Math.max(0, df.getOrDefault(t, 0));
            out.put(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
        }
        return out;
    }

    static String meta(Chunk c) {
        String title = c.title() == null ? "" : c.title();
        return c.section() == null ? title : title + "\n" + c.section();
    }
}
