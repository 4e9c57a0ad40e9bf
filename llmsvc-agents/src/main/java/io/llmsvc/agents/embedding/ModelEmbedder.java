package io.llmsvc.agents.embedding;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every embedder does around its model: puts the query or passage prefix before each text, splits input into
 * batches, learns the vector size from the first answer (or checks it against the configured one), rejects answers
 * of the wrong size or count, and scales every vector to unit length.
 */
abstract class ModelEmbedder implements Embedder {
    private static final String PROBE = "dimension probe";

    private final String id;
    private final String queryPrefix;
    private final String passagePrefix;
    private final int batchSize;
    private final Integer configuredDimensions;
    private volatile int dimensions;

    ModelEmbedder(String id, String queryPrefix, String passagePrefix, int batchSize, Integer dimensions) {
        this.id = id;
        this.queryPrefix = queryPrefix == null ? "" : queryPrefix;
        this.passagePrefix = passagePrefix == null ? "" : passagePrefix;
        this.batchSize = batchSize;
        this.configuredDimensions = dimensions;
        this.dimensions = dimensions == null ? 0 : dimensions;
    }

    /** One batch of already prefixed texts; one vector per text, in order, not necessarily normalised. */
    protected abstract List<float[]> embedBatch(List<String> texts);

    @Override
    public final String id() { return id; }

    /** Known from settings, from an earlier call, or learnt now by embedding a probe text. */
    @Override
    public int dimensions() {
        if (dimensions == 0) embedQuery(PROBE);
        return dimensions;
    }

    /** True when {@link #dimensions()} needs no call to the model. */
    boolean dimensionsKnown() { return dimensions != 0; }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(t -> passagePrefix + nonEmpty(t)).toList();
            out.addAll(checked(embedBatch(batch), batch.size()));
        }
        return out;
    }

    @Override
    public float[] embedQuery(String text) {
        return checked(embedBatch(List.of(queryPrefix + nonEmpty(text))), 1).getFirst();
    }

    private List<float[]> checked(List<float[]> vectors, int expected) {
        if (vectors == null || vectors.size() != expected) {
            throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "embedder " + id + " returned "
                    + (vectors == null ? 0 : vectors.size()) + " vectors for " + expected + " texts");
        }
        for (float[] v : vectors) {
            int n = v == null ? 0 : v.length;
            if (n == 0) throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "embedder " + id + " returned an empty vector");
            if (dimensions == 0) {
                synchronized (this) {
                    if (dimensions == 0) {
                        if (n > EmbeddingProperties.MAX_DIMENSIONS) {
                            throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "embedder " + id + " returns " + n
                                    + " dimensions; the index takes at most " + EmbeddingProperties.MAX_DIMENSIONS);
                        }
                        dimensions = n;
                    }
                }
            }
            if (n != dimensions) {
                throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "embedder " + id + " returned " + n
                        + "-dimensional vectors, expected " + dimensions
                        + (configuredDimensions != null ? " (llmsvc.agents.embeddings.dimensions)" : " (learnt from its first answer)"));
            }
            Vectors.normalize(v);
        }
        return vectors;
    }

    /** Models and upstreams reject blank input (langchain4j, OpenAI); a lone "." stands for "no content". */
    private static String nonEmpty(String t) {
        return t == null || t.isBlank() ? "." : t;
    }
}
