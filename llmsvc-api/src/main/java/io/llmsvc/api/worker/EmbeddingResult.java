package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One vector per input, in input order, and the tokens the inputs took. */
public record EmbeddingResult(List<float[]> vectors, @JsonProperty("prompt_tokens") int promptTokens) {}
