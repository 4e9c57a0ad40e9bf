package io.llmsvc.agents.router.classifier;

import java.util.List;

/**
 * Multinomial logistic regression: {@code p(k | x) = softmax(W x + b)_k}. Trained by {@link #train} with L-BFGS on
 * the mean cross-entropy plus {@code (λ/2)·‖W‖²} (biases are not penalised). Immutable once trained, thread-safe.
 */
public final class SoftmaxRegression {
    private final int classes;
    private final int sparseDims;
    private final int denseDims;
    private final int dims;
    private final double[] weights; // class-major: weights[k * dims + j], then classes biases at the end

    private SoftmaxRegression(int classes, int sparseDims, int denseDims, double[] weights) {
        this.classes = classes;
        this.sparseDims = sparseDims;
        this.denseDims = denseDims;
        this.dims = sparseDims + denseDims;
        this.weights = weights;
    }

    /** What training ended with (for logs and tests). */
    public record Fit(double loss, int iterations, boolean converged) {}

    /**
     * Trains a model.
     *
     * @param samples    inputs; every dense part has {@code denseDims} values
     * @param labels     class of each sample in {@code [0, classes)}
     * @param l2         regularisation strength λ ≥ 0
     * @param fitOut     receives the final loss and iteration count; may be null
     */
    public static SoftmaxRegression train(List<FeatureVector> samples, int[] labels, int classes, int sparseDims,
                                          int denseDims, double l2, Fit[] fitOut) {
        return train(samples, labels, classes, sparseDims, denseDims, l2, null, fitOut);
    }

    /**
     * Trains a model starting from {@code start}'s weights (same shape). The objective is strictly convex, so the
     * optimum does not depend on the start; a start near it (the model of a superset of the samples) only saves
     * iterations.
     */
    public static SoftmaxRegression train(List<FeatureVector> samples, int[] labels, int classes, int sparseDims,
                                          int denseDims, double l2, SoftmaxRegression start, Fit[] fitOut) {
        if (samples.size() != labels.length) throw new IllegalArgumentException("samples and labels differ in length");
        if (samples.isEmpty()) throw new IllegalArgumentException("no samples");
        int dims = sparseDims + denseDims;
        double[] w = new double[classes * dims + classes];
        if (start != null) {
            if (start.weights.length != w.length) throw new IllegalArgumentException("start model has another shape");
            System.arraycopy(start.weights, 0, w, 0, w.length);
        }
        Objective objective = new Objective(samples, labels, classes, sparseDims, denseDims, l2);
        Lbfgs.Result r = new Lbfgs(10, 500, 1e-6).minimize(objective, w);
        if (fitOut != null && fitOut.length > 0) fitOut[0] = new Fit(r.value(), r.iterations(), r.converged());
        return new SoftmaxRegression(classes, sparseDims, denseDims, w);
    }

    public int classes() { return classes; }

    /** The raw scores {@code W x + b} (before softmax or temperature). */
    public double[] logits(FeatureVector x) {
        double[] z = new double[classes];
        logits(weights, x, classes, dims, sparseDims, denseDims, z);
        return z;
    }

    static void logits(double[] w, FeatureVector x, int classes, int dims, int sparseDims, int denseDims, double[] z) {
        int[] idx = x.indices();
        float[] val = x.values();
        float[] dense = x.dense();
        int nd = Math.min(dense.length, denseDims);
        int biasAt = classes * dims;
        for (int k = 0; k < classes; k++) {
            int off = k * dims;
            double s = w[biasAt + k];
            for (int i = 0; i < idx.length; i++) s += w[off + idx[i]] * val[i];
            int doff = off + sparseDims;
            for (int j = 0; j < nd; j++) s += w[doff + j] * dense[j];
            z[k] = s;
        }
    }

    /** Softmax of {@code z / temperature}, numerically stable. */
    public static double[] softmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v / temperature);
        double[] p = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] / temperature - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) p[k] /= sum;
        return p;
    }

    /** Mean cross-entropy + (λ/2)‖W‖² and its gradient. */
    private record Objective(List<FeatureVector> samples, int[] labels, int classes, int sparseDims, int denseDims,
                             double l2) implements Lbfgs.Objective {
        @Override
        public double evaluate(double[] w, double[] grad) {
            int dims = sparseDims + denseDims;
            int biasAt = classes * dims;
            java.util.Arrays.fill(grad, 0);
            double loss = 0;
            double[] z = new double[classes];
            double inv = 1.0 / samples.size();
            for (int s = 0; s < samples.size(); s++) {
                FeatureVector x = samples.get(s);
                logits(w, x, classes, dims, sparseDims, denseDims, z);
                double[] p = softmax(z, 1.0);
                int y = labels[s];
                loss -= Math.log(Math.max(p[y], 1e-300));
                int[] idx = x.indices();
                float[] val = x.values();
                float[] dense = x.dense();
                int nd = Math.min(dense.length, denseDims);
                for (int k = 0; k < classes; k++) {
                    double e = (p[k] - (k == y ? 1.0 : 0.0)) * inv;
                    if (e == 0) continue;
                    int off = k * dims;
                    for (int i = 0; i < idx.length; i++) grad[off + idx[i]] += e * val[i];
                    int doff = off + sparseDims;
                    for (int j = 0; j < nd; j++) grad[doff + j] += e * dense[j];
                    grad[biasAt + k] += e;
                }
            }
            loss *= inv;
            double reg = 0;
            for (int i = 0; i < biasAt; i++) {
                reg += w[i] * w[i];
                grad[i] += l2 * w[i];
            }
            return loss + 0.5 * l2 * reg;
        }
    }
}
