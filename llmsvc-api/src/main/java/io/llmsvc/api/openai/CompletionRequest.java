package io.llmsvc.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The body of the legacy {@code POST /v1/completions}: a raw prompt, no chat template. */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        @JsonProperty("max_tokens") Integer maxTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        Integer n,
        Boolean stream,
        @JsonProperty("stream_options") ChatCompletionRequest.StreamOptions streamOptions,
        JsonNode stop,
        Long seed,
        String suffix,
        Boolean echo,
        @JsonProperty("best_of") Integer bestOf,
        Integer logprobs,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("logit_bias") Map<String, Object> logitBias,
        String user,
        @JsonProperty("response_format") JsonNode responseFormat) {}
