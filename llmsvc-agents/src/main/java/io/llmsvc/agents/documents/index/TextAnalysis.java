package io.llmsvc.agents.documents.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
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
 *   <li><b>Korean</b>: Nori morphemes ({@link KoreanAnalyzer}, compounds kept whole and split —
 *       {@code MIXED} — particles and endings dropped by the default part-of-speech stop tags, Hanja read as
 *       Hangul). Latin-script words are dropped here (tag SL): the English analysis covers them, and a word must
 *       not count twice. {@code 형태소 분석기로} → {@code 형태소, 형태, 소, 분석, 기}.</li>
 *   <li><b>English</b>: standard tokens, lower-cased, English stop words removed, Porter-stemmed
 *       ({@link EnglishAnalyzer}). {@code Refunds were processed} → {@code refund, process}.</li>
 * </ul>
 * Analyzers are thread-safe (they keep per-thread token streams).
 */
public final class TextAnalysis {
    /** Longest text analysed for a query; the rest is ignored (queries are questions, not documents). */
    public static final int MAX_QUERY_CHARS = 2_000;

    private static final Analyzer KOREAN = new KoreanAnalyzer(null, KoreanTokenizer.DecompoundMode.MIXED, koreanStopTags(), false);
    private static final Analyzer ENGLISH = new EnglishAnalyzer();

    public static Analyzer korean() { return KOREAN; }

    /** Nori's default stop tags plus foreign words (SL): Latin-script words are the English analysis's job. */
    private static Set<POS.Tag> koreanStopTags() {
        Set<POS.Tag> tags = EnumSet.copyOf(KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS);
        tags.add(POS.Tag.SL);
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
