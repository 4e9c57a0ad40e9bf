package io.llmsvc.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code object: list} of embeddings; {@code embedding} is a float array or a base64 string. */
public record EmbeddingsResponse(String object, List<Item> data, String model, Usage usage) {

    public record Item(String object, int index, Object embedding) {}

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {}
}
