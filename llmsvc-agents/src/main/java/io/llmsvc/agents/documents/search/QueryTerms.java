package io.llmsvc.agents.documents.search;

import io.llmsvc.agents.documents.index.TextAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The content terms of a text in both analyses, prefixed {@code ko:} / {@code en:} as {@link TextAnalysis} writes
 * them, minus question words: "what", "how", "어떻게", "무엇" … say what kind of answer is wanted, not what it is about,
 * and would otherwise count as missing from every passage.
 */
final class QueryTerms {
    private static final Set<String> QUESTION_WORDS = Set.of(
            "en:what", "en:how", "en:when", "en:where", "en:which", "en:who", "en:whom", "en:whose", "en:why", "en:do",
            "en:doe", "en:did", "en:can", "en:could", "en:should", "en:would", "en:i", "en:me", "en:my", "en:we", "en:our",
            "en:you", "en:your", "en:there", "en:ani", "en:much", "en:mani", "en:tell", "en:need", "en:get", "en:happen",
            "ko:무엇", "ko:뭐", "ko:어떻", "ko:어떤", "ko:언제", "ko:어디", "ko:누구", "ko:왜", "ko:어느", "ko:몇", "ko:있",
            "ko:하", "ko:되", "ko:수", "ko:것", "ko:알", "ko:주", "ko:나", "ko:저", "ko:우리", "ko:얼마", "ko:얼마나", "ko:경우");

    /** Distinct content terms in first-seen order: Korean analysis first, then English. */
    static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        for (String t : TextAnalysis.queryTerms(text)) if (!QUESTION_WORDS.contains(t)) out.add(t);
        return out;
    }

    private QueryTerms() {}
}
