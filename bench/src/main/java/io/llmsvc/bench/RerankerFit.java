package io.llmsvc.bench;

import io.llmsvc.agents.documents.search.Reranker;
import java.util.List;

/**
 * Fits the reranker's weights on the development split, in three steps:
 * <ol>
 *   <li>logistic regression: each (question, candidate) is one example, labelled 1 when the candidate is a chunk of
 *       the question's gold document (full-batch gradient descent on the log-loss, small L2 penalty);</li>
 *   <li>coordinate ascent on the development MRR@10, starting from those weights (the log-loss is only a proxy for
 *       the order): each weight is scaled by 0.5–2× or moved by ±0.5 while the MRR strictly improves;</li>
 *   <li>Platt scaling of the result, {@code σ(a·(w·f) + b)}, on each development question's best candidate, labelled
 *       1 when the question has an answer in the documents and 0 for the unanswerable ones: the relevance then
 *       estimates "the best passage answers the question", and the floor for "not found" can be 0.5. The slope
 *       gets a small L2 penalty: the development questions are separable, and an unpenalised slope grows without
 *       bound into 0/1 relevances.</li>
 * </ol>
 */
final class RerankerFit {
    record Example(double[] features, boolean relevant) {}

    static final double PLATT_L2 = 0.05;

    /** One development question: its candidates' features and which of them belong to the gold document. */
    record Query(List<double[]> features, List<Boolean> relevant, boolean answerable) {}

    static Reranker.Weights fit(List<Query> dev) {
        int d = Reranker.FEATURES.size();
        List<Example> examples = new java.util.ArrayList<>();
        for (Query q : dev) {
            if (!q.answerable()) continue;
            for (int i = 0; i < q.features().size(); i++) examples.add(new Example(q.features().get(i), q.relevant().get(i)));
        }
        double[] w = logistic(examples, d, 20_000, 0.5, 0.001);
        double best = mrr(dev, w);
        for (int pass = 0; pass < 4; pass++) {
            boolean improved = false;
            for (int i = 0; i < d; i++) {
                for (double[] step : new double[][] {{0.5, 0}, {0.75, 0}, {1.25, 0}, {1.5, 0}, {2, 0}, {1, 0.5}, {1, -0.5}}) {
                    double old = w[i];
                    w[i] = old * step[0] + step[1];
                    double m = mrr(dev, w);
                    if (m > best + 1e-9) {
                        best = m;
                        improved = true;
                    } else {
                        w[i] = old;
                    }
                }
            }
            if (!improved) break;
        }
        // Platt scaling on the best candidate of every development question
        List<Example> tops = new java.util.ArrayList<>();
        for (Query q : dev) {
            double top = Double.NEGATIVE_INFINITY;
            for (double[] f : q.features()) top = Math.max(top, dot(w, f));
            if (q.features().isEmpty()) top = 0;
            tops.add(new Example(new double[] {top}, q.answerable()));
        }
        double[] ab = logisticWithBias(tops, 20_000, 0.1);
        double[] scaled = new double[d];
        for (int i = 0; i < d; i++) scaled[i] = ab[0] * w[i];
        return new Reranker.Weights(ab[1], scaled);
    }

    static double mrr(List<Query> dev, double[] w) {
        double sum = 0;
        int n = 0;
        for (Query q : dev) {
            if (!q.answerable()) continue;
            n++;
            double goldBest = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < q.features().size(); i++) if (q.relevant().get(i)) goldBest = Math.max(goldBest, dot(w, q.features().get(i)));
            if (goldBest == Double.NEGATIVE_INFINITY) continue;
            int rank = 1;
            for (int i = 0; i < q.features().size(); i++) if (!q.relevant().get(i) && dot(w, q.features().get(i)) > goldBest) rank++;
            // a document's rank is that of its best chunk; other chunks of the gold document do not push it down
            if (rank <= 10) sum += 1.0 / rank;
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Weights (no bias term; the bias is irrelevant to the order and set by Platt scaling afterwards). */
    private static double[] logistic(List<Example> examples, int d, int iterations, double rate, double l2) {
        double[] w = new double[d + 1]; // last = bias during the fit
        for (int it = 0; it < iterations; it++) {
            double[] g = new double[d + 1];
            for (Example e : examples) {
                double z = w[d];
                for (int i = 0; i < d; i++) z += w[i] * e.features()[i];
                double err = 1 / (1 + Math.exp(-z)) - (e.relevant() ? 1 : 0);
                for (int i = 0; i < d; i++) g[i] += err * e.features()[i];
                g[d] += err;
            }
            for (int i = 0; i < d; i++) w[i] -= rate * (g[i] / examples.size() + l2 * w[i]);
            w[d] -= rate * g[d] / examples.size();
        }
        return java.util.Arrays.copyOf(w, d);
    }

    /** One-feature logistic regression: returns {a, b} of σ(a·x + b). */
    private static double[] logisticWithBias(List<Example> examples, int iterations, double rate) {
        double a = 1, b = 0;
        for (int it = 0; it < iterations; it++) {
            double ga = 0, gb = 0;
            for (Example e : examples) {
                double x = e.features()[0];
                double err = 1 / (1 + Math.exp(-(a * x + b))) - (e.relevant() ? 1 : 0);
                ga += err * x;
                gb += err;
            }
            a -= rate * (ga / examples.size() + PLATT_L2 * a); // the dev questions are separable: keep the slope finite
            b -= rate * gb / examples.size();
        }
        return new double[] {a, b};
    }

    private static double dot(double[] w, double[] f) {
        double z = 0;
        for (int i = 0; i < w.length; i++) z += w[i] * f[i];
        return z;
    }

    private RerankerFit() {}
}
