package io.llmsvc.agents.documents.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The two analyses every chunk and query gets, shared by the index (BM25) and the reranker (term coverage):
 * <ul>
 *   <li><b>Korean</b>: Nori morphemes ({@link KoreanAnalyzer}; compounds and inflected forms are split and only
 *       their parts kept — {@code DISCARD} — particles, endings and copulas dropped by part-of-speech, Hanja read
 *       as Hangul). Latin-script words are dropped here (tag SL): the English analysis covers them, and a word must
 *       not count twice. {@code 한국어 형태소 분석기로} → {@code 한국, 어, 형태, 소, 분석, 기}.</li>
 *   <li><b>English</b>: standard tokens, possessives removed, lower-cased, English stop words removed,
 *       Porter-stemmed; tokens with Hangul are dropped (the Korean analysis has them as morphemes).
 *       {@code Refunds were processed} → {@code refund, process}.</li>
 * </ul>
 * Analyzers are thread-safe (they keep per-thread token streams).
 */
public final class TextAnalysis {
    /** Longest text analysed for a query; the rest is ignored (queries are questions, not documents). */
    public static final int MAX_QUERY_CHARS = 2_000;

    private static final Analyzer KOREAN = new KoreanAnalyzer(null, KoreanTokenizer.DecompoundMode.DISCARD, koreanStopTags(), false);
    private static final Analyzer ENGLISH = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream ts = new EnglishPossessiveFilter(source);
            ts = new LowerCaseFilter(ts);
            ts = new StopFilter(ts, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            ts = new WithoutHangul(ts);
            ts = new PorterStemFilter(ts);
            return new TokenStreamComponents(source, ts);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) { return new LowerCaseFilter(in); }
    };

    /** Drops tokens that contain Hangul: Korean words are the Korean analysis's job. */
    private static final class WithoutHangul extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        WithoutHangul(TokenStream in) { super(in); }

        @Override
        protected boolean accept() {
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                if ((c >= '\uAC00' && c <= '\uD7A3') || (c >= '\u1100' && c <= '\u11FF') || (c >= '\u3130' && c <= '\u318F')) return false;
            }
            return true;
        }
    }

    public static Analyzer korean() { return KOREAN; }

    /**
     * Nori's default stop tags (particles, endings, affixes, interjections, symbols …) plus the copulas (이다,
     * 아니다), and foreign words (SL): Latin-script words are the English analysis's job.
     */
    private static Set<POS.Tag> koreanStopTags() {
        Set<POS.Tag> tags = EnumSet.copyOf(KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS);
        tags.addAll(List.of(POS.Tag.SL, POS.Tag.VCP, POS.Tag.VCN));
        return tags;
    }

    public static Analyzer english() { return ENGLISH; }

    /** Tokens in order (with repeats) as {@code analyzer} indexes them. */
    public static List<String> tokens(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a String reader
        }
        return out;
    }

    /** Distinct query terms of both analyses, prefixed {@code ko:} / {@code en:} so that the two never collide. */
    public static Set<String> queryTerms(String query) {
        String q = clip(query);
        Set<String> terms = new LinkedHashSet<>();
        for (String t : tokens(KOREAN, q)) terms.add("ko:" + t);
        for (String t : tokens(ENGLISH, q)) terms.add("en:" + t);
        return terms;
    }

    /** The same prefixed terms, in order with repeats, for a passage. */
    public static List<String> passageTerms(String text) {
        List<String> terms = new ArrayList<>();
        for (String t : tokens(KOREAN, text)) terms.add("ko:" + t);
        for (String t : tokens(ENGLISH, text)) terms.add("en:" + t);
        return terms;
    }

    public static String clip(String query) {
        if (query == null) return "";
        return query.length() > MAX_QUERY_CHARS ? query.substring(0, MAX_QUERY_CHARS) : query;
    }

    private TextAnalysis() {}
}
