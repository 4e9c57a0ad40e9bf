package io.llmsvc.agents.router.classifier;

import java.util.List;

/**
 * Multinomial logistic regression: {@code p(k | x) = softmax(W x + b)_k}. Trained by {@link #train} with L-BFGS from
 * zero on the mean cross-entropy plus {@code (λ/2)·‖W‖²} (biases are not penalised), stopping when the largest
 * gradient component is under 1e-4 or a step gains less than 1e-7 (relative): tighter changes no prediction on the
 * router's data and costs twice the iterations. Immutable once trained, thread-safe.
 */
public final class SoftmaxRegression {
    private final int classes;
    private final int sparseDims;
    private final int denseDims;
    private final int dims;
    // feature-major: weights[j * classes + k] (one cache line holds a feature's weights for every class, which is
    // what a sparse input touches), then the classes biases at the end
    private final double[] weights;

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
        if (samples.size() != labels.length) throw new IllegalArgumentException("samples and labels differ in length");
        if (samples.isEmpty()) throw new IllegalArgumentException("no samples");
        int dims = sparseDims + denseDims;
        double[] w = new double[classes * dims + classes];
        Objective objective = new Objective(samples, labels, classes, sparseDims, denseDims, l2);
        Lbfgs.Result r = new Lbfgs(10, 500, 1e-4, 1e-7).minimize(objective, w);
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
        System.arraycopy(w, classes * dims, z, 0, classes);
        for (int i = 0; i < idx.length; i++) {
            int off = idx[i] * classes;
            double v = val[i];
            for (int k = 0; k < classes; k++) z[k] += w[off + k] * v;
        }
        int doff = sparseDims * classes;
        for (int j = 0; j < nd; j++) {
            int off = doff + j * classes;
            double v = dense[j];
            for (int k = 0; k < classes; k++) z[k] += w[off + k] * v;
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
            double[] e = new double[classes];
            double inv = 1.0 / samples.size();
            int doff = sparseDims * classes;
            for (int s = 0; s < samples.size(); s++) {
                FeatureVector x = samples.get(s);
                logits(w, x, classes, dims, sparseDims, denseDims, z);
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) max = Math.max(max, v);
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    z[k] = Math.exp(z[k] - max);
                    sum += z[k];
                }
                int y = labels[s];
                loss -= Math.log(Math.max(z[y] / sum, 1e-300));
                for (int k = 0; k < classes; k++) {
                    e[k] = (z[k] / sum - (k == y ? 1.0 : 0.0)) * inv;
                    grad[biasAt + k] += e[k];
                }
                int[] idx = x.indices();
                float[] val = x.values();
                for (int i = 0; i < idx.length; i++) {
                    int off = idx[i] * classes;
                    double v = val[i];
                    for (int k = 0; k < classes; k++) grad[off + k] += e[k] * v;
                }
                float[] dense = x.dense();
                int nd = Math.min(dense.length, denseDims);
                for (int j = 0; j < nd; j++) {
                    int off = doff + j * classes;
                    double v = dense[j];
                    for (int k = 0; k < classes; k++) grad[off + k] += e[k] * v;
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
