package io.llmsvc.agents.router.features;

import io.llmsvc.agents.router.classifier.FeatureVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a text into TF-IDF weighted lexical features over a vocabulary learned from the training examples, in three
 * groups: character 2–4-grams of the normalized text, Korean content morphemes (Nori), English word unigrams and
 * bigrams (stemmed). Each group is weighted {@code (1 + ln tf) · idf} with {@code idf = ln((1 + n) / (1 + df)) + 1},
 * L2-normalized on its own (so a long English sentence's hundreds of n-grams do not drown its few morphemes), then
 * scaled by the group's weight. Terms never seen in training have no index and are dropped: the model has no weight
 * for them anyway. Immutable after {@link #fit}, thread-safe.
 */
public final class LexicalVectorizer {

    /** Weights of the three groups in the final vector. */
    public record Weights(double chars, double morphemes, double words) {
        public static final Weights DEFAULT = new Weights(1.0, 1.0, 1.0);
    }

    private static final char CHAR = 'c';
    private static final char MORPH = 'm';
    private static final char WORD = 'w';

    private final CharNgrams ngrams;
    private final KoreanMorphemes korean;
    private final EnglishTerms english;
    private final Weights weights;
    private final Map<String, Integer> vocabulary;
    private final float[] idf;

    private LexicalVectorizer(CharNgrams ngrams, KoreanMorphemes korean, EnglishTerms english, Weights weights,
                              Map<String, Integer> vocabulary, float[] idf) {
        this.ngrams = ngrams;
        this.korean = korean;
        this.english = english;
        this.weights = weights;
        this.vocabulary = vocabulary;
        this.idf = idf;
    }

    /**
     * Learns the vocabulary and document frequencies of {@code texts}.
     *
     * @param minDf terms found in fewer training texts are left out (1 keeps all)
     */
    public static LexicalVectorizer fit(List<String> texts, Weights weights, int minDf) {
        CharNgrams ngrams = new CharNgrams(2, 4);
        KoreanMorphemes korean = new KoreanMorphemes();
        EnglishTerms english = new EnglishTerms();
        Map<String, Integer> df = new LinkedHashMap<>();
        for (String text : texts) {
            Set<String> seen = new LinkedHashSet<>();
            terms(text, ngrams, korean, english, seen::add);
            for (String t : seen) df.merge(t, 1, Integer::sum);
        }
        Map<String, Integer> vocabulary = new HashMap<>();
        List<Float> idfs = new ArrayList<>();
        int n = texts.size();
        for (var e : df.entrySet()) {
            if (e.getValue() < minDf) continue;
            vocabulary.put(e.getKey(), vocabulary.size());
            idfs.add((float) (Math.log((1.0 + n) / (1.0 + e.getValue())) + 1.0));
        }
        float[] idf = new float[idfs.size()];
        for (int i = 0; i < idf.length; i++) idf[i] = idfs.get(i);
        return new LexicalVectorizer(ngrams, korean, english, weights, Map.copyOf(vocabulary), idf);
    }

    /** Size of the vocabulary: the sparse indices run from 0 to this (exclusive). */
    public int dimensions() { return idf.length; }

    /** The sparse lexical features of one text (no dense part). */
    public FeatureVector vectorize(String text) {
        Map<String, Integer> tf = new HashMap<>();
        terms(text, ngrams, korean, english, t -> tf.merge(t, 1, Integer::sum));
        int[] idx = new int[tf.size()];
        float[] val = new float[tf.size()];
        byte[] grp = new byte[tf.size()];
        double[] norm2 = new double[3];
        int n = 0;
        for (var e : tf.entrySet()) {
            Integer i = vocabulary.get(e.getKey());
            if (i == null) continue;
            float w = (float) ((1.0 + Math.log(e.getValue())) * idf[i]);
            int g = group(e.getKey().charAt(0));
            idx[n] = i;
            val[n] = w;
            grp[n] = (byte) g;
            norm2[g] += (double) w * w;
            n++;
        }
        double[] gw = {weights.chars(), weights.morphemes(), weights.words()};
        double[] scale = new double[3];
        for (int g = 0; g < 3; g++) scale[g] = norm2[g] == 0 ? 0 : gw[g] / Math.sqrt(norm2[g]);
        for (int j = 0; j < n; j++) val[j] = (float) (val[j] * scale[grp[j]]);
        return FeatureVector.sparse(Arrays.copyOf(idx, n), Arrays.copyOf(val, n));
    }

    private static int group(char prefix) {
        return switch (prefix) {
            case CHAR -> 0;
            case MORPH -> 1;
            default -> 2;
        };
    }

    private static void terms(String text, CharNgrams ngrams, KoreanMorphemes korean, EnglishTerms english,
                              Consumer<String> sink) {
        String normalized = TextNormalizer.normalize(text);
        ngrams.forEach(normalized, g -> sink.accept(CHAR + g));
        for (String m : korean.morphemes(normalized)) sink.accept(MORPH + m);
        english.forEach(normalized, w -> sink.accept(WORD + w));
    }
}
