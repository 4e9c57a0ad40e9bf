package io.llmsvc.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /v1/embeddings}; {@code input} is a string or an array of strings. */
public record EmbeddingsRequest(
        String model,
        JsonNode input,
        @JsonProperty("encoding_format") String encodingFormat,
        Integer dimensions,
        String user) {}
