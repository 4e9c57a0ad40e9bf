package io.llmsvc.agents.router.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A softmax regression whose probabilities are calibrated: {@code k}-fold cross-validation over the training samples
 * (stratified by class, fixed seed) gives an out-of-fold logit vector for every sample, i.e. a prediction by a model
 * that never saw it; temperature scaling is fitted on those; the final model is trained on all samples and its
 * logits are divided by that temperature. The out-of-fold predictions are kept (calibrated with the same
 * temperature) so that callers can report an honest training-time accuracy and choose thresholds on them.
 * Immutable, thread-safe.
 */
public final class CalibratedClassifier {
    private final SoftmaxRegression model;
    private final double temperature;
    private final List<double[]> outOfFold;
    private final int[] labels;

    private CalibratedClassifier(SoftmaxRegression model, double temperature, List<double[]> outOfFold, int[] labels) {
        this.model = model;
        this.temperature = temperature;
        this.outOfFold = outOfFold;
        this.labels = labels;
    }

    /**
     * Trains and calibrates.
     *
     * @param folds number of cross-validation folds (≥ 2); every class needs at least that many samples to be
     *              present in every fold, fewer still work (some folds then lack the class)
     */
    public static CalibratedClassifier train(List<FeatureVector> samples, int[] labels, int classes, int sparseDims,
                                             int denseDims, double l2, int folds, long seed) {
        if (folds < 2) throw new IllegalArgumentException("folds must be at least 2");
        int[] fold = stratifiedFolds(labels, classes, folds, seed);
        double[][] oof = new double[samples.size()][];
        SoftmaxRegression[] full = new SoftmaxRegression[1];
        // every model starts from zero with the same stopping rule, so the fold models are the same estimator as the
        // final one (a warm start from the final model would carry what it learnt from the held-out samples into
        // them); the folds and the final model are independent and train in parallel
        IntStream.rangeClosed(0, folds).parallel().forEach(f -> {
            if (f == folds) {
                full[0] = SoftmaxRegression.train(samples, labels, classes, sparseDims, denseDims, l2, null);
                return;
            }
            List<FeatureVector> train = new ArrayList<>();
            List<Integer> trainLabels = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (fold[i] != f) {
                    train.add(samples.get(i));
                    trainLabels.add(labels[i]);
                }
            }
            if (train.isEmpty() || train.size() == samples.size()) return; // fewer samples than folds: nothing held out
            SoftmaxRegression m = SoftmaxRegression.train(train, trainLabels.stream().mapToInt(Integer::intValue).toArray(),
                    classes, sparseDims, denseDims, l2, null);
            for (int i = 0; i < samples.size(); i++) {
                if (fold[i] == f) oof[i] = m.logits(samples.get(i));
            }
        });
        List<double[]> oofLogits = List.of(oof);
        double t = TemperatureScaling.fit(oofLogits, labels);
        List<double[]> oofProbs = oofLogits.stream().map(z -> SoftmaxRegression.softmax(z, t)).toList();
        return new CalibratedClassifier(full[0], t, oofProbs, labels.clone());
    }

    /** Calibrated class probabilities of one input; they sum to 1. */
    public double[] probabilities(FeatureVector x) {
        return SoftmaxRegression.softmax(model.logits(x), temperature);
    }

    public double temperature() { return temperature; }

    public int classes() { return model.classes(); }

    /** Calibrated out-of-fold probabilities of every training sample, in training order. */
    public List<double[]> outOfFoldProbabilities() { return outOfFold; }

    /** The training labels, in training order. */
    public int[] trainingLabels() { return labels.clone(); }

    /** Share of training samples whose out-of-fold arg-max is their label. */
    public double outOfFoldAccuracy() {
        int ok = 0;
        for (int i = 0; i < labels.length; i++) if (argmax(outOfFold.get(i)) == labels[i]) ok++;
        return labels.length == 0 ? 0 : (double) ok / labels.length;
    }

    public static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    /**
     * Fold of each sample: the samples of each class, shuffled with the seed, are dealt round-robin, the deal going on
     * from class to class (so that classes with a single sample do not all land in the first fold).
     */
    static int[] stratifiedFolds(int[] labels, int classes, int folds, long seed) {
        int[] fold = new int[labels.length];
        Random random = new Random(seed);
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) if (labels[i] == c) members.add(i);
            java.util.Collections.shuffle(members, random);
            for (int m : members) fold[m] = next++ % folds;
        }
        return fold;
    }
}
