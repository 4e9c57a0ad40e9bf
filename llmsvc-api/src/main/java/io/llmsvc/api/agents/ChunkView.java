package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One chunk for display: its text and where it sits in the document. */
public record ChunkView(
        @JsonProperty("document_id") String documentId,
        @JsonProperty("chunk_id") String chunkId,
        String title,
        String source,
        Integer page,
        String section,
        String text,
        int start,
        int end) {}
