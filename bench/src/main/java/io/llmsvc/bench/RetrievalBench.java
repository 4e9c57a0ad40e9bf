package io.llmsvc.bench;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.answer.GroundedAnswers;
import io.llmsvc.agents.documents.index.lucene.LuceneChunkIndex;
import io.llmsvc.agents.documents.search.HybridRetrieval;
import io.llmsvc.agents.documents.search.Reranker;
import io.llmsvc.agents.documents.search.SearchProperties;
import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.agents.SearchHit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Retrieval quality on the bilingual set ({@link RetrievalSet}) with the default models — the built-in English
 * embedder and Nori/English BM25 — for each stage: {@code bm25}, {@code vector}, {@code fused} (RRF), {@code hybrid}
 * (fused + rerank). A question's rank is the position of the first chunk of its gold document in the top 10;
 * recall@5 counts ranks ≤ 5, MRR@10 averages 1/rank (0 beyond 10). Same-language and cross-lingual questions are
 * reported apart. Then the relevance floor: how often the best hybrid passage clears it for answerable questions
 * (found) and stays under it for questions no document answers (not found).
 *
 * <p>{@code --fit=true} also refits the reranker's weights on the {@code dev} split, prints them and the
 * evaluation with them ("hybrid (refit)"); {@code --floor=x} evaluates another relevance floor.
 */
final class RetrievalBench {

    static void run() throws Exception {
        RetrievalSet set = RetrievalSet.load();
        Path dir = Files.createTempDirectory("llmsvc-retrieval");
        Embedder embedder = new BuiltinEmbedder();
        SearchProperties settings = SearchProperties.defaults();
        double floor = Double.parseDouble(BenchMain.option("floor", Double.toString(settings.relevanceFloor())));
        try (LuceneChunkIndex index = new LuceneChunkIndex(dir, embedder)) {
            long t0 = System.nanoTime();
            int chunks = 0;
            for (RetrievalSet.Document d : set.documents) {
                List<Chunk> cs = set.chunks(d);
                index.replaceDocument(d.id(), cs, embedder.embedPassages(cs.stream().map(Chunk::text).toList()));
                chunks += cs.size();
            }
            System.out.printf(Locale.ROOT, "%d documents, %d chunks indexed in %.1f s; %d eval questions, %d dev questions%n%n",
                    set.documents.size(), chunks, (System.nanoTime() - t0) / 1e9, set.questions("eval").size(), set.questions("dev").size());

            HybridRetrieval retrieval = retrieval(index, embedder, settings, Reranker.DEFAULT);
            Map<String, HybridRetrieval> systems = new LinkedHashMap<>();
            for (String mode : List.of("bm25", "vector", "fused", "hybrid")) systems.put(mode, retrieval);
            Reranker.Weights refit = null;
            if (Boolean.parseBoolean(BenchMain.option("fit", "false"))) {
                refit = fit(set, retrieval);
                systems.put("hybrid (refit)", retrieval(index, embedder, settings, refit));
            }
            evaluate(set, systems);
            relevanceFloor(set, retrieval, floor, "default weights");
            if (refit != null) relevanceFloor(set, retrieval(index, embedder, settings, refit), floor, "refit weights");
        } finally {
            deleteTree(dir);
        }
    }

    static HybridRetrieval retrieval(LuceneChunkIndex index, Embedder embedder, SearchProperties settings, Reranker.Weights w) {
        return new HybridRetrieval(index, embedder, settings, new Reranker(w), new GroundedAnswers(null, settings));
    }

    /** Recall@5 and MRR@10 per system and question group. */
    static void evaluate(RetrievalSet set, Map<String, HybridRetrieval> systems) {
        List<RetrievalSet.Question> eval = set.questions("eval").stream().filter(q -> !q.kind().equals("none")).toList();
        Map<String, Predicate<RetrievalSet.Question>> groups = new LinkedHashMap<>();
        groups.put("ko→ko", q -> q.kind().equals("same") && q.lang().equals("ko"));
        groups.put("en→en", q -> q.kind().equals("same") && q.lang().equals("en"));
        groups.put("same-language", q -> q.kind().equals("same"));
        groups.put("ko→en (cross)", q -> q.kind().equals("cross") && q.lang().equals("ko"));
        groups.put("en→ko (cross)", q -> q.kind().equals("cross") && q.lang().equals("en"));
        List<String> header = new ArrayList<>(List.of("mode"));
        for (String g : groups.keySet()) {
            long n = eval.stream().filter(groups.get(g)).count();
            header.add(g + " R@5 (n=" + n + ")");
            header.add(g + " MRR@10");
        }
        Table table = new Table(header.toArray(String[]::new));
        for (var sys : systems.entrySet()) {
            String mode = sys.getKey().startsWith("hybrid") ? "hybrid" : sys.getKey();
            Map<RetrievalSet.Question, Integer> ranks = new LinkedHashMap<>();
            for (RetrievalSet.Question q : eval) ranks.put(q, rank(sys.getValue().search(q.text(), 10, mode, null).results(), q.gold()));
            List<Object> row = new ArrayList<>(List.of(sys.getKey()));
            for (var g : groups.values()) {
                List<Integer> rs = ranks.entrySet().stream().filter(e -> g.test(e.getKey())).map(Map.Entry::getValue).toList();
                row.add(Stats.f2(rs.stream().filter(r -> r > 0 && r <= 5).count() / (double) rs.size()));
                row.add(Stats.f2(rs.stream().mapToDouble(r -> r > 0 ? 1.0 / r : 0).average().orElse(0)));
            }
            table.row(row.toArray());
        }
        table.print();
        System.out.println();
    }

    /** 1-based rank of the first chunk of {@code gold} among the hits, 0 when absent. */
    static int rank(List<SearchHit> hits, String gold) {
        for (int i = 0; i < hits.size(); i++) if (hits.get(i).documentId().equals(gold)) return i + 1;
        return 0;
    }

    /** Best hybrid relevance vs the floor, for answerable (eval, same-language) and unanswerable questions. */
    static void relevanceFloor(RetrievalSet set, HybridRetrieval retrieval, double floor, String label) {
        int answerable = 0, found = 0, foundRight = 0, none = 0, notFound = 0;
        for (RetrievalSet.Question q : set.questions("eval")) {
            if (q.kind().equals("cross")) continue;
            var ranked = retrieval.rerank(q.text(), null);
            double best = ranked.isEmpty() ? 0 : ranked.getFirst().relevance();
            if (q.kind().equals("none")) {
                none++;
                if (best < floor) notFound++;
            } else {
                answerable++;
                if (best >= floor) {
                    found++;
                    if (ranked.getFirst().chunk().documentId().equals(q.gold())) foundRight++;
                }
            }
        }
        new Table("relevance floor " + Stats.f2(floor) + " (" + label + ")", "share")
                .row("answerable questions found (n=" + answerable + ")", Stats.f2(found / (double) answerable))
                .row("… and the top passage from the gold document", Stats.f2(foundRight / (double) answerable))
                .row("unanswerable questions not found (n=" + none + ")", Stats.f2(notFound / (double) none))
                .print();
        System.out.println();
    }

    /** Refits the reranker on the dev split; prints the weights and the dev MRR@10 before and after. */
    static Reranker.Weights fit(RetrievalSet set, HybridRetrieval retrieval) {
        List<RerankerFit.Query> dev = new ArrayList<>();
        for (RetrievalSet.Question q : set.questions("dev")) {
            List<double[]> features = new ArrayList<>();
            List<Boolean> relevant = new ArrayList<>();
            for (var s : retrieval.rerank(q.text(), null)) {
                if (s.features() == null) continue;
                features.add(s.features());
                relevant.add(s.chunk().documentId().equals(q.gold()));
            }
            dev.add(new RerankerFit.Query(features, relevant, !q.kind().equals("none")));
        }
        Reranker.Weights w = RerankerFit.fit(dev);
        StringBuilder b = new StringBuilder("refit on " + dev.size() + " dev questions: new Weights(" + Stats.f2(w.bias()) + ", new double[] {");
        for (int i = 0; i < w.weights().length; i++) b.append(i == 0 ? "" : ", ").append(Stats.f2(w.weights()[i]));
        System.out.println(b.append("})  // ").append(String.join(", ", Reranker.FEATURES)));
        System.out.printf(Locale.ROOT, "dev MRR@10 (candidates' best chunk per document): current weights %.3f, refit %.3f%n",
                RerankerFit.mrr(dev, Reranker.DEFAULT.weights()), RerankerFit.mrr(dev, w.weights()));
        List<Double> answerable = new ArrayList<>();
        List<Double> none = new ArrayList<>();
        for (RerankerFit.Query q : dev) {
            double best = q.features().stream().mapToDouble(w::relevance).max().orElse(0);
            (q.answerable() ? answerable : none).add(best);
        }
        System.out.printf(Locale.ROOT, "dev best relevance with refit weights: answerable min %.3f median %.3f; unanswerable max %.3f median %.3f%n%n",
                answerable.stream().mapToDouble(x -> x).min().orElse(0), median(answerable),
                none.stream().mapToDouble(x -> x).max().orElse(0), median(none));
        return w;
    }

    private static double reciprocal(List<String> docs, String gold) {
        for (int i = 0; i < Math.min(10, docs.size()); i++) if (docs.get(i).equals(gold)) return 1.0 / (i + 1);
        return 0;
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private RetrievalBench() {}
}
