package io.llmsvc.agents.documents.index.lucene;

import io.llmsvc.agents.embedding.EmbeddingProperties;
import java.io.IOException;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's default codec with one change: vectors of up to {@link EmbeddingProperties#MAX_DIMENSIONS} dimensions
 * instead of 1024, so that 1536- or 3072-dimensional upstream models fit. The format keeps the standard HNSW name, so
 * the index is read back by the stock codec (the limit is only checked when writing).
 */
final class ChunkCodec extends FilterCodec {

    ChunkCodec() {
        super(new Lucene104Codec().getName(), new Lucene104Codec() {
            private final KnnVectorsFormat format = new WideHnswFormat();

            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) { return format; }
        });
    }

    private static final class WideHnswFormat extends KnnVectorsFormat {
        private final KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat();

        WideHnswFormat() { super(new Lucene99HnswVectorsFormat().getName()); }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException { return hnsw.fieldsWriter(state); }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException { return hnsw.fieldsReader(state); }

        @Override
        public int getMaxDimensions(String fieldName) { return EmbeddingProperties.MAX_DIMENSIONS; }
    }
}
