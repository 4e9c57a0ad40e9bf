package io.llmsvc.agents.router.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * English word unigrams and bigrams: Lucene's standard tokenizer, lower case, possessives removed, Porter stems
 * ({@code policies} and {@code policy} meet). Stop words are kept on purpose: "how many", "what does" and
 * "write a" say a lot about intent. Only words of Latin letters and digits are kept (Korean is
 * {@link KoreanMorphemes}' job). Bigrams are written {@code "how_mani"}. Thread-safe.
 */
public final class EnglishTerms {
    private final Analyzer analyzer = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            Tokenizer tokenizer = new StandardTokenizer();
            TokenStream s = new LowerCaseFilter(tokenizer);
            s = new EnglishPossessiveFilter(s);
            s = new PorterStemFilter(s);
            return new TokenStreamComponents(tokenizer, s);
        }
    };

    /** The stemmed words of {@code text} in order. */
    public List<String> words(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (isLatinWord(term)) out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return out;
    }

    /** Calls {@code sink} with every unigram and bigram of {@code text}. */
    public void forEach(String text, Consumer<String> sink) {
        grams(words(text), sink);
    }

    /** Calls {@code sink} with every unigram and bigram of {@code w}. */
    public static void grams(List<String> w, Consumer<String> sink) {
        for (int i = 0; i < w.size(); i++) {
            sink.accept(w.get(i));
            if (i + 1 < w.size()) sink.accept(w.get(i) + "_" + w.get(i + 1));
        }
    }

    private static boolean isLatinWord(CharTermAttribute t) {
        boolean letter = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= 'a' && c <= 'z') letter = true;
            else if (!(c >= '0' && c <= '9') && c != '.' && c != '\'') return false;
        }
        return letter;
    }
}
