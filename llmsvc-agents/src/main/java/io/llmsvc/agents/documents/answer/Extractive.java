package io.llmsvc.agents.documents.answer;

import io.llmsvc.agents.documents.index.TextAnalysis;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.Citation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The answer without a model: the sentences of the passages that cover most of the question's terms (Nori morphemes
 * and English stems), up to three, at most two from one passage, quoted in document order with their passage number.
 * When no sentence shares a term with the question (a match by meaning only), the opening of the best passage.
 */
final class Extractive {
    static final int MAX_SENTENCES = 3;
    static final int MAX_PER_PASSAGE = 2;
    static final int MAX_SENTENCE_CHARS = 400;

    private record Sentence(int passage, int position, String text, double score) {}

    /** @param reason why no model answers ({@code AnswerResponse.NO_MODEL}, ...) */
    static AnswerResponse answer(String question, List<Passage> passages, String reason) {
        Set<String> terms = TextAnalysis.queryTerms(question);
        List<Sentence> all = new ArrayList<>();
        for (int p = 0; p < passages.size(); p++) {
            List<String> sentences = sentences(passages.get(p).chunk().text());
            for (int s = 0; s < sentences.size(); s++) {
                Set<String> words = new HashSet<>(TextAnalysis.passageTerms(sentences.get(s)));
                long shared = terms.stream().filter(words::contains).count();
                if (shared == 0) continue;
                double score = (double) shared / terms.size() + 0.3 * passages.get(p).relevance();
                all.add(new Sentence(p, s, sentences.get(s), score));
            }
        }
        all.sort(Comparator.comparingDouble(Sentence::score).reversed());
        List<Sentence> chosen = new ArrayList<>();
        int[] perPassage = new int[passages.size()];
        for (Sentence s : all) {
            if (chosen.size() == MAX_SENTENCES) break;
            if (perPassage[s.passage()] == MAX_PER_PASSAGE) continue;
            perPassage[s.passage()]++;
            chosen.add(s);
        }
        if (chosen.isEmpty()) {
            List<String> opening = sentences(passages.getFirst().chunk().text());
            for (int s = 0; s < Math.min(2, opening.size()); s++) chosen.add(new Sentence(0, s, opening.get(s), 0));
        }
        chosen.sort(Comparator.comparingInt(Sentence::passage).thenComparingInt(Sentence::position));
        StringBuilder text = new StringBuilder();
        TreeMap<Integer, Citation> citations = new TreeMap<>();
        for (Sentence s : chosen) {
            if (!text.isEmpty()) text.append(' ');
            text.append(s.text()).append(" [").append(s.passage() + 1).append(']');
            citations.computeIfAbsent(s.passage() + 1, n -> GroundedAnswers.citation(n, passages.get(s.passage())));
        }
        return new AnswerResponse(text.toString(), List.copyOf(citations.values()), "extractive", null, true, reason);
    }

    /** Sentences split after . ! ? (and their full-width forms) followed by space, and at line breaks. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R+")) {
            for (String s : line.split("(?<=[.!?。？！])\\s+")) {
                String t = s.strip();
                if (t.isEmpty()) continue;
                out.add(t.length() > MAX_SENTENCE_CHARS ? t.substring(0, MAX_SENTENCE_CHARS) + "…" : t);
            }
        }
        return out;
    }

    private Extractive() {}
}
