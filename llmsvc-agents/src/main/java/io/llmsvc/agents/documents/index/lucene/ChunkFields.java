package io.llmsvc.agents.documents.index.lucene;

import io.llmsvc.agents.documents.Chunk;
import io.llmsvc.agents.documents.index.TextAnalysis;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How a chunk is laid out in a Lucene document. Chunk text and the title/section line are each indexed twice,
 * once per analysis ({@link TextAnalysis}); every field needed to rebuild the {@link Chunk} is stored.
 */
final class ChunkFields {
    static final String CHUNK_ID = "chunk_id";
    static final String DOCUMENT_ID = "document_id";
    static final String GENERATION = "generation";
    static final String TEXT_KO = "text_ko";
    static final String TEXT_EN = "text_en";
    static final String META_KO = "meta_ko";
    static final String META_EN = "meta_en";
    static final String VECTOR = "vector";
    private static final String ORDINAL = "ordinal";
    private static final String TEXT = "text";
    private static final String TITLE = "title";
    private static final String SOURCE = "source";
    private static final String PAGE = "page";
    private static final String SECTION = "section";
    private static final String START = "start";
    private static final String END = "end";
    private static final String TOKENS = "tokens";

    /**
     * Analysed text that also keeps term vectors with positions: the reranker reads a chunk's terms back from them
     * (microseconds) instead of running Nori over its text again (about half a millisecond per chunk).
     */
    private static final FieldType ANALYSED_WITH_POSITIONS = analysedWithPositions();

    private static FieldType analysedWithPositions() {
        FieldType t = new FieldType(TextField.TYPE_NOT_STORED);
        t.setStoreTermVectors(true);
        t.setStoreTermVectorPositions(true);
        t.freeze();
        return t;
    }

    /** Korean analysis on the {@code *_ko} fields, English on the rest. */
    static Analyzer analyzer() {
        return new PerFieldAnalyzerWrapper(TextAnalysis.english(), Map.of(TEXT_KO, TextAnalysis.korean(), META_KO, TextAnalysis.korean()));
    }

    /** @param vector null for a keyword-only index; @param generation null unless the Chroma adapter tags versions */
    static Document toDocument(Chunk c, float[] vector, String generation) {
        Document d = new Document();
        d.add(new StringField(CHUNK_ID, c.chunkId(), Field.Store.YES));
        d.add(new StringField(DOCUMENT_ID, c.documentId(), Field.Store.YES));
        if (generation != null) d.add(new StringField(GENERATION, generation, Field.Store.YES));
        d.add(new StoredField(ORDINAL, c.ordinal()));
        d.add(new StoredField(TEXT, c.text()));
        if (c.title() != null) d.add(new StoredField(TITLE, c.title()));
        if (c.source() != null) d.add(new StoredField(SOURCE, c.source()));
        if (c.page() != null) d.add(new StoredField(PAGE, c.page()));
        if (c.section() != null) d.add(new StoredField(SECTION, c.section()));
        d.add(new StoredField(START, c.start()));
        d.add(new StoredField(END, c.end()));
        d.add(new StoredField(TOKENS, c.tokens()));
        d.add(new Field(TEXT_KO, c.text(), ANALYSED_WITH_POSITIONS));
        d.add(new Field(TEXT_EN, c.text(), ANALYSED_WITH_POSITIONS));
        String meta = meta(c);
        if (!meta.isEmpty()) {
            d.add(new Field(META_KO, meta, ANALYSED_WITH_POSITIONS));
            d.add(new Field(META_EN, meta, ANALYSED_WITH_POSITIONS));
        }
        if (vector != null) d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    static Chunk toChunk(Document d) {
        return new Chunk(d.get(CHUNK_ID), d.get(DOCUMENT_ID), intOf(d, ORDINAL, 0), d.get(TEXT), d.get(TITLE), d.get(SOURCE),
                d.getField(PAGE) == null ? null : intOf(d, PAGE, 0), d.get(SECTION), intOf(d, START, 0), intOf(d, END, 0),
                intOf(d, TOKENS, 0));
    }

    static String generation(Document d) { return d.get(GENERATION); }

    private static String meta(Chunk c) {
        StringBuilder b = new StringBuilder();
        if (c.title() != null && !c.title().isBlank()) b.append(c.title());
        if (c.section() != null && !c.section().isBlank()) b.append(b.isEmpty() ? "" : "\n").append(c.section());
        return b.toString();
    }

    private static int intOf(Document d, String name, int otherwise) {
        var f = d.getField(name);
        return f == null || f.numericValue() == null ? otherwise : f.numericValue().intValue();
    }

    private ChunkFields() {}
}
