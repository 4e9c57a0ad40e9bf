package io.llmsvc.agents.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.router.classifier.CalibratedClassifier;
import io.llmsvc.agents.router.features.CharNgrams;
import io.llmsvc.agents.router.features.TextNormalizer;
import io.llmsvc.agents.router.intents.Intent;
import io.llmsvc.agents.router.intents.IntentCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classifier trained on the built-in intents, measured on the separate evaluation set {@code router/eval.tsv}.
 * The floors are below what it reaches (docs/router.md has the figures) so that a real regression fails the build.
 */
class IntentEvaluationTest {
    static IntentClassifier classifier;
    static EvalSet eval;
    static List<double[]> probabilities = new ArrayList<>();

    @BeforeAll
    static void train() {
        classifier = IntentClassifier.train(IntentCatalog.builtin(), new BuiltinEmbedder(), IntentClassifier.Settings.DEFAULT);
        eval = EvalSet.load();
        for (EvalSet.Item item : eval.items()) probabilities.add(classifier.classify(item.text()));
    }

    @Test
    void evaluationSetIsLargeEnoughAndApartFromTraining() {
        assertThat(eval.items().stream().filter(i -> i.language().equals("ko"))).hasSizeGreaterThanOrEqualTo(100);
        assertThat(eval.items().stream().filter(i -> i.language().equals("en"))).hasSizeGreaterThanOrEqualTo(100);
        assertThat(eval.items().stream().filter(EvalSet.Item::hard)).hasSizeGreaterThanOrEqualTo(40);
        List<Set<String>> training = new ArrayList<>();
        Set<String> exact = new HashSet<>();
        for (Intent i : IntentCatalog.builtin().intents()) {
            for (Intent.Example e : i.examples()) {
                exact.add(TextNormalizer.normalize(e.text()));
                training.add(trigrams(e.text()));
            }
        }
        for (EvalSet.Item item : eval.items()) {
            assertThat(IntentCatalog.builtin().names()).contains(item.intent());
            assertThat(exact).as("eval message is a training example: " + item.text()).doesNotContain(TextNormalizer.normalize(item.text()));
            // not a near copy either: under 0.7 Jaccard similarity of character trigrams to every training example
            Set<String> g = trigrams(item.text());
            double closest = training.stream().mapToDouble(t -> jaccard(g, t)).max().orElse(0);
            assertThat(closest).as("eval message nearly copies a training example: " + item.text()).isLessThan(0.7);
        }
    }

    @Test
    void classifierReachesTheAccuracyFloorInBothLanguages() {
        IntentCatalog catalog = classifier.catalog();
        int ok = 0, okKo = 0, ko = 0;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < eval.items().size(); i++) {
            EvalSet.Item item = eval.items().get(i);
            double[] p = probabilities.get(i);
            int best = CalibratedClassifier.argmax(p);
            boolean hit = catalog.intents().get(best).name().equals(item.intent());
            if (item.language().equals("ko")) {
                ko++;
                if (hit) okKo++;
            }
            if (hit) ok++;
            else errors.add(String.format("%s %s -> %s (%.2f) %s", item.language(), item.intent(), catalog.intents().get(best).name(), p[best], item.text()));
        }
        double accuracy = (double) ok / eval.items().size();
        System.out.printf("router eval: accuracy %.3f (%d/%d), Korean %.3f, English %.3f; %s%n", accuracy, ok, eval.items().size(),
                (double) okKo / ko, (double) (ok - okKo) / (eval.items().size() - ko), classifier.summary());
        errors.forEach(e -> System.out.println("  miss: " + e));
        assertThat(accuracy).isGreaterThanOrEqualTo(0.93);
        assertThat((double) okKo / ko).isGreaterThanOrEqualTo(0.9);
        assertThat((double) (ok - okKo) / (eval.items().size() - ko)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void confidenceIsACalibratedProbability() {
        assertThat(classifier.summary().temperature()).isGreaterThan(0);
        int[] labels = new int[eval.items().size()];
        for (int i = 0; i < labels.length; i++) labels[i] = classifier.catalog().indexOf(eval.items().get(i).intent());
        for (double[] p : probabilities) {
            assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(Arrays.stream(p).allMatch(x -> x >= 0 && x <= 1)).isTrue();
        }
        // on the evaluation set and on the out-of-fold training predictions alike: right answers are surer than wrong ones
        assertCorrectSurerThanWrong(probabilities, labels);
        assertCorrectSurerThanWrong(classifier.model().outOfFoldProbabilities(), classifier.model().trainingLabels());
        // and confidence tracks accuracy: mean confidence within 0.05 of the out-of-fold accuracy
        double meanConfidence = classifier.model().outOfFoldProbabilities().stream()
                .mapToDouble(p -> p[CalibratedClassifier.argmax(p)]).average().orElseThrow();
        assertThat(meanConfidence).isCloseTo(classifier.model().outOfFoldAccuracy(), within(0.05));
    }

    private static void assertCorrectSurerThanWrong(List<double[]> probs, int[] labels) {
        double right = 0, wrong = 0;
        int nRight = 0, nWrong = 0;
        for (int i = 0; i < labels.length; i++) {
            double[] p = probs.get(i);
            int best = CalibratedClassifier.argmax(p);
            if (best == labels[i]) {
                right += p[best];
                nRight++;
            } else {
                wrong += p[best];
                nWrong++;
            }
        }
        assertThat(nWrong).as("some predictions are wrong, so the comparison means something").isPositive();
        assertThat(right / nRight).isGreaterThan(wrong / nWrong + 0.1);
    }

    private static Set<String> trigrams(String text) {
        Set<String> out = new HashSet<>();
        new CharNgrams(3, 3).forEach(TextNormalizer.normalize(text), out::add);
        return out;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        int common = 0;
        for (String s : a) if (b.contains(s)) common++;
        int union = a.size() + b.size() - common;
        return union == 0 ? 0 : (double) common / union;
    }
}
