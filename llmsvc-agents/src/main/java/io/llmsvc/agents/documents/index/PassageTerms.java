package io.llmsvc.agents.documents.index;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * A chunk as the analyses see it, for the reranker: the terms of its text by position, per analysis (an index holds
 * the term at that position, or null where a stop word was removed), and the terms of its title/section line. Terms
 * carry the {@code ko:} / {@code en:} prefix of {@link TextAnalysis#queryTerms}. The Lucene index reads them back
 * from term vectors instead of analysing the text again.
 */
public record PassageTerms(String[] korean, String[] english, List<String> meta) {

    /** Analyses a chunk's text and title/section line now (for an index that keeps no term vectors). */
    public static PassageTerms analyse(String text, String meta) {
        List<String> m = new ArrayList<>();
        for (String t : TextAnalysis.tokens(TextAnalysis.korean(), meta)) m.add("ko:" + t);
        for (String t : TextAnalysis.tokens(TextAnalysis.english(), meta)) m.add("en:" + t);
        return new PassageTerms(positions(TextAnalysis.korean(), text, "ko:"), positions(TextAnalysis.english(), text, "en:"), m);
    }

    private static String[] positions(Analyzer analyzer, String text, String prefix) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) return new String[0];
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            int pos = -1;
            while (ts.incrementToken()) {
                pos += inc.getPositionIncrement();
                while (out.size() < pos) out.add(null);
                if (out.size() == pos) out.add(prefix + term);
            }
            ts.end();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toArray(String[]::new);
    }
}
