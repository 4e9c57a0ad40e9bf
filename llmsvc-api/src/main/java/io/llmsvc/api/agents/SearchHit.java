package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One passage found.
 *
 * @param source the uploaded file name or URL
 * @param page   1-based page (PDF) or slide (PPTX); null where the format has none
 * @param start  character offset of the passage in the document's extracted text
 */
public record SearchHit(
        @JsonProperty("document_id") String documentId,
        @JsonProperty("chunk_id") String chunkId,
        String title,
        String source,
        Integer page,
        String section,
        String text,
        double score,
        int start,
        int end) {}
