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
 * <p>How the chunks are made: the sentences of the retrieval set's 50 documents (Korean and English) are the
 * material; each synthetic chunk is 3–6 sentences drawn at random (seed 42) plus a reference number, grouped 50
 * chunks to a document. {@code --distinct} (default 20,000) of them are embedded for real; chunk {@code i} beyond
 * that reuses the text of chunk {@code i mod distinct} with another reference number and that chunk's vector plus
 * Gaussian noise (σ = 0.02 per dimension, renormalised), so the HNSW graph sees 100k distinct vectors in realistic
 * clusters without embedding them all ({@code --distinct=100000} embeds every one). The 50 real documents are
 * indexed too, so hybrid recall@5 is also measured among the 100k distractors.
 *
 * <p>Every search passes the ids of all documents as the allowed set (a TermInSetQuery of ~2,000 ids, the worst case
 * of the document service's filter). Latencies are per query after a warm-up, one query at a time.
 */
final class SearchScaleBench {
    static final int CHUNKS_PER_DOCUMENT = 50;

    static void run() throws Exception {
        int total = Integer.parseInt(BenchMain.option("chunks", "100000"));
        int distinct = Math.min(total, Integer.parseInt(BenchMain.option("distinct", "20000")));
        int queries = Integer.parseInt(BenchMain.option("queries", "300"));
        RetrievalSet set = RetrievalSet.load();
        List<String> sentences = new ArrayList<>();
        for (var d : set.documents) for (String p : d.paragraphs()) for (String s : p.split("(?<=[.!?])\\s+")) sentences.add(s.strip());
        Random random = new Random(42);
        Embedder embedder = new BuiltinEmbedder();

        List<String> texts = new ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) {
            StringBuilder b = new StringBuilder();
            int n = 3 + random.nextInt(4);
            for (int j = 0; j < n; j++) b.append(sentences.get(random.nextInt(sentences.size()))).append(' ');
            texts.add(b.append("(ref ").append(100_000 + i).append(')').toString());
        }
        long t0 = System.nanoTime();
        List<float[]> vectors = new ArrayList<>(distinct);
        for (int from = 0; from < distinct; from += 512) vectors.addAll(embedder.embedPassages(texts.subList(from, Math.min(distinct, from + 512))));
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
            System.out.printf(Locale.ROOT, "%,d chunks in %,d documents (%,d embedded for real); index %s on disk%n%n",
                    index.size(), allowed.size(), distinct, mb(dir));
            new Table("ingestion stage", "chunks", "seconds", "chunks/s")
                    .row("embedding (built-in MiniLM, batches of 512)", distinct, Stats.f1(embedSeconds), Stats.f1(distinct / embedSeconds))
                    .row("indexing (Lucene: BM25 fields + HNSW, one commit per 50-chunk document)", index.size(), Stats.f1(indexSeconds), Stats.f1(index.size() / indexSeconds))
                    .print();
            System.out.println();

            SearchProperties settings = SearchProperties.defaults();
            HybridRetrieval retrieval = RetrievalBench.retrieval(index, embedder, settings, Reranker.DEFAULT);
            List<RetrievalSet.Question> qs = set.questions("eval");
            for (int i = 0; i < 50; i++) retrieval.search(qs.get(i % qs.size()).text(), 10, "hybrid", allowed); // warm-up
            Table lat = new Table("mode (top 10, allowed = all documents)", "p50 ms", "p95 ms", "p99 ms", "queries");
            for (String mode : List.of("bm25", "vector", "fused", "hybrid")) {
                Stats stats = new Stats();
                for (int i = 0; i < queries; i++) {
                    String q = qs.get(i % qs.size()).text();
                    long s = System.nanoTime();
                    retrieval.search(q, 10, mode, allowed);
                    stats.add(System.nanoTime() - s);
                }
                lat.row(mode, Stats.ms(stats.percentileMs(50)), Stats.ms(stats.percentileMs(95)), Stats.ms(stats.percentileMs(99)), stats.count());
            }
            Stats embed = new Stats();
            for (int i = 0; i < queries; i++) {
                long s = System.nanoTime();
                embedder.embedQuery(qs.get(i % qs.size()).text());
                embed.add(System.nanoTime() - s);
            }
            lat.row("(of which: query embedding)", Stats.ms(embed.percentileMs(50)), Stats.ms(embed.percentileMs(95)), Stats.ms(embed.percentileMs(99)), embed.count());
            lat.print();
            System.out.println();

            int answerable = 0, hit = 0;
            for (var q : qs) {
                if (!q.kind().equals("same")) continue;
                answerable++;
                int r = RetrievalBench.rank(retrieval.search(q.text(), 10, "hybrid", allowed).results(), q.gold());
                if (r > 0 && r <= 5) hit++;
            }
            System.out.printf(Locale.ROOT, "hybrid recall@5 of the same-language eval questions among %,d chunks: %.2f (n=%d)%n%n",
                    index.size(), hit / (double) answerable, answerable);
        } finally {
            RetrievalBench.deleteTree(dir);
        }
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
