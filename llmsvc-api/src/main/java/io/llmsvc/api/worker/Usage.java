package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token usage of one request, counted with the model's own tokenizer. */
public record Usage(
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens) {

    @JsonProperty("total_tokens")
    public int totalTokens() { return promptTokens + completionTokens; }
}
