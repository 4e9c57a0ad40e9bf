package io.llmsvc.agents.documents.index.lucene;

import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.embedding.Vectors;
import java.util.List;

/** An embedder identity for index tests that write hand-made vectors; it embeds nothing itself. */
record FixedEmbedder(String id, int dimensions) implements Embedder {

    @Override
    public List<float[]> embedPassages(List<String> texts) { throw new UnsupportedOperationException(); }

    @Override
    public float[] embedQuery(String text) { throw new UnsupportedOperationException(); }

    /** A unit vector pointing mostly along {@code axis}. */
    static float[] axis(int dims, int axis, float tilt) {
        float[] v = new float[dims];
        v[axis % dims] = 1;
        v[(axis + 1) % dims] = tilt;
        return Vectors.normalize(v);
    }
}
