package io.llmsvc.agents.documents.index;

import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.embedding.Embedders;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.runtime.config.InvalidSettingException;

/**
 * Which embedder an index's vectors came from, as recorded in the index itself (Lucene commit data, Chroma
 * collection metadata). Vectors of two models are not comparable, and a different size cannot even be searched,
 * so an index is only ever used with the embedder that built it: a change is a clear error at start.
 *
 * @param id         {@link Embedder#id()}, or null for an index that has no vectors yet
 * @param dimensions vector size, or 0 when not yet known
 */
public record IndexedEmbedder(String id, int dimensions) {

    /** Fails when an index built by this embedder cannot be used with {@code current}. */
    public void verifyAtStart(Embedder current, String where) {
        if (id == null) return;
        if (!id.equals(current.id())) {
            throw new InvalidSettingException("llmsvc.agents.embeddings.provider", "the chunk index at " + where
                    + " holds vectors of embedder '" + id + "' (" + dimensions + " dimensions), but the configured embedder is '"
                    + current.id() + "': configure '" + id + "' again, or move the index away and re-ingest the documents");
        }
        if (dimensions > 0 && Embedders.dimensionsKnown(current) && current.dimensions() != dimensions) {
            throw new InvalidSettingException("llmsvc.agents.embeddings.dimensions", "the chunk index at " + where + " holds "
                    + dimensions + "-dimensional vectors, but embedder '" + current.id() + "' makes " + current.dimensions()
                    + ": move the index away and re-ingest the documents");
        }
    }

    /** Fails when vectors about to be written or searched do not fit this index. */
    public void verifyVector(float[] v, String where) {
        if (dimensions > 0 && v.length != dimensions) {
            throw new LlmsvcException(ErrorCode.INTERNAL, "the chunk index at " + where + " holds " + dimensions
                    + "-dimensional vectors of '" + id + "', got " + v.length + ": the embedding model changed"
                    + " (same id, different size); move the index away and re-ingest the documents");
        }
    }
}
