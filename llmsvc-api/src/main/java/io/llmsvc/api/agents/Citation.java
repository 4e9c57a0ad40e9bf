package io.llmsvc.api.agents;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A numbered source of an answer: {@code [n]} in the answer text refers to {@code number}. */
public record Citation(
        int number,
        @JsonProperty("document_id") String documentId,
        @JsonProperty("chunk_id") String chunkId,
        String title,
        String source,
        Integer page,
        String text) {}
