package io.llmsvc.agents.documents.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into sentences for chunking, in English and Korean: a sentence ends after {@code . ! ? …} and their
 * full-width forms when whitespace (or the end) follows, after a Korean sentence ending such as {@code 다.} or
 * {@code 요.} even without a following space, and at every line break. Decimal points ({@code 3.5}) do not end a
 * sentence. Ranges are trimmed of whitespace and never empty.
 */
final class Sentences {

    /** Sentence ranges {@code [start, end)} of {@code text} within {@code [from, to)}. */
    static List<int[]> split(CharSequence text, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int start = from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int end = -1;
            if (c == '\n') {
                end = i;
            } else if (isTerminal(c)) {
                int j = i + 1;
                while (j < to && isTerminal(text.charAt(j))) j++;
                while (j < to && isCloser(text.charAt(j))) j++;
                boolean spaceAfter = j >= to || Character.isWhitespace(text.charAt(j));
                boolean koreanEnding = c == '.' && i > from && TokenEstimator.isHangul(text.charAt(i - 1))
                        && j < to && !Character.isDigit(text.charAt(j));
                boolean bang = (c == '?' || c == '!' || c == '？' || c == '！' || c == '。') && j < to
                        && TokenEstimator.isHangul(text.charAt(j));
                if (spaceAfter || koreanEnding || bang) {
                    end = j;
                    i = j - 1;
                }
            }
            if (end >= 0) {
                add(text, start, end, out);
                start = end;
            }
        }
        add(text, start, to, out);
        return out;
    }

    private static void add(CharSequence text, int s, int e, List<int[]> out) {
        while (s < e && Character.isWhitespace(text.charAt(s))) s++;
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) e--;
        if (e > s) out.add(new int[] {s, e});
    }

    private static boolean isTerminal(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…' || c == '。' || c == '！' || c == '？';
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’' || c == '」' || c == '』';
    }

    private Sentences() {}
}
