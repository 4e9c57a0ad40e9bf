package io.llmsvc.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.api.worker.Usage;
import java.util.List;

/** A legacy text completion ({@code object: text_completion}), streamed or not. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Completion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public record Choice(String text, int index,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                         @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("finish_reason") String finishReason) {}
}
