package io.llmsvc.agents.documents;

import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.embedding.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chunk index in memory for the ingestion tests (the real ones are Lucene and Chroma). Replacing a document swaps
 * one map entry, so readers see the old or the new chunks, never a mix. Keyword search counts shared words.
 */
public final class MemoryChunkIndex implements ChunkIndex {
    private record Entry(List<Chunk> chunks, List<float[]> vectors) {}

    private final Map<String, Entry> docs = new ConcurrentHashMap<>();
    public volatile int replaceCalls;

    @Override
    public void replaceDocument(String documentId, List<Chunk> chunks, List<float[]> vectors) {
        if (chunks.size() != vectors.size()) throw new IllegalArgumentException("one vector per chunk");
        for (Chunk c : chunks) {
            if (!c.documentId().equals(documentId)) throw new IllegalArgumentException("chunk of another document");
        }
        docs.put(documentId, new Entry(List.copyOf(chunks), List.copyOf(vectors)));
        replaceCalls++;
    }

    @Override
    public void deleteDocument(String documentId) {
        docs.remove(documentId);
    }

    @Override
    public Set<String> documentIds() {
        return Set.copyOf(docs.keySet());
    }

    @Override
    public List<ScoredChunk> keywordSearch(String query, int k, Set<String> allowedDocuments) {
        Set<String> terms = Set.of(query.toLowerCase(Locale.ROOT).split("\\s+"));
        List<ScoredChunk> hits = new ArrayList<>();
        for (String id : allowedDocuments) {
            Entry e = docs.get(id);
            if (e == null) continue;
            for (Chunk c : e.chunks()) {
                String text = c.text().toLowerCase(Locale.ROOT);
                long n = terms.stream().filter(text::contains).count();
                if (n > 0) hits.add(new ScoredChunk(c, n));
            }
        }
        return hits.stream().sorted(Comparator.comparingDouble(ScoredChunk::score).reversed()).limit(k).toList();
    }

    @Override
    public List<ScoredChunk> vectorSearch(float[] query, int k, Set<String> allowedDocuments) {
        List<ScoredChunk> hits = new ArrayList<>();
        for (String id : allowedDocuments) {
            Entry e = docs.get(id);
            if (e == null) continue;
            for (int i = 0; i < e.chunks().size(); i++) hits.add(new ScoredChunk(e.chunks().get(i), Vectors.dot(query, e.vectors().get(i))));
        }
        return hits.stream().sorted(Comparator.comparingDouble(ScoredChunk::score).reversed()).limit(k).toList();
    }

    @Override
    public Chunk chunk(String chunkId) {
        int colon = chunkId.lastIndexOf(':');
        if (colon < 0) return null;
        Entry e = docs.get(chunkId.substring(0, colon));
        if (e == null) return null;
        return e.chunks().stream().filter(c -> c.chunkId().equals(chunkId)).findFirst().orElse(null);
    }

    /** The chunks of one document, in order (empty when it has none). */
    public List<Chunk> chunks(String documentId) {
        Entry e = docs.get(documentId);
        return e == null ? List.of() : e.chunks();
    }

    public List<float[]> vectors(String documentId) {
        Entry e = docs.get(documentId);
        return e == null ? List.of() : e.vectors();
    }

    @Override
    public int size() {
        return docs.values().stream().mapToInt(e -> e.chunks().size()).sum();
    }

    @Override
    public void close() {
    }
}
