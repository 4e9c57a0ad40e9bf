package io.llmsvc.agents.router.features;

import java.util.function.Consumer;

/**
 * Character n-grams of a normalized text, padded with one space at each end so that word starts and ends are
 * n-grams of their own ({@code " 연차"}, {@code "규정 "}). On Korean they see through the particles and endings
 * glued to words ({@code 연차를}, {@code 연차는}) and survive many typos; on English they catch shared stems.
 */
public final class CharNgrams {
    private final int min;
    private final int max;

    public CharNgrams(int min, int max) {
        if (min < 1 || max < min) throw new IllegalArgumentException("n-gram sizes " + min + ".." + max);
        this.min = min;
        this.max = max;
    }

    /** Calls {@code sink} with every n-gram of {@code normalized} ({@link TextNormalizer} output), repeats included. */
    public void forEach(String normalized, Consumer<String> sink) {
        if (normalized.isEmpty()) return;
        String s = " " + normalized + " ";
        int[] cps = s.codePoints().toArray();
        for (int n = min; n <= max; n++) {
            for (int i = 0; i + n <= cps.length; i++) {
                sink.accept(new String(cps, i, n));
            }
        }
    }
}
