package io.llmsvc.agents.router.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    @Test
    void lbfgsFindsTheMinimumOfAnIllConditionedQuadratic() {
        double[] scale = {1, 10, 100, 1000};
        double[] target = {3, -2, 0.5, 7};
        double[] x = new double[4];
        Lbfgs.Result r = new Lbfgs(5, 200, 1e-9, 1e-15).minimize((w, g) -> {
            double f = 0;
            for (int i = 0; i < w.length; i++) {
                double d = w[i] - target[i];
                f += 0.5 * scale[i] * d * d;
                g[i] = scale[i] * d;
            }
            return f;
        }, x);
        assertThat(r.converged()).isTrue();
        for (int i = 0; i < 4; i++) assertThat(x[i]).isCloseTo(target[i], within(1e-6));
    }

    @Test
    void softmaxRegressionSeparatesSeparableToyDataCompletely() {
        // three classes, each marked by its own sparse feature plus noise features, and a dense part that agrees
        Random random = new Random(7);
        List<FeatureVector> xs = new ArrayList<>();
        int[] y = new int[90];
        for (int i = 0; i < 90; i++) {
            int c = i % 3;
            y[i] = c;
            int noise = 3 + random.nextInt(20);
            float[] dense = new float[2];
            dense[0] = c == 1 ? 1 : 0;
            dense[1] = c == 2 ? 1 : 0;
            xs.add(new FeatureVector(new int[] {c, noise}, new float[] {1f, 0.5f}, dense));
        }
        SoftmaxRegression.Fit[] fit = new SoftmaxRegression.Fit[1];
        SoftmaxRegression m = SoftmaxRegression.train(xs, y, 3, 23, 2, 1e-4, fit);
        assertThat(fit[0].converged()).isTrue();
        for (int i = 0; i < xs.size(); i++) {
            double[] p = SoftmaxRegression.softmax(m.logits(xs.get(i)), 1.0);
            assertThat(CalibratedClassifier.argmax(p)).isEqualTo(y[i]);
            assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
        }
        // a new input with only class 2's marker
        double[] p = SoftmaxRegression.softmax(m.logits(FeatureVector.sparse(new int[] {2}, new float[] {1f})), 1.0);
        assertThat(CalibratedClassifier.argmax(p)).isEqualTo(2);
    }

    @Test
    void temperatureScalingCoolsOverconfidentLogitsAndSharpensUnderconfidentOnes() {
        // logits that are right 70% of the time but 99.9% sure: T > 1
        List<double[]> logits = new ArrayList<>();
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i % 2;
            int predicted = i % 10 < 7 ? labels[i] : 1 - labels[i];
            logits.add(predicted == 0 ? new double[] {8, 0} : new double[] {0, 8});
        }
        double hot = TemperatureScaling.fit(logits, labels);
        assertThat(hot).isGreaterThan(1);
        // at the fitted temperature the confidence is about the accuracy, 0.7
        assertThat(SoftmaxRegression.softmax(logits.getFirst(), hot)[0]).isCloseTo(0.7, within(0.01));
        assertThat(TemperatureScaling.nll(logits, labels, hot)).isLessThan(TemperatureScaling.nll(logits, labels, 1.0));

        // logits that are always right but only 60% sure: T < 1
        List<double[]> timid = new ArrayList<>();
        for (int i = 0; i < 100; i++) timid.add(labels[i] == 0 ? new double[] {0.4, 0} : new double[] {0, 0.4});
        double cold = TemperatureScaling.fit(timid, labels);
        assertThat(cold).isGreaterThan(0).isLessThan(1);
    }

    @Test
    void calibratedClassifierGivesProbabilitiesAndOutOfFoldPredictionsForEverySample() {
        Random random = new Random(11);
        List<FeatureVector> xs = new ArrayList<>();
        int[] y = new int[120];
        for (int i = 0; i < 120; i++) {
            y[i] = i % 3;
            // informative feature y with probability 0.8, else a random one of the three
            int f = random.nextDouble() < 0.8 ? y[i] : random.nextInt(3);
            xs.add(FeatureVector.sparse(new int[] {f, 3 + random.nextInt(5)}, new float[] {1f, 1f}));
        }
        CalibratedClassifier c = CalibratedClassifier.train(xs, y, 3, 8, 0, 1e-3, 5, 42L);
        assertThat(c.temperature()).isGreaterThan(0);
        assertThat(c.outOfFoldProbabilities()).hasSize(120).allSatisfy(p -> assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-9)));
        assertThat(c.outOfFoldAccuracy()).isBetween(0.6, 0.95);
        double[] p = c.probabilities(FeatureVector.sparse(new int[] {1}, new float[] {1f}));
        assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-9));
        assertThat(CalibratedClassifier.argmax(p)).isEqualTo(1);
        // stratified folds: every class is spread over every fold
        int[] fold = CalibratedClassifier.stratifiedFolds(y, 3, 5, 42L);
        int[][] count = new int[3][5];
        for (int i = 0; i < y.length; i++) count[y[i]][fold[i]]++;
        for (int[] row : count) assertThat(row).containsOnly(8);
    }

    @Test
    void calibrationWorksWithFewerSamplesThanFolds() {
        List<FeatureVector> xs = List.of(FeatureVector.sparse(new int[] {0}, new float[] {1f}),
                FeatureVector.sparse(new int[] {1}, new float[] {1f}), FeatureVector.sparse(new int[] {2}, new float[] {1f}));
        CalibratedClassifier c = CalibratedClassifier.train(xs, new int[] {0, 1, 2}, 3, 3, 0, 1e-3, 5, 42L);
        assertThat(c.outOfFoldProbabilities()).hasSize(3).allSatisfy(p -> assertThat(Arrays.stream(p).sum()).isCloseTo(1, within(1e-9)));
        assertThat(CalibratedClassifier.argmax(c.probabilities(xs.get(2)))).isEqualTo(2);
        assertThat(CalibratedClassifier.stratifiedFolds(new int[] {0, 1, 2}, 3, 5, 42L)).containsExactly(0, 1, 2);
    }
}
