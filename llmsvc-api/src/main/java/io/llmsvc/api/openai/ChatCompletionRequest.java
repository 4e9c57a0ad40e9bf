package io.llmsvc.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/chat/completions}, with every field OpenAI documents so that a field we do not
 * support is rejected by name (400) instead of being ignored silently. Unknown fields fail parsing.
 */
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        Integer n,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        JsonNode stop,
        Long seed,
        @JsonProperty("response_format") JsonNode responseFormat,
        JsonNode tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        String user,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("logit_bias") Map<String, Object> logitBias,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        Boolean store,
        Map<String, Object> metadata,
        @JsonProperty("service_tier") String serviceTier,
        JsonNode modalities,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        JsonNode prediction,
        JsonNode audio,
        JsonNode functions,
        @JsonProperty("function_call") JsonNode functionCall,
        @JsonProperty("web_search_options") JsonNode webSearchOptions,
        String verbosity,
        @JsonProperty("prompt_cache_key") String promptCacheKey,
        @JsonProperty("safety_identifier") String safetyIdentifier) {

    /** One chat message; {@code content} is a string or an array of content parts. */
    public record Message(
            String role,
            JsonNode content,
            String name,
            @JsonProperty("tool_calls") JsonNode toolCalls,
            @JsonProperty("tool_call_id") String toolCallId,
            JsonNode refusal,
            JsonNode audio,
            @JsonProperty("function_call") JsonNode functionCall) {}

    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage,
                                @JsonProperty("include_obfuscation") Boolean includeObfuscation) {}
}
