package io.llmsvc.agents.router.classifier;

/**
 * One input of the classifier: a sparse part (feature indices with their values, indices unique) followed by an
 * optional dense part (e.g. a sentence embedding) that occupies the dimensions after the sparse ones.
 *
 * @param indices sparse feature indices in {@code [0, sparseDimensions)}
 * @param values  their values, same length as {@code indices}
 * @param dense   the dense part, or an empty array
 */
public record FeatureVector(int[] indices, float[] values, float[] dense) {
    private static final float[] NONE = new float[0];

    public FeatureVector {
        if (indices.length != values.length) throw new IllegalArgumentException("indices and values differ in length");
        if (dense == null) dense = NONE;
    }

    /** A vector with a sparse part only. */
    public static FeatureVector sparse(int[] indices, float[] values) {
        return new FeatureVector(indices, values, NONE);
    }

    public FeatureVector withDense(float[] d) {
        return new FeatureVector(indices, values, d);
    }
}
