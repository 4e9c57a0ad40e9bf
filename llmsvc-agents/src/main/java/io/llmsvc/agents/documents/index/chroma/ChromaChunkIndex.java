package io.llmsvc.agents.documents.index.chroma;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.index.ChunkIndex;
import io.llmsvc.agents.documents.index.IndexedEmbedder;
import io.llmsvc.agents.documents.index.PassageTerms;
import io.llmsvc.agents.documents.index.lucene.LuceneChunkIndex;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chunk vectors (with their text and metadata) in a ChromaDB collection, keyword search in a local Lucene index.
 *
 * <p><b>Why two stores.</b> Chroma's open-source server ranks by vector distance only; its {@code where_document}
 * filter can require a substring but cannot score by BM25, and Korean needs morphological analysis (Nori) that it
 * does not have. So BM25 runs in a keyword-only {@link LuceneChunkIndex} kept next to this process, and Chroma holds
 * the vectors. Both are written on every change.
 *
 * <p><b>Never half-indexed, without transactions.</b> Chroma has no multi-operation transaction: "delete the old
 * chunks, add the new" can be seen half done, or stop half way. Each {@link #replaceDocument} therefore writes a new
 * <em>generation</em> of the document: (1) the new chunks are added to Chroma under ids {@code <chunk id>@<generation>}
 * with the generation in their metadata — invisible so far, because (2) the local Lucene index decides which
 * generation is current, and it switches atomically (one {@code updateDocuments} + commit); (3) older generations
 * are then deleted from Chroma. Vector hits whose generation is not the current one are dropped, so a search sees the
 * old chunks until step 2 and the new ones after it, never a mix — also after a crash between the steps, whose
 * leftovers are removed by the next replace or delete of that document. (The document service's own READY filter
 * covers first ingestion; generations make re-ingestion of a READY document safe as well.)
 *
 * <p>The collection's metadata records the embedder ({@code llmsvc_embedder}); another embedder fails at start.
 */
public final class ChromaChunkIndex implements ChunkIndex {
    private static final Logger log = LoggerFactory.getLogger(ChromaChunkIndex.class);
    static final String META_EMBEDDER = "llmsvc_embedder";
    private static final int ADD_BATCH = 256;

    private final ChromaClient chroma;
    private final LuceneChunkIndex keywords;
    private final String collectionId;
    private final String where;
    private volatile IndexedEmbedder indexed;

    /**
     * Connects to Chroma, gets or creates the collection and checks its embedder.
     *
     * @param keywords the local keyword-only index that also decides the current generation; closed with this one
     */
    public ChromaChunkIndex(String url, String tenant, String database, String collection, Secret token, Duration timeout,
                            Embedder embedder, LuceneChunkIndex keywords) {
        this.chroma = new ChromaClient(url, tenant, database, token, timeout);
        this.keywords = keywords;
        this.where = url + " collection " + collection;
        ObjectNode meta = ChromaClient.object().put(META_EMBEDDER, embedder.id());
        JsonNode c;
        try {
            c = chroma.collection(collection, meta);
        } catch (LlmsvcException e) {
            keywords.close();
            throw e;
        }
        this.collectionId = c.path("id").asString();
        String storedId = c.path("metadata").path(META_EMBEDDER).asString(null);
        int dims = c.path("dimension").isNumber() ? c.path("dimension").asInt() : 0;
        this.indexed = new IndexedEmbedder(storedId == null ? embedder.id() : storedId, dims);
        try {
            indexed.verifyAtStart(embedder, where);
        } catch (RuntimeException e) {
            keywords.close();
            throw e;
        }
    }

    @Override
    public void replaceDocument(String documentId, List<Chunk> chunks, List<float[]> vectors) {
        if (vectors == null || vectors.size() != chunks.size()) throw new IllegalArgumentException("one vector per chunk expected");
        String generation = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        for (int from = 0; from < chunks.size(); from += ADD_BATCH) {
            int to = Math.min(chunks.size(), from + ADD_BATCH);
            try {
                chroma.add(collectionId, records(chunks.subList(from, to), vectors.subList(from, to), generation));
            } catch (LlmsvcException e) {
                removeGeneration(documentId, generation);
                throw e;
            }
        }
        if (indexed.dimensions() == 0 && !vectors.isEmpty()) indexed = new IndexedEmbedder(indexed.id(), vectors.getFirst().length);
        try {
            keywords.replaceDocument(documentId, chunks, null, generation); // the switch: from here the new generation is current
        } catch (RuntimeException e) {
            removeGeneration(documentId, generation);
            throw e;
        }
        removeOtherGenerations(documentId, generation);
    }

    @Override
    public void deleteDocument(String documentId) {
        keywords.deleteDocument(documentId); // invisible from here on
        try {
            chroma.delete(collectionId, eq("document_id", documentId));
        } catch (LlmsvcException e) {
            log.warn("chunk vectors of document {} stay in ChromaDB until it is indexed or deleted again: {}", documentId, e.getMessage());
        }
    }

    @Override
    public Set<String> documentIds() { return keywords.documentIds(); }

    @Override
    public List<ScoredChunk> keywordSearch(String query, int k, Set<String> allowedDocuments) {
        return keywords.keywordSearch(query, k, allowedDocuments);
    }

    @Override
    public List<ScoredChunk> vectorSearch(float[] query, int k, Set<String> allowedDocuments) {
        if (k < 1 || (allowedDocuments != null && allowedDocuments.isEmpty())) return List.of();
        indexed.verifyVector(query, where);
        ObjectNode body = ChromaClient.object();
        body.putArray("query_embeddings").add(floats(query));
        body.put("n_results", k + Math.min(k, 16)); // a little more, for hits of a generation that is no longer current
        body.putArray("include").add("distances").add("metadatas");
        if (!keywords.allowsEverything(allowedDocuments)) body.set("where", in("document_id", allowedDocuments));
        JsonNode res = chroma.query(collectionId, body);
        JsonNode metas = res.path("metadatas").path(0);
        JsonNode distances = res.path("distances").path(0);
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, String> generations = new HashMap<>();
        for (int i = 0; i < metas.size(); i++) {
            String chunkId = metas.get(i).path("chunk_id").asString();
            if (scores.containsKey(chunkId)) continue;
            scores.put(chunkId, 1.0 - distances.path(i).asDouble(1.0)); // cosine distance back to cosine similarity
            generations.put(chunkId, metas.get(i).path("generation").asString());
        }
        Map<String, String> current = keywords.generations(scores.keySet());
        Map<String, Chunk> chunks = keywords.chunks(scores.keySet());
        List<ScoredChunk> out = new ArrayList<>(k);
        for (var e : scores.entrySet()) {
            if (out.size() == k) break;
            Chunk c = chunks.get(e.getKey());
            if (c != null && generations.get(e.getKey()).equals(current.get(e.getKey()))) out.add(new ScoredChunk(c, e.getValue()));
        }
        return out;
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) return Map.of();
        Map<String, String> current = keywords.generations(chunkIds);
        if (current.isEmpty()) return Map.of();
        ObjectNode body = ChromaClient.object();
        ArrayNode ids = body.putArray("ids");
        current.forEach((chunk, gen) -> ids.add(chunk + "@" + gen));
        body.putArray("include").add("embeddings");
        JsonNode res = chroma.get(collectionId, body);
        Map<String, float[]> out = new HashMap<>();
        for (int i = 0; i < res.path("ids").size(); i++) {
            String id = res.path("ids").get(i).asString();
            JsonNode emb = res.path("embeddings").path(i);
            float[] v = new float[emb.size()];
            for (int j = 0; j < v.length; j++) v[j] = (float) emb.get(j).asDouble();
            out.put(id.substring(0, id.lastIndexOf('@')), v);
        }
        return out;
    }

    @Override
    public Map<String, Integer> documentFrequencies(Collection<String> terms) { return keywords.documentFrequencies(terms); }

    @Override
    public Map<String, PassageTerms> passageTerms(Collection<String> chunkIds) { return keywords.passageTerms(chunkIds); }

    @Override
    public Chunk chunk(String chunkId) { return keywords.chunk(chunkId); }

    @Override
    public int size() { return keywords.size(); }

    /** Records in Chroma, stale generations included (for tests and operators). */
    public int chromaCount() { return chroma.count(collectionId); }

    @Override
    public void close() { keywords.close(); }

    private ObjectNode records(List<Chunk> chunks, List<float[]> vectors, String generation) {
        ObjectNode body = ChromaClient.object();
        ArrayNode ids = body.putArray("ids");
        ArrayNode embeddings = body.putArray("embeddings");
        ArrayNode documents = body.putArray("documents");
        ArrayNode metadatas = body.putArray("metadatas");
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            float[] v = vectors.get(i);
            indexed.verifyVector(v, where);
            ids.add(c.chunkId() + "@" + generation);
            embeddings.add(floats(v));
            documents.add(c.text());
            ObjectNode m = metadatas.addObject()
                    .put("document_id", c.documentId()).put("chunk_id", c.chunkId()).put("generation", generation)
                    .put("ordinal", c.ordinal()).put("start", c.start()).put("end", c.end());
            if (c.title() != null) m.put("title", c.title());
            if (c.source() != null) m.put("source", c.source());
            if (c.page() != null) m.put("page", c.page());
            if (c.section() != null) m.put("section", c.section());
        }
        return body;
    }

    private void removeGeneration(String documentId, String generation) {
        try {
            chroma.delete(collectionId, and(eq("document_id", documentId), eq("generation", generation)));
        } catch (LlmsvcException e) {
            log.warn("unused chunk vectors of document {} stay in ChromaDB until it is indexed again: {}", documentId, e.getMessage());
        }
    }

    private void removeOtherGenerations(String documentId, String current) {
        try {
            ObjectNode ne = ChromaClient.object();
            ne.putObject("generation").put("$ne", current);
            chroma.delete(collectionId, and(eq("document_id", documentId), ne));
        } catch (LlmsvcException e) {
            log.warn("replaced chunk vectors of document {} stay in ChromaDB (filtered out) until it is indexed again: {}", documentId, e.getMessage());
        }
    }

    private static ObjectNode eq(String field, String value) {
        ObjectNode w = ChromaClient.object();
        w.putObject(field).put("$eq", value);
        return w;
    }

    private static ObjectNode in(String field, Collection<String> values) {
        ObjectNode w = ChromaClient.object();
        ArrayNode arr = w.putObject(field).putArray("$in");
        values.forEach(arr::add);
        return w;
    }

    private static ObjectNode and(ObjectNode a, ObjectNode b) {
        ObjectNode w = ChromaClient.object();
        w.putArray("$and").add(a).add(b);
        return w;
    }

    private static ArrayNode floats(float[] v) {
        ArrayNode a = ChromaClient.JSON.createArrayNode();
        for (float x : v) a.add(x);
        return a;
    }
}
