package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.api.Secret;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A validated generation task for a worker. Exactly one of {@code messages} (chat) and {@code prompt} (raw
 * completion) is set. Sampling values are already range-checked by the gateway.
 *
 * @param requestId      id used in logs and for cancellation
 * @param model          model id as listed by {@code /v1/models}
 * @param messages       chat messages; the worker applies the model's chat template
 * @param prompt         raw prompt for {@code /v1/completions}
 * @param maxTokens      upper bound on generated tokens; null means "until the context is full"
 * @param temperature    0 means greedy
 * @param topP           nucleus sampling
 * @param seed           sampling seed, null for a random one
 * @param stop           caller stop strings (the template's own stop tokens are added by the worker)
 * @param responseFormat null, or {@code json_object} / {@code json_schema} constraint
 * @param tools          OpenAI tools, forwarded only to engines that support them
 * @param toolChoice     OpenAI tool_choice, forwarded with tools
 * @param providerKey    caller-supplied key for upstream providers; never serialised to logs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationRequest(
        String requestId,
        String model,
        List<ChatMessage> messages,
        String prompt,
        @JsonProperty("max_tokens") Integer maxTokens,
        Float temperature,
        @JsonProperty("top_p") Float topP,
        Integer seed,
        List<String> stop,
        @JsonProperty("response_format") ResponseFormat responseFormat,
        JsonNode tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("provider_key") Secret providerKey) {

    public boolean isChat() { return messages != null; }

    /** A copy with another request id (a retry on another worker keeps everything else). */
    public GenerationRequest withRequestId(String id) {
        return new GenerationRequest(id, model, messages, prompt, maxTokens, temperature, topP, seed, stop,
                responseFormat, tools, toolChoice, providerKey);
    }
}
