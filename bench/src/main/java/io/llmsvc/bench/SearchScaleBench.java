package io.llmsvc.bench;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.index.lucene.LuceneChunkIndex;
import io.llmsvc.agents.documents.search.HybridRetrieval;
import io.llmsvc.agents.documents.search.Reranker;
import io.llmsvc.agents.documents.search.SearchProperties;
import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.embedding.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Search latency and indexing throughput at scale: {@code --chunks} (default 100,000) chunks in the embedded Lucene
 * index with the built-in embedder, then the retrieval set's questions as queries in every mode.
 *
 * <p>How the chunks are made (seed 42): each synthetic chunk is "Korean" or "English" (alternating) and holds 50–90
 * words in "sentences" of 8–15 words, plus a reference number. 15 % of the words are words of the retrieval set's
 * documents in that language, drawn with their corpus frequencies (so query terms have long posting lists), 85 % are
 * made-up words standing for other topics (20,000 per script, Latin syllables or random Hangul, drawn with Zipf-like
 * frequencies). No distractor contains a sentence of the real documents. 50 chunks make a document. {@code --distinct} (default 10,000) of them are embedded for real; chunk {@code i} beyond that reuses
 * the text of chunk {@code i mod distinct} with another reference number and that chunk's vector plus Gaussian
 * noise (σ = 0.02 per dimension, renormalised), so the HNSW graph holds 100k distinct vectors in clusters without
 * embedding them all ({@code --distinct=100000} embeds every one). The 50 real documents are indexed too, so hybrid
 * recall@5 is also measured among the 100k distractors.
 *
 * <p>Searches pass an allowed set as the document service does: all ~2,000 document ids (an administrator; the index
 * notices that nothing is excluded and skips the filter), and half of them (a user who sees half the documents: a
 * TermInSetQuery filter on both BM25 and kNN). Latencies are per query after a warm-up, one query at a time.
 */
final class SearchScaleBench {
    static final int CHUNKS_PER_DOCUMENT = 50;

    static void run() throws Exception {
        int total = Integer.parseInt(BenchMain.option("chunks", "100000"));
        int distinct = Math.min(total, Integer.parseInt(BenchMain.option("distinct", "10000")));
        int queries = Integer.parseInt(BenchMain.option("queries", "300"));
        RetrievalSet set = RetrievalSet.load();
        List<List<String>> words = List.of(new ArrayList<>(), new ArrayList<>()); // English, Korean
        for (var d : set.documents) {
            for (String p : d.paragraphs()) {
                for (String w : p.split("\\s+")) {
                    String clean = w.replaceAll("[.,;:!?()\"]", "");
                    if (!clean.isEmpty()) words.get(d.lang().equals("ko") ? 1 : 0).add(clean);
                }
            }
        }
        Random random = new Random(42);
        Embedder embedder = new BuiltinEmbedder();
        List<String> pseudo = new ArrayList<>(); // other topics: made-up words, half Latin, half Hangul
        for (int i = 0; i < 40_000; i++) pseudo.add(i % 2 == 0 ? pseudoWord(random, "bcdfghklmnprstvz", "aeiou") : pseudoHangul(random));

        List<String> texts = new ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) {
            List<String> vocabulary = words.get(i % 2);
            StringBuilder b = new StringBuilder();
            int n = 50 + random.nextInt(41);
            int sentence = 0, length = 8 + random.nextInt(8);
            for (int j = 0; j < n; j++) {
                // 15 % corpus words (with their frequencies), 85 % made-up words of other topics (Zipf-like ranks)
                if (random.nextDouble() < 0.15) b.append(vocabulary.get(random.nextInt(vocabulary.size())));
                else b.append(pseudo.get((i % 2) + 2 * (int) Math.min(pseudo.size() / 2 - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(pseudo.size() / 2.0))) - 1)));
                if (++sentence == length) {
                    b.append(". ");
                    sentence = 0;
                    length = 8 + random.nextInt(8);
                } else {
                    b.append(' ');
                }
            }
            texts.add(b.append("(ref ").append(100_000 + i).append(')').toString());
        }
        long t0 = System.nanoTime();
        List<float[]> vectors = new ArrayList<>(distinct);
        for (int from = 0; from < distinct; from += 500) {
            vectors.addAll(embedder.embedPassages(texts.subList(from, Math.min(distinct, from + 500))));
            System.err.printf(Locale.ROOT, "search-scale: embedded %,d of %,d%n", vectors.size(), distinct);
        }
        double embedSeconds = (System.nanoTime() - t0) / 1e9;

        Path dir = Files.createTempDirectory("llmsvc-scale");
        try (LuceneChunkIndex index = new LuceneChunkIndex(dir, embedder)) {
            Set<String> allowed = new HashSet<>();
            t0 = System.nanoTime();
            for (int start = 0; start < total; start += CHUNKS_PER_DOCUMENT) {
                String doc = "syn" + (start / CHUNKS_PER_DOCUMENT);
                List<Chunk> chunks = new ArrayList<>();
                List<float[]> vs = new ArrayList<>();
                for (int i = start; i < Math.min(total, start + CHUNKS_PER_DOCUMENT); i++) {
                    String text = i < distinct ? texts.get(i) : texts.get(i % distinct).replaceAll("\\(ref \\d+\\)$", "(ref " + (100_000 + i) + ")");
                    chunks.add(new Chunk(Chunk.idOf(doc, i - start), doc, i - start, text, "Synthetic " + doc, doc + ".txt", null, null, 0, text.length(), text.length() / 4));
                    vs.add(i < distinct ? vectors.get(i) : noisy(vectors.get(i % distinct), random));
                }
                index.replaceDocument(doc, chunks, vs);
                allowed.add(doc);
            }
            for (var d : set.documents) {
                List<Chunk> cs = set.chunks(d);
                index.replaceDocument(d.id(), cs, embedder.embedPassages(cs.stream().map(Chunk::text).toList()));
                allowed.add(d.id());
            }
            double indexSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%,d chunks in %,d documents (%,d embedded for real); index %s on disk in %d segments%n%n",
                    index.size(), allowed.size(), distinct, mb(dir), index.segments());
            new Table("ingestion stage", "chunks", "seconds", "chunks/s")
                    .row("embedding (built-in MiniLM, batches of 500)", distinct, Stats.f1(embedSeconds), Stats.f1(distinct / embedSeconds))
                    .row("indexing (Lucene: BM25 fields + HNSW, one commit per 50-chunk document)", index.size(), Stats.f1(indexSeconds), Stats.f1(index.size() / indexSeconds))
                    .print();
            System.out.println();

            SearchProperties settings = SearchProperties.defaults();
            HybridRetrieval retrieval = RetrievalBench.retrieval(index, embedder, settings, Reranker.DEFAULT);
            List<RetrievalSet.Question> qs = set.questions("eval");
            for (int i = 0; i < 50; i++) retrieval.search(qs.get(i % qs.size()).text(), 10, "hybrid", allowed); // warm-up
            Set<String> half = new HashSet<>();
            for (String d : allowed) if (!d.startsWith("syn") || Integer.parseInt(d.substring(3)) % 2 == 0) half.add(d);
            Table lat = new Table("mode (top 10)", "allowed documents", "p50 ms", "p95 ms", "p99 ms", "queries");
            for (var filter : List.of(java.util.Map.entry("all " + allowed.size(), allowed), java.util.Map.entry("half: " + half.size(), half))) {
                for (String mode : List.of("bm25", "vector", "fused", "hybrid")) {
                    Stats stats = new Stats();
                    for (int i = 0; i < queries; i++) {
                        String q = qs.get(i % qs.size()).text();
                        long s = System.nanoTime();
                        retrieval.search(q, 10, mode, filter.getValue());
                        stats.add(System.nanoTime() - s);
                    }
                    lat.row(mode, filter.getKey(), Stats.ms(stats.percentileMs(50)), Stats.ms(stats.percentileMs(95)), Stats.ms(stats.percentileMs(99)), stats.count());
                }
            }
            Stats embed = new Stats();
            for (int i = 0; i < queries; i++) {
                long s = System.nanoTime();
                embedder.embedQuery(qs.get(i % qs.size()).text());
                embed.add(System.nanoTime() - s);
            }
            lat.row("(of which: query embedding)", "", Stats.ms(embed.percentileMs(50)), Stats.ms(embed.percentileMs(95)), Stats.ms(embed.percentileMs(99)), embed.count());
            lat.print();
            System.out.println();
            breakdown(index, embedder, settings, qs, queries, half);
            int merge = Integer.parseInt(BenchMain.option("merge", "0"));
            if (merge > 0) {
                long m0 = System.nanoTime();
                index.forceMerge(merge);
                System.out.printf(Locale.ROOT, "forceMerge(%d): %.1f s, now %d segments%n%n", merge, (System.nanoTime() - m0) / 1e9, index.segments());
                Table merged = new Table("mode (top 10, after the merge)", "allowed documents", "p50 ms", "p95 ms", "p99 ms", "queries");
                for (var filter : List.of(java.util.Map.entry("all " + allowed.size(), allowed), java.util.Map.entry("half: " + half.size(), half))) {
                    for (String mode : List.of("bm25", "vector", "hybrid")) {
                        Stats stats = new Stats();
                        for (int i = 0; i < queries; i++) {
                            long st = System.nanoTime();
                            retrieval.search(qs.get(i % qs.size()).text(), 10, mode, filter.getValue());
                            stats.add(System.nanoTime() - st);
                        }
                        merged.row(mode, filter.getKey(), Stats.ms(stats.percentileMs(50)), Stats.ms(stats.percentileMs(95)), Stats.ms(stats.percentileMs(99)), stats.count());
                    }
                }
                merged.print();
                System.out.println();
            }

            Table quality = new Table("mode", "same-language recall@5 among " + String.format(Locale.ROOT, "%,d", index.size()) + " chunks");
            for (String mode : List.of("bm25", "vector", "fused", "hybrid")) {
                int answerable = 0, hit = 0;
                for (var q : qs) {
                    if (!q.kind().equals("same")) continue;
                    answerable++;
                    int r = RetrievalBench.rank(retrieval.search(q.text(), 10, mode, allowed).results(), q.gold());
                    if (r > 0 && r <= 5) hit++;
                }
                quality.row(mode, Stats.f2(hit / (double) answerable) + " (n=" + answerable + ")");
            }
            quality.print();
            System.out.println();
        } finally {
            RetrievalBench.deleteTree(dir);
        }
    }

    /** Where a hybrid query's time goes, phase by phase (the same calls HybridRetrieval makes). */
    private static void breakdown(LuceneChunkIndex index, Embedder embedder, SearchProperties settings, List<RetrievalSet.Question> qs,
                                  int queries, Set<String> allowed) {
        String[] phases = {"query embedding", "BM25 top 50", "kNN top 50", "stored vectors of BM25-only candidates", "term vectors of 40 candidates",
                "document frequencies of query terms", "reranker features + scores"};
        Stats[] stats = new Stats[phases.length];
        for (int i = 0; i < stats.length; i++) stats[i] = new Stats();
        Reranker reranker = new Reranker(Reranker.DEFAULT);
        for (int i = 0; i < queries; i++) {
            String q = qs.get(i % qs.size()).text();
            long t = System.nanoTime();
            float[] v = embedder.embedQuery(q);
            long t1 = System.nanoTime();
            var bm25 = index.keywordSearch(q, settings.candidates(), allowed);
            long t2 = System.nanoTime();
            var knn = index.vectorSearch(v, settings.candidates(), allowed);
            long t3 = System.nanoTime();
            Set<String> knnIds = new HashSet<>();
            knn.forEach(h -> knnIds.add(h.chunk().chunkId()));
            List<String> bm25Only = bm25.stream().map(h -> h.chunk().chunkId()).filter(id -> !knnIds.contains(id)).toList();
            index.vectors(bm25Only);
            long t4 = System.nanoTime();
            List<io.llmsvc.agents.documents.search.Candidate> head = new ArrayList<>();
            for (var h : bm25) if (head.size() < settings.rerankDepth()) head.add(new io.llmsvc.agents.documents.search.Candidate(h.chunk(), h.score(), 1, Double.NaN, 0, 0.01));
            var terms = index.passageTerms(head.stream().map(c -> c.chunk().chunkId()).toList());
            long t5 = System.nanoTime();
            var df = index.documentFrequencies(Reranker.queryTerms(q));
            long t6 = System.nanoTime();
            reranker.rerank(q, head, df, index.size(), terms);
            long t7 = System.nanoTime();
            long[] marks = {t, t1, t2, t3, t4, t5, t6, t7};
            for (int p = 0; p < phases.length; p++) stats[p].add(marks[p + 1] - marks[p]);
        }
        Table table = new Table("hybrid phase (allowed: half)", "p50 ms", "p95 ms");
        for (int p = 0; p < phases.length; p++) table.row(phases[p], Stats.ms(stats[p].percentileMs(50)), Stats.ms(stats[p].percentileMs(95)));
        table.print();
        System.out.println();
    }

    private static String pseudoWord(Random r, String consonants, String vowels) {
        StringBuilder b = new StringBuilder();
        int syllables = 2 + r.nextInt(3);
        for (int i = 0; i < syllables; i++) b.append(consonants.charAt(r.nextInt(consonants.length()))).append(vowels.charAt(r.nextInt(vowels.length())));
        return b.toString();
    }

    private static String pseudoHangul(Random r) {
        StringBuilder b = new StringBuilder();
        int syllables = 2 + r.nextInt(2);
        for (int i = 0; i < syllables; i++) b.append((char) (0xAC00 + r.nextInt(11172)));
        return b.toString();
    }

    static float[] noisy(float[] v, Random random) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] += (float) (random.nextGaussian() * 0.02);
        return Vectors.normalize(out);
    }

    private static String mb(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
        }
    }

    private SearchScaleBench() {}
}
