package io.llmsvc.agents.router.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Korean content morphemes from Lucene's Nori analyzer: the tokenizer splits eojeol into morphemes (compounds are
 * kept whole and also split, {@code MIXED}), the part-of-speech stop filter drops particles, endings, punctuation
 * and other function morphemes, Hanja are read as Hangul. {@code "연차 규정을 찾아줘"} gives
 * {@code [연차, 규정, 찾, 주]}. Only tokens that contain Hangul are kept: Latin words are
 * {@link EnglishTerms}' job. Thread-safe (Lucene reuses one token stream per thread).
 */
public final class KoreanMorphemes {
    private final Analyzer analyzer = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            Tokenizer tokenizer = new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, null,
                    KoreanTokenizer.DecompoundMode.MIXED, false, true);
            TokenStream s = new KoreanPartOfSpeechStopFilter(tokenizer, KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS);
            s = new KoreanReadingFormFilter(s);
            s = new LowerCaseFilter(s);
            return new TokenStreamComponents(tokenizer, s);
        }
    };

    /** The content morphemes of {@code text}, in order, repeats included; empty when it has no Hangul. */
    public List<String> morphemes(String text) {
        List<String> out = new ArrayList<>();
        if (!TextNormalizer.hasHangul(text)) return out;
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String t = term.toString();
                if (TextNormalizer.hasHangul(t)) out.add(t);
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return out;
    }
}
