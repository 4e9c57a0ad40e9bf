package io.llmsvc.agents.router.features;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normal form every lexical feature starts from: Unicode NFKC (full-width letters, compatibility jamo and
 * ligatures folded), lower case, every run of characters that is neither a letter nor a digit replaced by a single
 * space, trimmed. Punctuation and emoji carry little about intent and vary a lot between writers.
 */
public final class TextNormalizer {

    public static String normalize(String text) {
        if (text == null) return "";
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        boolean space = true; // drops leading separators
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                out.appendCodePoint(cp);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        int n = out.length();
        if (n > 0 && out.charAt(n - 1) == ' ') out.setLength(n - 1);
        return out.toString();
    }

    /** True when the text contains a Hangul syllable or jamo. */
    public static boolean hasHangul(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isHangul(text.charAt(i))) return true;
        }
        return false;
    }

    static boolean isHangul(char c) {
        return (c >= '\uAC00' && c <= '\uD7A3') || (c >= '\u1100' && c <= '\u11FF') || (c >= '\u3130' && c <= '\u318F');
    }

    private TextNormalizer() {}
}
