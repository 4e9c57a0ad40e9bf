package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token count of a text, and the context window of the model that counted it. */
public record TokenizeResult(int tokens, @JsonProperty("context_length") int contextLength) {}
