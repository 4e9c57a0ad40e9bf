package io.llmsvc.agents.router.classifier;

import java.util.List;

/**
 * Calibration by temperature scaling (Guo et al., 2017): one scalar {@code T > 0} divides the logits before the
 * softmax, chosen to minimise the negative log-likelihood of held-out predictions. It changes no decision (the
 * arg-max is the same), only how sure the probabilities are. The NLL is convex in {@code 1/T}, so it is unimodal in
 * {@code ln T} and a golden-section search over {@code T ∈ [0.02, 50]} finds the optimum.
 */
public final class TemperatureScaling {
    static final double MIN = 0.02;
    static final double MAX = 50;

    /** The temperature that minimises the mean NLL of {@code logits} against {@code labels}. */
    public static double fit(List<double[]> logits, int[] labels) {
        if (logits.isEmpty()) return 1.0;
        double a = Math.log(MIN);
        double b = Math.log(MAX);
        double phi = (Math.sqrt(5) - 1) / 2;
        double c = b - phi * (b - a);
        double d = a + phi * (b - a);
        double fc = nll(logits, labels, Math.exp(c));
        double fd = nll(logits, labels, Math.exp(d));
        for (int i = 0; i < 80 && b - a > 1e-6; i++) {
            if (fc < fd) {
                b = d; d = c; fd = fc;
                c = b - phi * (b - a);
                fc = nll(logits, labels, Math.exp(c));
            } else {
                a = c; c = d; fc = fd;
                d = a + phi * (b - a);
                fd = nll(logits, labels, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /** Mean negative log-likelihood of the labels under {@code softmax(logits / t)}. */
    public static double nll(List<double[]> logits, int[] labels, double t) {
        double sum = 0;
        for (int i = 0; i < logits.size(); i++) {
            double[] p = SoftmaxRegression.softmax(logits.get(i), t);
            sum -= Math.log(Math.max(p[labels[i]], 1e-300));
        }
        return sum / logits.size();
    }

    private TemperatureScaling() {}
}
