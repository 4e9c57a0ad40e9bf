package io.llmsvc.agents.documents.chunk;

/**
 * A cheap token estimate, close enough to size chunks for sentence-embedding models and LLM prompts without running
 * a tokenizer: a Latin (or other alphabetic) word or number is one token plus one per further 8 characters (long
 * words split into several subword tokens); a Hangul run costs one token per 1.5 syllables (2 per 3); a CJK
 * ideograph, kana, or any other symbol or punctuation mark is one token; whitespace is free. The estimate is
 * additive over whitespace-separated pieces, so a chunk's estimate is the sum of its sentences'.
 */
public final class TokenEstimator {

    public static int estimate(CharSequence s) {
        return estimate(s, 0, s.length());
    }

    public static int estimate(CharSequence s, int from, int to) {
        double tokens = 0;
        int i = from;
        while (i < to) {
            int cp = Character.codePointAt(s, i);
            int len = Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += len;
            } else if (isHangul(cp)) {
                int syllables = 0;
                while (i < to && isHangul(Character.codePointAt(s, i))) {
                    syllables++;
                    i += Character.charCount(Character.codePointAt(s, i));
                }
                tokens += Math.ceil(syllables / 1.5);
            } else if (Character.isLetterOrDigit(cp) && !isIdeographic(cp)) {
                int chars = 0;
                while (i < to) {
                    int c = Character.codePointAt(s, i);
                    if (!Character.isLetterOrDigit(c) || isHangul(c) || isIdeographic(c)) break;
                    chars++;
                    i += Character.charCount(c);
                }
                tokens += 1 + (chars - 1) / 8;
            } else {
                tokens += 1;
                i += len;
            }
        }
        return (int) Math.ceil(tokens);
    }

    static boolean isHangul(int cp) {
        return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F);
    }

    private static boolean isIdeographic(int cp) {
        return Character.isIdeographic(cp) || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.KATAKANA;
    }

    private TokenEstimator() {}
}
