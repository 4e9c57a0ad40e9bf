package io.llmsvc.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.api.worker.Usage;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A non-streamed chat completion ({@code object: chat.completion}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
                             @JsonProperty("system_fingerprint") String systemFingerprint) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Choice(int index, AssistantMessage message, @JsonProperty("finish_reason") String finishReason,
                         Object logprobs) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssistantMessage(String role, String content, @JsonProperty("tool_calls") JsonNode toolCalls,
                                   @JsonInclude(JsonInclude.Include.ALWAYS) Object refusal) {}
}
