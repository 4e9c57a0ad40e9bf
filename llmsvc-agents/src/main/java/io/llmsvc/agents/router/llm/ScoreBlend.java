package io.llmsvc.agents.router.llm;

/**
 * How the classifier's distribution and the LLM's vote become one distribution:
 * <pre>
 *   q_k = c            for the LLM's intent,   q_k = (1 − c) / (K − 1)   for the others,   c = max(confidence, 1/K)
 *   p_k = (1 − w) · classifier_k + w · q_k
 * </pre>
 * The vote is a one-hot softened by the LLM's own confidence (a confidence under 1/K is read as 1/K: a vote never
 * points away from its intent), and {@code w} ({@code llmsvc.router.llm-weight}) says how much it counts. The LLM's
 * intent wins over the classifier's choice when {@code (1 − w)·(classifier_best − classifier_llm) < w·(c − (1 − c)/(K − 1))}:
 * with the default {@code w = 0.5} and four intents, an LLM that is sure ({@code c = 1}) always decides, one at
 * {@code c = 0.9} is overruled only by a classifier that leads by more than 0.87, one at {@code c = 0.6} by a lead of
 * more than 0.47. Both inputs sum to 1, so the result does.
 */
public final class ScoreBlend {

    /**
     * @param classifier calibrated classifier probabilities (sum 1)
     * @param llmIntent  index of the LLM's intent in the same order
     * @param confidence the LLM's confidence in [0, 1]
     * @param weight     the LLM's weight in [0, 1]
     */
    public static double[] combine(double[] classifier, int llmIntent, double confidence, double weight) {
        int k = classifier.length;
        if (llmIntent < 0 || llmIntent >= k) throw new IllegalArgumentException("intent index " + llmIntent + " of " + k);
        double c = Math.min(1.0, Math.max(confidence, 1.0 / k));
        double rest = k == 1 ? 0 : (1.0 - c) / (k - 1);
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            double q = i == llmIntent ? c : rest;
            p[i] = (1.0 - weight) * classifier[i] + weight * q;
        }
        return p;
    }

    private ScoreBlend() {}
}
