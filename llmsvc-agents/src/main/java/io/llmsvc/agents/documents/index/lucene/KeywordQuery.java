package io.llmsvc.agents.documents.index.lucene;

import io.llmsvc.agents.documents.index.TextAnalysis;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Builds the BM25 query from a user's text without any query syntax: the text goes through the same two analyzers
 * as the index, and each resulting term becomes a {@link TermQuery}, so quotes, colons, brackets or a lone
 * {@code AND} are just characters. Per analysis the terms are OR-ed; the Korean and English views of the body are
 * combined by dis-max (the better view wins, the other adds a little — English text matches in both, and must not
 * count twice), and the title/section line adds a smaller dis-max of its own.
 */
final class KeywordQuery {
    static final int MAX_TERMS = 200;
    static final float META_BOOST = 0.3f;
    static final float TIE_BREAKER = 0.1f;

    /** The query, or null when the text has no searchable term (only punctuation or stop words). */
    static Query build(String text) {
        String q = TextAnalysis.clip(text);
        Set<String> ko = distinct(TextAnalysis.tokens(TextAnalysis.korean(), q));
        Set<String> en = distinct(TextAnalysis.tokens(TextAnalysis.english(), q));
        if (ko.isEmpty() && en.isEmpty()) return null;
        Query body = new DisjunctionMaxQuery(List.of(terms(ChunkFields.TEXT_KO, ko), terms(ChunkFields.TEXT_EN, en)), TIE_BREAKER);
        Query meta = new DisjunctionMaxQuery(List.of(terms(ChunkFields.META_KO, ko), terms(ChunkFields.META_EN, en)), TIE_BREAKER);
        return new BooleanQuery.Builder()
                .add(body, BooleanClause.Occur.SHOULD)
                .add(new BoostQuery(meta, META_BOOST), BooleanClause.Occur.SHOULD)
                .build();
    }

    private static Query terms(String field, Set<String> terms) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String t : terms) b.add(new TermQuery(new Term(field, t)), BooleanClause.Occur.SHOULD);
        return b.build();
    }

    private static Set<String> distinct(List<String> tokens) {
        Set<String> s = new LinkedHashSet<>();
        for (String t : tokens) {
            if (s.size() >= MAX_TERMS) break;
            s.add(t);
        }
        return s;
    }

    private KeywordQuery() {}
}
