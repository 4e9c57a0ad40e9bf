package io.llmsvc.agents.documents.index.lucene;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.index.IndexedEmbedder;
import io.llmsvc.agents.documents.index.PassageTerms;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Fields;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The embedded chunk index: one Lucene index on disk with BM25 over a Korean (Nori) and an English analysis of each
 * chunk, and an HNSW graph of its unit vectors (dot product = cosine).
 *
 * <p>Atomicity: {@link #replaceDocument} is one {@link IndexWriter#updateDocuments} call (delete by document id and
 * add the new block as a single operation), followed by a commit and a refresh of the {@link SearcherManager}; a
 * searcher sees the document entirely before or entirely after, never a mix, and a crash before the commit leaves
 * the previous commit. One {@link IndexWriter}; writes are serialised (each ends in a commit anyway), searches run
 * concurrently on acquired searchers.
 *
 * <p>The embedder that made the vectors (id and size) is kept in the commit data; opening the index with another one
 * fails at start ({@link IndexedEmbedder}). A keyword-only index ({@code embedder == null}) keeps no vectors: the
 * Chroma adapter uses one for BM25 next to Chroma's vectors.
 */
public final class LuceneChunkIndex implements ChunkIndex {
    private static final String META_EMBEDDER = "embedder";
    private static final String META_DIMENSIONS = "dimensions";

    private final Path dir;
    private final boolean vectors;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private volatile IndexedEmbedder indexed;
    /**
     * Every document with chunks in the index, or about to have them: added before a document becomes visible,
     * removed after it is gone, under {@link #writeLock}. A search whose allowed set covers all of it needs no filter.
     */
    private final Set<String> documents = ConcurrentHashMap.newKeySet();
    private final Object writeLock = new Object();

    /**
     * Opens (or creates) the index in {@code dir}.
     *
     * @param embedder the embedder whose vectors this index stores, or null for a keyword-only index
     */
    public LuceneChunkIndex(Path dir, Embedder embedder) {
        this.dir = dir;
        this.vectors = embedder != null;
        try {
            Files.createDirectories(dir);
            this.directory = FSDirectory.open(dir);
            IndexWriterConfig config = new IndexWriterConfig(ChunkFields.analyzer())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(new ChunkCodec())
                    .setRAMBufferSizeMB(64);
            this.writer = new IndexWriter(directory, config);
            try {
                this.indexed = readMeta();
                if (embedder != null) indexed.verifyAtStart(embedder, dir.toString());
            } catch (RuntimeException e) {
                writer.close(); // release the write lock: the process stops, or the caller retries with other settings
                directory.close();
                throw e;
            }
            if (indexed.id() == null && embedder != null) indexed = new IndexedEmbedder(embedder.id(), 0);
            this.searchers = new SearcherManager(writer, null);
            documents.addAll(documentIds());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the chunk index at " + dir, e);
        }
    }

    @Override
    public void replaceDocument(String documentId, List<Chunk> chunks, List<float[]> vectorsOfChunks) {
        replaceDocument(documentId, chunks, vectorsOfChunks, null);
    }

    /**
     * {@link #replaceDocument(String, List, List)} with every chunk tagged {@code generation}, readable back with
     * {@link #generations}: the Chroma adapter uses it to tell current vectors from stale ones.
     */
    public void replaceDocument(String documentId, List<Chunk> chunks, List<float[]> vectorsOfChunks, String generation) {
        if (vectors && (vectorsOfChunks == null || vectorsOfChunks.size() != chunks.size())) {
            throw new IllegalArgumentException("one vector per chunk expected");
        }
        List<Document> docs = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            if (!documentId.equals(c.documentId())) throw new IllegalArgumentException("chunk " + c.chunkId() + " is not of " + documentId);
            float[] v = null;
            if (vectors) {
                v = vectorsOfChunks.get(i);
                indexed.verifyVector(v, dir.toString());
            }
            docs.add(ChunkFields.toDocument(c, v, generation));
        }
        synchronized (writeLock) {
            try {
                if (!docs.isEmpty()) documents.add(documentId);
                Term term = new Term(ChunkFields.DOCUMENT_ID, documentId);
                // an empty block is a plain delete (updateDocuments with no documents upsets IndexWriter's accounting)
                if (docs.isEmpty()) writer.deleteDocuments(term); else writer.updateDocuments(term, docs);
                if (vectors && !docs.isEmpty() && indexed.dimensions() == 0) rememberDimensions(vectorsOfChunks.getFirst().length);
                commit();
                if (docs.isEmpty()) documents.remove(documentId);
            } catch (IOException | RuntimeException e) {
                throw failure("index document " + documentId, e);
            }
        }
    }

    @Override
    public void deleteDocument(String documentId) {
        synchronized (writeLock) {
            try {
                writer.deleteDocuments(new Term(ChunkFields.DOCUMENT_ID, documentId));
                commit();
                documents.remove(documentId);
            } catch (IOException e) {
                throw failure("delete document " + documentId, e);
            }
        }
    }

    /**
     * True when {@code allowed} names every document in the index (or is null): a search then needs no filter, which
     * saves building a bit set of the allowed documents' chunks on every query.
     */
    public boolean allowsEverything(Set<String> allowed) {
        return allowed == null || (allowed.size() >= documents.size() && allowed.containsAll(documents));
    }

    @Override
    public Set<String> documentIds() {
        return withSearcher(s -> {
            Set<String> ids = new TreeSet<>();
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                LeafReader r = leaf.reader();
                Terms terms = r.terms(ChunkFields.DOCUMENT_ID);
                if (terms == null) continue;
                Bits live = r.getLiveDocs();
                TermsEnum te = terms.iterator();
                PostingsEnum pe = null;
                for (BytesRef t = te.next(); t != null; t = te.next()) {
                    pe = te.postings(pe, PostingsEnum.NONE);
                    for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
                        if (live == null || live.get(d)) {
                            ids.add(t.utf8ToString());
                            break;
                        }
                    }
                }
            }
            return ids;
        });
    }

    @Override
    public List<ScoredChunk> keywordSearch(String query, int k, Set<String> allowedDocuments) {
        if (k < 1 || (allowedDocuments != null && allowedDocuments.isEmpty())) return List.of();
        Query q = KeywordQuery.build(query);
        if (q == null) return List.of();
        Query filter = filter(allowedDocuments);
        Query full = filter == null ? q
                : new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST).add(filter, BooleanClause.Occur.FILTER).build();
        return withSearcher(s -> hits(s, s.search(full, k), false));
    }

    @Override
    public List<ScoredChunk> vectorSearch(float[] query, int k, Set<String> allowedDocuments) {
        if (!vectors) throw new IllegalStateException("keyword-only index");
        if (k < 1 || (allowedDocuments != null && allowedDocuments.isEmpty())) return List.of();
        indexed.verifyVector(query, dir.toString());
        Query knn = new KnnFloatVectorQuery(ChunkFields.VECTOR, query, k, filter(allowedDocuments));
        return withSearcher(s -> hits(s, s.search(knn, k), true));
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        if (!vectors || chunkIds.isEmpty()) return Map.of();
        return withSearcher(s -> {
            Map<String, float[]> out = new HashMap<>();
            TopDocs top = s.search(new TermInSetQuery(ChunkFields.CHUNK_ID, bytes(chunkIds)), chunkIds.size());
            var leaves = s.getIndexReader().leaves();
            var stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
                FloatVectorValues values = leaf.reader().getFloatVectorValues(ChunkFields.VECTOR);
                if (values == null) continue;
                KnnVectorValues.DocIndexIterator it = values.iterator();
                int local = sd.doc - leaf.docBase;
                if (it.advance(local) == local) {
                    String id = stored.document(sd.doc, Set.of(ChunkFields.CHUNK_ID)).get(ChunkFields.CHUNK_ID);
                    out.put(id, values.vectorValue(it.index()).clone());
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, Integer> documentFrequencies(Collection<String> terms) {
        if (terms.isEmpty()) return Map.of();
        return withSearcher(s -> {
            Map<String, Integer> out = new HashMap<>();
            var reader = s.getIndexReader();
            for (String t : terms) {
                String field = t.startsWith("ko:") ? ChunkFields.TEXT_KO : t.startsWith("en:") ? ChunkFields.TEXT_EN : null;
                if (field != null) out.put(t, reader.docFreq(new Term(field, t.substring(3))));
            }
            return out;
        });
    }

    @Override
    public Map<String, PassageTerms> passageTerms(Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) return Map.of();
        return withSearcher(s -> {
            Map<String, PassageTerms> out = new HashMap<>();
            TopDocs top = s.search(new TermInSetQuery(ChunkFields.CHUNK_ID, bytes(chunkIds)), chunkIds.size());
            var stored = s.storedFields();
            var vectorsOfTerms = s.getIndexReader().termVectors();
            for (ScoreDoc sd : top.scoreDocs) {
                String id = stored.document(sd.doc, Set.of(ChunkFields.CHUNK_ID)).get(ChunkFields.CHUNK_ID);
                Fields tv = vectorsOfTerms.get(sd.doc);
                if (tv == null) continue;
                List<String> meta = new ArrayList<>();
                for (String t : byPosition(tv.terms(ChunkFields.META_KO), "ko:")) if (t != null) meta.add(t);
                for (String t : byPosition(tv.terms(ChunkFields.META_EN), "en:")) if (t != null) meta.add(t);
                out.put(id, new PassageTerms(byPosition(tv.terms(ChunkFields.TEXT_KO), "ko:"), byPosition(tv.terms(ChunkFields.TEXT_EN), "en:"), meta));
            }
            return out;
        });
    }

    /** A field's terms laid out by position (null where nothing was indexed), from its term vector. */
    private static String[] byPosition(Terms terms, String prefix) throws IOException {
        if (terms == null) return new String[0];
        List<String> at = new ArrayList<>();
        TermsEnum te = terms.iterator();
        PostingsEnum pe = null;
        for (BytesRef t = te.next(); t != null; t = te.next()) {
            String term = prefix + t.utf8ToString();
            pe = te.postings(pe, PostingsEnum.POSITIONS);
            pe.nextDoc();
            for (int i = 0; i < pe.freq(); i++) {
                int p = pe.nextPosition();
                while (at.size() <= p) at.add(null);
                at.set(p, term);
            }
        }
        return at.toArray(String[]::new);
    }

    /** The generation tag of each of these chunks that is in the index (see the four-argument replaceDocument). */
    public Map<String, String> generations(Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) return Map.of();
        return withSearcher(s -> {
            Map<String, String> out = new HashMap<>();
            TopDocs top = s.search(new TermInSetQuery(ChunkFields.CHUNK_ID, bytes(chunkIds)), chunkIds.size());
            var stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc, Set.of(ChunkFields.CHUNK_ID, ChunkFields.GENERATION));
                if (ChunkFields.generation(d) != null) out.put(d.get(ChunkFields.CHUNK_ID), ChunkFields.generation(d));
            }
            return out;
        });
    }

    /** Chunks by id, in the order asked, skipping the ones not in the index. */
    public Map<String, Chunk> chunks(Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) return Map.of();
        Map<String, Chunk> found = withSearcher(s -> {
            Map<String, Chunk> m = new HashMap<>();
            TopDocs top = s.search(new TermInSetQuery(ChunkFields.CHUNK_ID, bytes(chunkIds)), chunkIds.size());
            var stored = s.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                Chunk c = ChunkFields.toChunk(stored.document(sd.doc));
                m.put(c.chunkId(), c);
            }
            return m;
        });
        Map<String, Chunk> ordered = new LinkedHashMap<>();
        for (String id : chunkIds) if (found.containsKey(id)) ordered.put(id, found.get(id));
        return ordered;
    }

    @Override
    public Chunk chunk(String chunkId) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(ChunkFields.CHUNK_ID, chunkId)), 1);
            return top.scoreDocs.length == 0 ? null : ChunkFields.toChunk(s.storedFields().document(top.scoreDocs[0].doc));
        });
    }

    @Override
    public int size() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    /**
     * Merges the index down to at most {@code maxSegments} segments and commits (maintenance after a bulk load:
     * kNN and BM25 search every segment, so fewer segments answer faster; merging HNSW graphs costs minutes at
     * 100k chunks). Searches continue meanwhile; writes wait.
     */
    public void forceMerge(int maxSegments) {
        synchronized (writeLock) {
            try {
                writer.forceMerge(maxSegments);
                commit();
            } catch (IOException e) {
                throw failure("merge segments", e);
            }
        }
    }

    /** Segments searched right now. */
    public int segments() {
        return withSearcher(s -> s.getIndexReader().leaves().size());
    }

    /** The embedder recorded in this index (id null while it holds no vectors). */
    public IndexedEmbedder indexedEmbedder() { return indexed; }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the chunk index at " + dir, e);
        }
    }

    private void commit() throws IOException {
        Map<String, String> meta = new HashMap<>();
        if (indexed.id() != null) {
            meta.put(META_EMBEDDER, indexed.id());
            meta.put(META_DIMENSIONS, Integer.toString(indexed.dimensions()));
        }
        writer.setLiveCommitData(meta.entrySet());
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    private synchronized void rememberDimensions(int n) {
        if (indexed.dimensions() == 0) indexed = new IndexedEmbedder(indexed.id(), n);
    }

    private IndexedEmbedder readMeta() throws IOException {
        if (!DirectoryReader.indexExists(directory)) return new IndexedEmbedder(null, 0);
        Map<String, String> data = new HashMap<>();
        var it = writer.getLiveCommitData();
        if (it != null) it.forEach(e -> data.put(e.getKey(), e.getValue()));
        String id = data.get(META_EMBEDDER);
        return new IndexedEmbedder(id, id == null ? 0 : Integer.parseInt(data.getOrDefault(META_DIMENSIONS, "0")));
    }

    private Query filter(Set<String> allowed) {
        return allowsEverything(allowed) ? null : new TermInSetQuery(ChunkFields.DOCUMENT_ID, bytes(allowed));
    }

    private static List<BytesRef> bytes(Collection<String> values) {
        return values.stream().map(BytesRef::new).toList();
    }

    private List<ScoredChunk> hits(IndexSearcher s, TopDocs top, boolean vectorScores) throws IOException {
        List<ScoredChunk> out = new ArrayList<>(top.scoreDocs.length);
        var stored = s.storedFields();
        for (ScoreDoc sd : top.scoreDocs) {
            // Lucene scores DOT_PRODUCT as (1 + dot) / 2; hand back the cosine itself
            double score = vectorScores ? 2.0 * sd.score - 1.0 : sd.score;
            out.add(new ScoredChunk(ChunkFields.toChunk(stored.document(sd.doc)), score));
        }
        return out;
    }

    private interface SearcherWork<T> {
        T apply(IndexSearcher s) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        IndexSearcher s;
        try {
            s = searchers.acquire();
        } catch (IOException e) {
            throw failure("open a searcher", e);
        }
        try {
            return work.apply(s);
        } catch (IOException e) {
            throw failure("search", e);
        } finally {
            try {
                searchers.release(s);
            } catch (IOException ignored) {
                // releasing only decrements a reference count
            }
        }
    }

    private LlmsvcException failure(String what, Exception e) {
        if (e instanceof LlmsvcException le) return le;
        if (e instanceof IllegalArgumentException iae) throw iae;
        return new LlmsvcException(ErrorCode.INTERNAL, "the chunk index at " + dir + " could not " + what + ": " + e.getMessage(), null, e);
    }
}
