package io.llmsvc.agents.router;

import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.router.classifier.CalibratedClassifier;
import io.llmsvc.agents.router.classifier.FeatureVector;
import io.llmsvc.agents.router.features.LexicalVectorizer;
import io.llmsvc.agents.router.intents.Intent;
import io.llmsvc.agents.router.intents.IntentCatalog;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's classifier without an LLM, trained on the catalog's examples when it is built. Features: lexical
 * TF-IDF groups ({@link LexicalVectorizer}: character n-grams, Nori morphemes, English words) and, when an embedder is
 * given, the sentence embedding of the text scaled by {@link Settings#embeddingWeight()}. Model: softmax regression
 * with L2, calibrated by temperature scaling on {@link Settings#folds()}-fold out-of-fold predictions. Probabilities
 * come in catalog order. Thread-safe.
 *
 * <p>Examples and messages are both embedded with {@link Embedder#embedPassages} so that models with query/passage
 * prefixes treat them alike. If the embedder fails at training the classifier is lexical only (logged); if it fails
 * for one message that message gets a zero embedding (its lexical features still count).
 */
public final class IntentClassifier {
    private static final Logger log = LoggerFactory.getLogger(IntentClassifier.class);

    /**
     * Training settings.
     *
     * @param l2              L2 regularisation strength λ of the mean cross-entropy
     * @param folds           cross-validation folds for calibration
     * @param lexical         weights of the lexical groups
     * @param minDf           lexical terms found in fewer examples are left out
     * @param embeddingWeight scale of the (unit-length) sentence embedding in the feature vector; 0 = no embedding
     */
    public record Settings(double l2, int folds, LexicalVectorizer.Weights lexical, int minDf, double embeddingWeight) {
        /**
         * Chosen by 5-fold cross-validated accuracy on the built-in examples (never on the evaluation set) over
         * λ ∈ {1e-5, 1e-4, 1e-3}, embedding weight ∈ {0, 0.5, 1, 2}, group weights and min-df ∈ {1, 2}.
         */
        public static final Settings DEFAULT = new Settings(1e-5, 5, new LexicalVectorizer.Weights(1.0, 0.5, 0.5),
                1, 0.5);
    }

    /** What training produced, for logs, tests and the bench. */
    public record Summary(int examples, int intents, int lexicalFeatures, int embeddingDimensions, String embedder,
                          double temperature, double outOfFoldAccuracy, long millis) {}

    private final IntentCatalog catalog;
    private final LexicalVectorizer vectorizer;
    private final Embedder embedder; // null: lexical only
    private final double embeddingWeight;
    private final CalibratedClassifier model;
    private final Summary summary;

    private IntentClassifier(IntentCatalog catalog, LexicalVectorizer vectorizer, Embedder embedder, double embeddingWeight,
                             CalibratedClassifier model, Summary summary) {
        this.catalog = catalog;
        this.vectorizer = vectorizer;
        this.embedder = embedder;
        this.embeddingWeight = embeddingWeight;
        this.model = model;
        this.summary = summary;
    }

    /**
     * Trains on every example of {@code catalog}.
     *
     * @param embedder null for lexical features only
     */
    public static IntentClassifier train(IntentCatalog catalog, Embedder embedder, Settings settings) {
        long t0 = System.nanoTime();
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int k = 0; k < catalog.size(); k++) {
            for (Intent.Example e : catalog.intents().get(k).examples()) {
                texts.add(e.text());
                labels.add(k);
            }
        }
        LexicalVectorizer vectorizer = LexicalVectorizer.fit(texts, settings.lexical(), settings.minDf());
        List<FeatureVector> samples = new ArrayList<>(texts.size());
        for (String t : texts) samples.add(vectorizer.vectorize(t));
        Embedder used = settings.embeddingWeight() > 0 ? embedder : null;
        int dense = 0;
        if (used != null) {
            try {
                List<float[]> vectors = ExampleEmbeddings.embed(used, texts, ExampleEmbeddings.shipped());
                for (int i = 0; i < samples.size(); i++) samples.set(i, samples.get(i).withDense(scale(vectors.get(i), settings.embeddingWeight())));
                dense = used.dimensions();
            } catch (RuntimeException e) {
                log.warn("router: the embedder {} failed ({}); the intent classifier uses lexical features only", used.id(), e.toString());
                used = null;
            }
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        long t1 = System.nanoTime();
        CalibratedClassifier model = CalibratedClassifier.train(samples, y, catalog.size(), vectorizer.dimensions(), dense,
                settings.l2(), settings.folds(), 42L);
        log.debug("router: features of {} examples in {} ms, training and calibration in {} ms", texts.size(),
                (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        Summary summary = new Summary(texts.size(), catalog.size(), vectorizer.dimensions(), dense,
                used == null ? "none" : used.id(), model.temperature(), model.outOfFoldAccuracy(),
                (System.nanoTime() - t0) / 1_000_000);
        return new IntentClassifier(catalog, vectorizer, used, settings.embeddingWeight(), model, summary);
    }

    /** Calibrated probability of each intent, in catalog order (they sum to 1). */
    public double[] classify(String text) {
        FeatureVector x = vectorizer.vectorize(text);
        if (embedder != null) {
            try {
                x = x.withDense(scale(embedder.embedPassages(List.of(text)).getFirst(), embeddingWeight));
            } catch (RuntimeException e) {
                log.debug("router: embedding failed, lexical features only for this message: {}", e.toString());
            }
        }
        return model.probabilities(x);
    }

    public IntentCatalog catalog() { return catalog; }

    public Summary summary() { return summary; }

    /** The calibrated model (out-of-fold predictions for threshold studies). */
    public CalibratedClassifier model() { return model; }

    private static float[] scale(float[] v, double w) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] * w);
        return out;
    }
}
